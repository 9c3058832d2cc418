/**
 * The hole mask: one byte per pixel, 255 = hole (pixel to replace), 0 = keep.
 *
 * This is the project's public convention everywhere (files, CLI, API). Inside the
 * network the Partial-Convolution convention (1 = valid, 0 = hole) holds; core converts
 * in exactly one place.
 */
import { invalidParameterError } from './errors.js';
import { Schema, requireOption } from './option-schema.js';
export interface Mask {
  readonly width: number;
  readonly height: number;
  /** `width * height` bytes, row-major; 255 marks a hole, 0 a pixel to keep. */
  readonly data: Uint8Array;
}

/** Axis-aligned box, inclusive-exclusive: pixels `x0 <= x < x1`, `y0 <= y < y1`. */
export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export const HOLE = 255;
export const KEEP = 0;

/**
 * Validate that a size is a positive integer; throw an InvalidParameterError naming the parameter.
 * @internal
 * @example
 * assertSize('width', 0); // throws InvalidParameterError: Expected a positive integer for width …
 */
export function assertSize(name: string, value: number): void {
  requireOption(name, SIZE_SCHEMA, value);
}

/** A size in pixels: a positive integer. */
export const SIZE_SCHEMA = Schema.Integer({ minimum: 1, expected: 'a positive integer', description: 'pixels' });

/**
 * Create an empty (all-keep) mask.
 *
 * @example
 * const m = createMask(640, 480); // 640×480, no hole
 * @throws {InvalidParameterError} when width or height is not a positive integer.
 */
export function createMask(width: number, height: number): Mask {
  assertSize('width', width);
  assertSize('height', height);
  return { width, height, data: new Uint8Array(width * height) };
}

/**
 * Wrap existing bytes as a mask; any non-zero byte is a hole, normalised to 255.
 *
 * @example
 * const m = maskFromBytes(new Uint8Array([0, 1, 0, 0]), 2, 2); // one hole at (1, 0)
 * @throws {InvalidParameterError} when the byte count is not `width * height`.
 */
export function maskFromBytes(bytes: ArrayLike<number>, width: number, height: number): Mask {
  assertSize('width', width);
  assertSize('height', height);
  if (bytes.length !== width * height) {
    throw invalidParameterError('data', `width*height = ${width * height} bytes`, `${bytes.length} bytes`);
  }
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = bytes[i] !== 0 ? HOLE : KEEP;
  return { width, height, data };
}

/** Number of hole pixels. @example countHoles(mask) // 1234 */
export function countHoles(mask: Mask): number {
  let n = 0;
  const d = mask.data;
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) n++;
  return n;
}

/** Fraction of pixels that are holes, in [0, 1]. @example holeRatio(mask) // 0.153 */
export function holeRatio(mask: Mask): number {
  return countHoles(mask) / (mask.width * mask.height);
}

/**
 * Smallest box holding every hole pixel, or `null` for a mask without holes.
 *
 * @example
 * boundingBox(mask) // { x0: 10, y0: 4, x1: 52, y1: 30 }
 */
export function boundingBox(mask: Mask): Box | null {
  const { width, height, data } = mask;
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (data[row + x] !== 0) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/** A new mask with holes and kept pixels swapped. @example invertMask(mask) */
export function invertMask(mask: Mask): Mask {
  const data = new Uint8Array(mask.data.length);
  for (let i = 0; i < data.length; i++) data[i] = mask.data[i] !== 0 ? KEEP : HOLE;
  return { width: mask.width, height: mask.height, data };
}

/**
 * Nearest-neighbour resize of a mask: each output pixel takes the input pixel under its
 * centre. The one mask-resizing implementation of the project (the sharp plugin, the CLI
 * and the gulp plugin all resize masks with it).
 *
 * @example
 * const big = resizeMask(generateMask({ width: 64, height: 64, seed: 1 }), 512, 512);
 * @throws {InvalidParameterError} for a non-positive or non-integer size.
 */
export function resizeMask(m: Mask, width: number, height: number): Mask {
  assertSize('width', width);
  assertSize('height', height);
  const data = new Uint8Array(width * height);
  const xs = new Uint32Array(width);
  for (let x = 0; x < width; x++) xs[x] = Math.min(m.width - 1, Math.floor(((x + 0.5) * m.width) / width));
  for (let y = 0; y < height; y++) {
    const row = Math.min(m.height - 1, Math.floor(((y + 0.5) * m.height) / height)) * m.width;
    for (let x = 0; x < width; x++) data[y * width + x] = m.data[row + xs[x]];
  }
  return { width, height, data };
}
