/**
 * The options of `.inpaint()` and `inpaintSharp()`: declared once, in core's option schema,
 * checked once at the call, and the part of them that core's in-painting takes.
 */
import type { InpaintOptions, OptionsOf } from '@inpaint/core';
import { INPAINT_OPTION_SCHEMA, MASK_OPTION_SCHEMA, MODEL_OPTION_SCHEMA, checkOptions as checkAgainstSchema, invalidParameterError } from '@inpaint/core';
import type { SharpInpaintReport } from './inpaint-decoded.js';

/**
 * The options of `.inpaint()`: declared once, in core's option schema. Besides core's own
 * and the mask's: `fillAlpha`; `model` (in-paint with this ONNX file instead of the registered
 * backend: ours, LaMa or MI-GAN exports, one session per file, kept) and `modelFormat`.
 */
export const SHARP_OPTION_SCHEMA = {
  ...INPAINT_OPTION_SCHEMA,
  ...MASK_OPTION_SCHEMA,
  model: MODEL_OPTION_SCHEMA.model,
  modelFormat: MODEL_OPTION_SCHEMA.modelFormat,
};

export interface SharpInpaintOptions extends OptionsOf<typeof SHARP_OPTION_SCHEMA> {
  /** Called with what was done (core's report per frame, summed) and any warnings, before the output is produced. */
  onReport?: (report: SharpInpaintReport) => void;
}

/**
 * The options checked against SHARP_OPTION_SCHEMA (and `onReport`, a function): an unknown
 * key or a value out of its range throws InvalidParameterError naming it.
 * @example
 * checkOptions({ dilate: -1 }); // throws InvalidParameterError
 */
export function checkOptions(o: unknown): SharpInpaintOptions {
  const r: SharpInpaintOptions = checkAgainstSchema(SHARP_OPTION_SCHEMA, o, { extraKeys: ['onReport'] });
  if (r.onReport !== undefined && typeof r.onReport !== 'function') throw invalidParameterError('onReport', 'a function', r.onReport);
  return r;
}

/**
 * The options core's in-painting takes: those of INPAINT_OPTION_SCHEMA that are set (a new
 * one there needs no change here); the mask's, the model's and `onReport` stay behind.
 * @example
 * coreOptions({ detail: 'smooth', dilate: 2, model: 'lama.onnx' }); // { detail: 'smooth' }
 */
export function coreOptions(o: SharpInpaintOptions): InpaintOptions {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => Object.hasOwn(INPAINT_OPTION_SCHEMA, k) && v !== undefined));
}
