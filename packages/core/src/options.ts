/**
 * Options of Inpainter.create and inpaint(), their defaults and their validation.
 */
import { invalidParameterError } from './errors.js';
import type { Strategy } from './plan.js';
import { STRATEGIES } from './plan.js';

export interface InpaintOptions {
  /** How to cover the holes: see planWindows. Default 'auto'. */
  strategy?: Strategy;
  /**
   * Working resolution: a window's longer side is scaled down to at most this many pixels
   * before inference. Default 512 (twice the 256-pixel training crops).
   */
  maxSide?: number;
  /** Seam feathering radius in pixels (0 = off): see FeatherPlugin. Default 0. */
  feather?: number;
  /** Context margin around a hole region, as a fraction of its longer side. Default 0.5. */
  context?: number;
  /** Smallest context margin, pixels. Default 32. */
  minContext?: number;
  /** Most windows per network run. Default 4. */
  maxBatch?: number;
  /**
   * 'texture': after the network's smooth fill, give the hole the photo's own detail at full
   * resolution (the detail stage). 'smooth': the network's fill alone. Default 'texture'.
   */
  detail?: Detail;
}

export type Detail = 'texture' | 'smooth';
export const DETAILS: readonly Detail[] = ['texture', 'smooth'];

export type ResolvedInpaintOptions = Required<InpaintOptions>;

export const DEFAULT_OPTIONS: ResolvedInpaintOptions = Object.freeze({
  strategy: 'auto',
  maxSide: 512,
  feather: 0,
  context: 0.5,
  minContext: 32,
  maxBatch: 4,
  detail: 'texture',
});

function checkNumber(name: string, v: unknown, lo: number, hi: number, integer: boolean): void {
  if (typeof v !== 'number' || !(v >= lo && v <= hi) || (integer && !Number.isInteger(v))) {
    throw invalidParameterError(name, `${integer ? 'an integer' : 'a number'} between ${lo} and ${hi}`, v);
  }
}

/**
 * Merge options over defaults and validate them. @throws {InvalidParameterError}
 * @example
 * const opts = resolveOptions(DEFAULT_OPTIONS, { feather: 4 }); // throws InvalidParameterError for bad values
 */
export function resolveOptions(base: ResolvedInpaintOptions, o: InpaintOptions = {}): ResolvedInpaintOptions {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw invalidParameterError('options', 'an object', o);
  const r: ResolvedInpaintOptions = { ...base };
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined) (r as Record<string, unknown>)[k] = v;
  }
  if (!STRATEGIES.includes(r.strategy)) throw invalidParameterError('strategy', `one of ${STRATEGIES.join(', ')}`, r.strategy);
  if (!DETAILS.includes(r.detail)) throw invalidParameterError('detail', `one of ${DETAILS.join(', ')}`, r.detail);
  checkNumber('maxSide', r.maxSide, 16, 8192, true);
  checkNumber('feather', r.feather, 0, 256, false);
  checkNumber('context', r.context, 0, 8, false);
  checkNumber('minContext', r.minContext, 0, 4096, true);
  checkNumber('maxBatch', r.maxBatch, 1, 64, true);
  return r;
}
