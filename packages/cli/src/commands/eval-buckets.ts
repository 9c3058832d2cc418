/**
 * The rows of `inpaint eval`'s table: the 512² protocol's PConv buckets (evaluationMask), or
 * the native protocol's thin strokes and objects; each with its label, its mask for an image
 * and repeat, and the name of its --save row.
 */
import { OBJECT_BUCKETS, PCONV_BUCKETS, STROKE_BUCKETS, evaluationMask, objectEvaluationMask, thinStrokeEvaluationMask } from '@inpaint/mask-gen';
import type { Mask } from '@inpaint/mask-gen';
import { HOLE_KINDS } from './eval-methods.js';
import type { HoleKind } from './eval-methods.js';

/** One bucket of a protocol: its label, its mask for an image and repeat, the name of its --save rows. */
export interface BucketSpec {
  kind?: HoleKind;
  label: string;
  range: readonly [number, number];
  mask(image: number, repeat: number, size: { width: number; height: number }): Mask;
  file(stem: string, repeat: number): string;
}

/** What chooses a run's buckets: the protocol, its kinds of holes, the mask seed and the 512² side. */
export interface BucketOptions {
  native?: boolean;
  holes?: readonly HoleKind[];
  seed: number;
  size: number;
}

/**
 * The buckets of a run, in the table's order: PCONV_BUCKETS for the 512² protocol; with
 * `native`, STROKE_BUCKETS and OBJECT_BUCKETS in the order of `holes` (default both, strokes first).
 * @example
 * const rows = bucketSpecs({ seed: 0, size: 512 });
 * const mask = rows[0].mask(0, 0, { width: 512, height: 512 });
 */
export function bucketSpecs(o: BucketOptions): BucketSpec[] {
  const label = (range: readonly [number, number]) => `${range[0]}–${range[1]}`;
  if (o.native !== true) {
    return PCONV_BUCKETS.map((range, b) => ({
      label: label(range),
      range,
      mask: (image, repeat) => evaluationMask({ size: o.size, seed: o.seed, image, bucket: b, repeat }),
      file: (stem, r) => `${stem}-b${b}-r${r}.png`,
    }));
  }
  return (o.holes ?? HOLE_KINDS).flatMap((kind): BucketSpec[] => (kind === 'strokes'
    ? STROKE_BUCKETS.map((range, b) => ({
      kind,
      label: `strokes ${label(range)}`,
      range,
      mask: (image, repeat, { width, height }) => thinStrokeEvaluationMask({ width, height, seed: o.seed, image, bucket: b, repeat }),
      file: (stem, r) => `${stem}-strokes-b${b}-r${r}.png`,
    }))
    // the object rows keep their names from before strokes existed (scripts/texture-figure.mjs reads them)
    : OBJECT_BUCKETS.map((range, b) => ({
      kind,
      label: `objects ${label(range)}`,
      range,
      mask: (image, repeat, { width, height }) => objectEvaluationMask({ width, height, seed: o.seed, image, bucket: b, repeat }),
      file: (stem, r) => `${stem}-b${b}-r${r}.png`,
    }))));
}
