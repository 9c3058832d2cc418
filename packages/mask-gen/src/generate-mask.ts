/**
 * `generateMask`: a seeded random mask whose hole ratio lies in a requested range.
 */
import type { Canvas, Element, KindOptions, MaskKind } from './mask-kinds.js';
import { MASK_KINDS, elementStream } from './mask-kinds.js';
import type { Box, Mask } from './mask.js';
import { HOLE, SIZE_SCHEMA, createMask } from './mask.js';
import type { SpanSink } from './raster.js';
import { CountSink, PaintSink } from './raster.js';
import type { Rng } from './rng.js';
import { SEED_SCHEMA, createRng } from './rng.js';
import { invalidParameterError } from './errors.js';
import { Schema, checkOption, choice, requireOption } from './option-schema.js';

export interface GenerateMaskOptions extends KindOptions {
  width: number;
  height: number;
  /** Any safe integer. Same seed and options, same bytes, on every machine. Default 0. */
  seed?: number;
  /** Which generator. Default 'mixed'. */
  kind?: MaskKind;
  /**
   * Hole ratio range [lo, hi], 0 ≤ lo ≤ hi ≤ 1. The result's ratio r satisfies
   * lo < r ≤ hi when 0 < lo < hi (the PConv buckets are half-open), lo ≤ r ≤ hi otherwise.
   * The target inside the range is drawn uniformly from the seed. Default [0.01, 0.6].
   */
  ratio?: readonly [number, number];
  /** Keep every hole at least this many pixels from the image edge. Default 0. */
  border?: number;
}

const RATIO_BOUND = Schema.Number({ minimum: 0, maximum: 1, expected: 'a number in [0, 1]' });

/** The generator's options, declared once: `inpaint masks` makes its flags from them. */
export const GENERATE_OPTION_SCHEMA = {
  width: Schema.Integer({ ...SIZE_SCHEMA, description: 'mask width in pixels' }),
  height: Schema.Integer({ ...SIZE_SCHEMA, description: 'mask height in pixels' }),
  seed: SEED_SCHEMA,
  kind: choice(MASK_KINDS, { default: 'mixed', description: 'which generator: strokes, shapes, boxes, mixed or objects' }),
  ratio: Schema.Tuple([RATIO_BOUND, RATIO_BOUND], { default: [0.01, 0.6], description: 'hole ratio range [lo, hi], 0 <= lo <= hi <= 1' }),
  border: Schema.Integer({ minimum: 0, default: 0, expected: 'a non-negative integer', description: 'keep every hole at least this many pixels from the image edge' }),
};

/**
 * Check a hole-ratio range: both ends in [0, 1], lo <= hi.
 * @example
 * checkRatio([0.1, 0.2]); // ok; [0.3, 0.2] throws InvalidParameterError
 */
export function checkRatio(ratio: readonly [number, number]): void {
  const [lo, hi] = ratio;
  requireOption('ratio[0] (lo)', RATIO_BOUND, lo);
  requireOption('ratio[1] (hi)', RATIO_BOUND, hi);
  if (lo > hi) throw invalidParameterError('ratio', '[lo, hi] with lo <= hi', `[${lo}, ${hi}]`);
}

/** The six hole-ratio buckets of the PConv paper's evaluation protocol. */
export const PCONV_BUCKETS: readonly (readonly [number, number])[] = [
  [0.01, 0.1], [0.1, 0.2], [0.2, 0.3], [0.3, 0.4], [0.4, 0.5], [0.5, 0.6],
];

const MAX_ELEMENTS = 100_000;
const SEARCH_STEPS = 24;

interface Bounds {
  min: number;
  max: number;
  target: number;
}

function validate(o: GenerateMaskOptions): { kind: MaskKind; lo: number; hi: number; border: number } {
  const s = GENERATE_OPTION_SCHEMA;
  requireOption('width', s.width, o.width);
  requireOption('height', s.height, o.height);
  const kind = o.kind ?? s.kind.default;
  checkOption('kind', s.kind, kind);
  const [lo, hi] = o.ratio ?? s.ratio.default;
  checkRatio([lo, hi]);
  const border = o.border ?? s.border.default;
  requireOption('border', s.border, border);
  const maxBorder = Math.floor((Math.min(o.width, o.height) - 1) / 2);
  if (border > maxBorder) {
    throw invalidParameterError('border', `an integer in [0, ${maxBorder}] for a ${o.width}x${o.height} image`, border);
  }
  return { kind, lo, hi, border };
}

/** Pixel-count bounds that satisfy the ratio range exactly as `count / (w*h)` is computed. */
function countBounds(lo: number, hi: number, n: number, interior: number, border: number, u: number): Bounds {
  // lo is exclusive (the PConv buckets are half-open) unless the range is a single value
  const open = lo > 0 && lo < hi;
  let min = Math.ceil(lo * n);
  while (min > 0 && (min - 1) / n >= lo) min--;
  while (min / n < lo || (open && min / n <= lo)) min++;
  let max = Math.floor(hi * n);
  while (max / n > hi) max--;
  while ((max + 1) / n <= hi && max + 1 <= n) max++;
  if (min > max) {
    throw invalidParameterError('ratio', `a range that holds a whole pixel count of a ${n}-pixel image (widen it)`, `[${lo}, ${hi}]`);
  }
  if (min > interior) {
    throw invalidParameterError('border', `a border that leaves at least the ${min} pixels ratio lo = ${lo} needs (use a smaller border or ratio)`, `${border} (leaves ${interior} pixels)`);
  }
  max = Math.min(max, interior);
  const target = min + Math.min(max - min, Math.floor(u * (max - min + 1)));
  return { min, max, target };
}

