/**
 * The project's evaluation protocol masks (`inpaint eval`, packages/cli/README.md): for every evaluation image and
 * every PConv bucket, `perBucket` masks from a fixed seed. Defined once here so that the
 * CLI's `eval` and the training pipeline's evaluation score the same holes.
 */
import type { Mask } from './mask.js';
import { GENERATE_OPTION_SCHEMA, drawToRatio, generateMask, PCONV_BUCKETS } from './generate-mask.js';
import { lineStream } from './mask-kinds.js';
import { invalidParameterError } from './errors.js';
import { requireOption } from './option-schema.js';

export interface EvaluationMaskOptions {
  /** Square side in pixels. Default 512. */
  size?: number;
  /** Protocol seed. Default 0. */
  seed?: number;
  /** Index of the image in the evaluation set (sorted by file name). */
  image: number;
  /** Index into PCONV_BUCKETS (0 = 0.01–0.1 … 5 = 0.5–0.6). */
  bucket: number;
  /** Which of the bucket's masks for this image. Default 0. */
  repeat?: number;
}

/**
 * The evaluation mask for one image, bucket and repeat: kind 'mixed', no border,
 * seed = seed·1e6 + image·1000 + bucket·100 + repeat.
 *
 * @example
 * const m = evaluationMask({ image: 3, bucket: 2 }); // 512×512, ratio in (0.2, 0.3]
 * @throws {InvalidParameterError} for a bucket outside 0–5, or a repeat outside 0–99.
 */
export function evaluationMask(o: EvaluationMaskOptions): Mask {
  const size = o.size ?? 512;
  const seed = o.seed ?? 0;
  const repeat = o.repeat ?? 0;
  if (!Number.isInteger(o.bucket) || o.bucket < 0 || o.bucket >= PCONV_BUCKETS.length) {
    throw invalidParameterError('bucket', `an integer in [0, ${PCONV_BUCKETS.length - 1}]`, o.bucket);
  }
  if (!Number.isInteger(repeat) || repeat < 0 || repeat > 99) {
    throw invalidParameterError('repeat', 'an integer in [0, 99]', repeat);
  }
  if (!Number.isInteger(o.image) || o.image < 0) {
    throw invalidParameterError('image', 'a non-negative integer', o.image);
  }
  return generateMask({
    width: size,
    height: size,
    seed: seed * 1_000_000 + o.image * 1000 + o.bucket * 100 + repeat,
    kind: 'mixed',
    ratio: PCONV_BUCKETS[o.bucket],
  });
}

/** Hole-size buckets of the native-resolution protocol (object-size holes). */
export const OBJECT_BUCKETS: readonly (readonly [number, number])[] = [[0.03, 0.08], [0.08, 0.15], [0.15, 0.25]];

export interface ObjectEvaluationMaskOptions {
  width: number;
  height: number;
  /** Protocol seed. Default 0. */
  seed?: number;
  /** Index of the image in the evaluation set (sorted by file name). */
  image: number;
  /** Index into OBJECT_BUCKETS. */
  bucket: number;
  /** Which of the bucket's masks for this image. Default 0. */
  repeat?: number;
}

/**
 * The native-resolution protocol's mask: kind 'objects' (one or two solid blobs or boxes),
 * kept 2 % of the short side from the edges, seed as for evaluationMask.
 * @example
 * const m = objectEvaluationMask({ width: 3264, height: 2448, image: 0, bucket: 1 }); // 8–15 % of the photo
 * @throws {InvalidParameterError} for a bucket outside OBJECT_BUCKETS or a repeat outside 0–99.
 */
export function objectEvaluationMask(o: ObjectEvaluationMaskOptions): Mask {
  const repeat = checkIndices(o, OBJECT_BUCKETS);
  return generateMask({
    width: o.width,
    height: o.height,
    seed: (o.seed ?? 0) * 1_000_000 + o.image * 1000 + o.bucket * 100 + repeat,
    kind: 'objects',
    ratio: OBJECT_BUCKETS[o.bucket],
    border: Math.floor(0.02 * Math.min(o.width, o.height)),
  });
}

/** Bucket, repeat and image index of a native-protocol mask, checked; the repeat (default 0). */
function checkIndices(o: ObjectEvaluationMaskOptions, buckets: readonly (readonly [number, number])[]): number {
  const repeat = o.repeat ?? 0;
  if (!Number.isInteger(o.bucket) || o.bucket < 0 || o.bucket >= buckets.length) {
    throw invalidParameterError('bucket', `an integer in [0, ${buckets.length - 1}]`, o.bucket);
  }
  if (!Number.isInteger(repeat) || repeat < 0 || repeat > 99) throw invalidParameterError('repeat', 'an integer in [0, 99]', repeat);
  if (!Number.isInteger(o.image) || o.image < 0) throw invalidParameterError('image', 'a non-negative integer', o.image);
  return repeat;
}

/** Hole-size buckets of the native-resolution protocol's thin strokes. */
export const STROKE_BUCKETS: readonly (readonly [number, number])[] = [[0.02, 0.05]];

/**
 * The native-resolution protocol's thin-stroke mask, what a watermark, a wire, a line of
 * text or a scratch leaves: a few long thin strokes crossing the photo (`lineStream` of
 * mask-kinds, drawn by the same rasteriser and ratio targeting as every mask here), 6–24
 * pixels wide at 1.5 megapixels and scaled with the photo's linear size, until 2–5 % of the
 * photo is hole; kept 2 % of the short side from the edges; seed as for evaluationMask.
 * @example
 * const m = thinStrokeEvaluationMask({ width: 1500, height: 1000, image: 0, bucket: 0 }); // two to four strokes, 2–5 % of the photo
 * @throws {InvalidParameterError} for a size that is not a positive integer, a bucket outside STROKE_BUCKETS or a repeat outside 0–99.
 */
export function thinStrokeEvaluationMask(o: ObjectEvaluationMaskOptions): Mask {
  requireOption('width', GENERATE_OPTION_SCHEMA.width, o.width);
  requireOption('height', GENERATE_OPTION_SCHEMA.height, o.height);
  const repeat = checkIndices(o, STROKE_BUCKETS);
  const [lo, hi] = STROKE_BUCKETS[o.bucket];
  return drawToRatio({
    width: o.width,
    height: o.height,
    seed: (o.seed ?? 0) * 1_000_000 + o.image * 1000 + o.bucket * 100 + repeat,
    lo,
    hi,
    border: Math.floor(0.02 * Math.min(o.width, o.height)),
  }, (rng, canvas) => lineStream(rng, canvas));
}
