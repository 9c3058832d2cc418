/**
 * Planning: cost follows the holes, not the image. Each connected hole region gets a
 * window of context around it (margin scaled with the region, with a floor); windows that
 * overlap are merged; a window larger than the working size is scaled down for inference;
 * every network input is a multiple of the model's size multiple, grown with real image
 * context where the image allows and padded (as hole) where it does not.
 */
import type { Box, Mask } from '@inpaint/mask-gen';
import { connectedComponents } from '@inpaint/mask-gen';

export type Strategy = 'auto' | 'crop' | 'resize' | 'full';
export const STRATEGIES: readonly Strategy[] = ['auto', 'crop', 'resize', 'full'];

/** One network input: a source box of the image, scaled and padded. */
export interface Window {
  /** Pixels of the image fed to the network (context included). */
  readonly source: Box;
  /** Hole pixels inside this box are filled from this window; the boxes of a plan never overlap. */
  readonly fill: Box;
  /** Size the source box is resampled to (equal to the source size when not scaled). */
  readonly scaledWidth: number;
  readonly scaledHeight: number;
  /** Network input size: multiples of the model's multiple; the part beyond the scaled size is padding. */
  readonly inputWidth: number;
  readonly inputHeight: number;
}

export interface Plan {
  /** The strategy actually used ('auto' resolved). */
  readonly strategy: Exclude<Strategy, 'auto'>;
  readonly windows: readonly Window[];
}

export interface PlanOptions {
  strategy: Strategy;
  /** Size multiple of the model. */
  multiple: number;
  /** Working resolution: a window's longer side is scaled down to at most this. */
  maxSide: number;
  /** Context margin as a fraction of the region's longer side. */
  context: number;
  /** Smallest context margin in pixels. */
  minContext: number;
}

const ceilTo = (v: number, m: number): number => Math.ceil(v / m) * m;