/** Collects spans, to add the last element's pixels one by one when a ratio range is narrower than any scale step. */
class SpanList implements SpanSink {
  readonly spans: [number, number, number][] = [];
  span(y: number, x0: number, x1: number): void {
    this.spans.push([y, x0, x1]);
  }
}

function fillInOrder(mask: Mask, clip: Box, spans: [number, number, number][], need: number): number {
  let added = 0;
  for (const [y, x0, x1] of spans) {
    if (y < clip.y0 || y >= clip.y1) continue;
    for (let x = Math.max(x0, clip.x0); x <= Math.min(x1, clip.x1 - 1) && added < need; x++) {
      const i = y * mask.width + x;
      if (mask.data[i] === 0) {
        mask.data[i] = HOLE;
        added++;
      }
    }
    if (added >= need) break;
  }
  return added;
}

/**
 * A random hole mask from a seed, with its hole ratio inside `ratio`.
 *
 * Elements of the chosen kind are added one by one until the next one would reach a
 * target ratio drawn uniformly in the range; that last element is then scaled by binary
 * search (a prefix of a stroke, a smaller circle or box) so that the count lands in the
 * range. Everything is deterministic given the options.
 *
 * @example
 * import { generateMask, holeRatio } from '@inpaint/mask-gen';
 * const mask = generateMask({ width: 512, height: 512, seed: 7, kind: 'strokes', ratio: [0.1, 0.2] });
 * holeRatio(mask); // e.g. 0.153, always in (0.1, 0.2]
 * @throws {InvalidParameterError} for a non-positive or non-integer size, a ratio outside [0, 1] or
 * with lo > hi, an unknown kind, or a border that leaves too little room for the ratio.
 */
export function generateMask(options: GenerateMaskOptions): Mask {
  const { kind, lo, hi, border } = validate(options);
  return drawToRatio({ width: options.width, height: options.height, seed: options.seed ?? 0, lo, hi, border }, (rng, canvas) => elementStream(kind, rng, canvas, options));
}

/** What `drawToRatio` draws: size, seed, ratio range and border, checked by the caller. */
export interface DrawTarget {
  width: number;
  height: number;
  seed: number;
  lo: number;
  hi: number;
  border: number;
}

/**
 * The ratio targeting of `generateMask` for any element stream: elements are added until
 * the next one would reach a target drawn in [lo, hi], and that one is scaled by bisection.
 * The stream is made from the same seeded PRNG after the target is drawn. Options are not
 * checked here (`generateMask` and the evaluation masks check theirs).
 * @example
 * // vertical bars 16 pixels wide, at random places, until 2–5 % of the image is hole
 * const m = drawToRatio({ width: 256, height: 256, seed: 1, lo: 0.02, hi: 0.05, border: 0 }, (rng) => () => {
 *   const x = Math.floor(rng.uniform(0, 240));
 *   return (sink, t) => rect(sink, { x0: x, y0: 0, x1: x + Math.ceil(16 * t), y1: 256 });
 * });
 */
export function drawToRatio(o: DrawTarget, stream: (rng: Rng, canvas: Canvas) => () => Element): Mask {
  const { width, height, border } = o;
  const clip: Box = { x0: border, y0: border, x1: width - border, y1: height - border };
  const interior = (clip.x1 - clip.x0) * (clip.y1 - clip.y0);
  const rng = createRng(o.seed);
  const bounds = countBounds(o.lo, o.hi, width * height, interior, border, rng.next());
  const mask = createMask(width, height);
  if (bounds.target === 0) return mask;

  const next = stream(rng, { width, height, clip });
  const paint = new PaintSink(mask, clip);
  const counter = new CountSink(mask, clip);
  const added = (el: Element, t: number): number => {
    counter.begin();
    el(counter, t);
    return counter.count;
  };

  let count = 0;
  for (let i = 0; i < MAX_ELEMENTS; i++) {
    const el = next();
    const full = added(el, 1);
    if (count + full < bounds.target) {
      el(paint, 1);
      count += full;
      continue;
    }
    // smallest t reaching the target, by bisection (the shape grows with t)
    let tLo = 0;
    let tHi = 1;
    let nHi = full;
    for (let s = 0; s < SEARCH_STEPS; s++) {
      const mid = (tLo + tHi) / 2;
      const n = added(el, mid);
      if (count + n >= bounds.target) {
        tHi = mid;
        nHi = n;
      } else {
        tLo = mid;
      }
      if (count + nHi <= bounds.max && tHi - tLo < 1 / 64) break;
    }
    if (count + nHi <= bounds.max) {
      el(paint, tHi);
      return mask;
    }
    // tLo = 0 means "leave this element out" (a stroke at t → 0 still has its round cap)
    const nLo = tLo > 0 ? added(el, tLo) : 0;
    if (count + nLo >= bounds.min) {
      if (tLo > 0) el(paint, tLo);
      return mask;
    }
    // the step from tLo to tHi jumps over the whole range: add pixels one by one
    if (tLo > 0) el(paint, tLo);
    count += nLo;
    const spans = new SpanList();
    el(spans, tHi);
    count += fillInOrder(mask, clip, spans.spans, bounds.target - count);
    if (count >= bounds.min) return mask;
  }
  // unreachable in practice (elements always add area); fill the interior in raster order
  const rows: [number, number, number][] = [];
  for (let y = clip.y0; y < clip.y1; y++) rows.push([y, clip.x0, clip.x1 - 1]);
  fillInOrder(mask, clip, rows, bounds.target - count);
  return mask;
}