function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function union(a: Box, b: Box): Box {
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

/**
 * Merge boxes until none overlap (sweep over x, repeated until stable).
 * @example
 * mergeBoxes([{ x0: 0, y0: 0, x1: 10, y1: 10 }, { x0: 5, y0: 5, x1: 20, y1: 20 }]); // one box
 */
export function mergeBoxes(boxes: readonly Box[]): Box[] {
  let cur = [...boxes];
  for (;;) {
    cur.sort((a, b) => a.x0 - b.x0);
    const out: Box[] = [];
    let merged = false;
    for (const box of cur) {
      let b = box;
      // compare with boxes still open in the sweep (x1 beyond our x0)
      for (let i = out.length - 1; i >= 0; i--) {
        if (overlaps(out[i], b)) {
          b = union(out[i], b);
          out.splice(i, 1);
          merged = true;
        }
      }
      out.push(b);
    }
    cur = out;
    if (!merged) return cur;
  }
}

function clampBox(b: Box, width: number, height: number): Box {
  return { x0: Math.max(0, b.x0), y0: Math.max(0, b.y0), x1: Math.min(width, b.x1), y1: Math.min(height, b.y1) };
}

/** Grow [a0, a1) to `size` around its centre inside [0, limit), as far as the limit allows. */
function grow(a0: number, a1: number, size: number, limit: number): [number, number] {
  const want = Math.min(size, limit);
  const extra = want - (a1 - a0);
  if (extra <= 0) return [a0, a1];
  let lo = a0 - Math.floor(extra / 2);
  let hi = lo + want;
  if (lo < 0) { hi -= lo; lo = 0; }
  if (hi > limit) { lo -= hi - limit; hi = limit; }
  return [Math.max(0, lo), hi];
}

/**
 * The window for a box of context: scale, input size, and growth with real context.
 * @example
 * const w = windowFor(box, fill, image, { maxSide: 512, multiple: 128 });
 */
export function windowFor(fill: Box, width: number, height: number, o: Pick<PlanOptions, 'multiple' | 'maxSide'>, scaleTo?: number): Window {
  const bw = fill.x1 - fill.x0;
  const bh = fill.y1 - fill.y0;
  const s = Math.min(1, (scaleTo ?? o.maxSide) / Math.max(bw, bh));
  const inputWidth = ceilTo(Math.max(1, Math.ceil(bw * s)), o.multiple);
  const inputHeight = ceilTo(Math.max(1, Math.ceil(bh * s)), o.multiple);
  // grow the source box so that, once scaled, it fills the input; pad only past the image edge
  const [x0, x1] = grow(fill.x0, fill.x1, Math.floor(inputWidth / s), width);
  const [y0, y1] = grow(fill.y0, fill.y1, Math.floor(inputHeight / s), height);
  const scaledWidth = s === 1 ? x1 - x0 : Math.min(inputWidth, Math.max(1, Math.round((x1 - x0) * s)));
  const scaledHeight = s === 1 ? y1 - y0 : Math.min(inputHeight, Math.max(1, Math.round((y1 - y0) * s)));
  return { source: { x0, y0, x1, y1 }, fill, scaledWidth, scaledHeight, inputWidth, inputHeight };
}

/**
 * Windows around connected hole regions (the 'crop' strategy).
 * @example
 * const windows = cropWindows(mask, { strategy: 'crop', context: 0.5, minContext: 32, maxSide: 512, multiple: 128 });
 */
export function cropWindows(mask: Mask, o: PlanOptions): Window[] {
  const { regions } = connectedComponents(mask);
  const boxes = regions.map(({ box }) => {
    const margin = Math.max(o.minContext, Math.round(o.context * Math.max(box.x1 - box.x0, box.y1 - box.y0)));
    return clampBox({ x0: box.x0 - margin, y0: box.y0 - margin, x1: box.x1 + margin, y1: box.y1 + margin }, mask.width, mask.height);
  });
  return mergeBoxes(boxes).map((fill) => windowFor(fill, mask.width, mask.height, o));
}

const inputArea = (w: Window): number => w.inputWidth * w.inputHeight;

/**
 * Plan the network passes for a mask that has at least one hole.
 *
 * The 'auto' rule: 'crop', except when the whole image fits the working size
 * (longer side <= maxSide) and the crop windows' inputs would cover at least 75 % of
 * the padded image: then one 'full' pass is cheaper than several overlapping ones.
 * 'resize' is never picked automatically: it trades detail for speed on big images.
 * @example
 * const plan = planWindows(mask, { ...DEFAULT_OPTIONS, multiple: inpainter.model.multiple });
 * console.log(plan.strategy, plan.windows.length);
 */
export function planWindows(mask: Mask, o: PlanOptions): Plan {
  const { width, height } = mask;
  const whole: Box = { x0: 0, y0: 0, x1: width, y1: height };
  if (o.strategy === 'full') {
    return { strategy: 'full', windows: [windowFor(whole, width, height, o, Infinity)] };
  }
  if (o.strategy === 'resize') {
    return { strategy: 'resize', windows: [windowFor(whole, width, height, o)] };
  }
  const crops = cropWindows(mask, o);
  if (o.strategy === 'auto' && Math.max(width, height) <= o.maxSide) {
    const full = windowFor(whole, width, height, o, Infinity);
    const cropArea = crops.reduce((s, w) => s + inputArea(w), 0);
    if (cropArea >= 0.75 * inputArea(full)) return { strategy: 'full', windows: [full] };
  }
  return { strategy: 'crop', windows: crops };
}

/**
 * Group windows with equal input size into batches of at most `maxBatch`.
 * @example
 * for (const batch of batchWindows(plan.windows, 4)) runBatch(batch); // one network run per batch
 */
export function batchWindows(windows: readonly Window[], maxBatch: number): Window[][] {
  const bySize = new Map<string, Window[]>();
  for (const w of windows) {
    const key = `${w.inputWidth}x${w.inputHeight}`;
    const list = bySize.get(key) ?? [];
    list.push(w);
    bySize.set(key, list);
  }
  const out: Window[][] = [];
  for (const list of bySize.values()) {
    for (let i = 0; i < list.length; i += maxBatch) out.push(list.slice(i, i + maxBatch));
  }
  return out;
}
