/**
 * Planning: cost follows the holes, not the image. Each connected hole region gets a
 * window of context around it (margin scaled with the region, with a floor); windows that
 * overlap are merged; every network input is a multiple of the model's size multiple,
 * grown with real image context where the image allows and padded (as hole) where it does not.
 *
 * How far a window is scaled down: under 'crop', as far as its extent demands (its longer
 * side to the working size). Under 'auto', only as far as its holes' thickness demands:
 * the network fills a hole well when no hole pixel lies more than DEPTH_FRACTION × maxSide
 * network pixels from a known one, so a thick hole (an object) is still one window scaled to
 * the working size, while a long thin one (a stroke across a photo) is filled at the
 * photo's own resolution in overlapping tiles of the working size, blended in the holes.
 */
import type { Box, Mask } from '@inpaint/mask-gen';
import { connectedComponents, holeDepth } from '@inpaint/mask-gen';

export type Strategy = 'auto' | 'crop' | 'resize' | 'full';
export const STRATEGIES: readonly Strategy[] = ['auto', 'crop', 'resize', 'full'];

/**
 * How a tile's prediction is blended with its neighbours'. Tiles of one group overlap; in
 * the overlap each tile's weight falls smoothly (a raised cosine) from 1 at its `inner` box
 * to 0 at its source box's edge, and every hole pixel gets the weighted mean of the
 * predictions of the group's tiles whose source holds it. Where a side of `inner` is the
 * source's own edge, no tile lies beyond it and the weight stays 1 up to the edge.
 */
export interface TileBlend {
  /** The tiles of one group (the `group` number is the same) are blended together. */
  readonly group: number;
  /** Weight 1 inside this box (inside the source box). */
  readonly inner: Box;
}

/** One network input: a source box of the image, scaled and padded. */
export interface Window {
  /** Pixels of the image fed to the network (context included). */
  readonly source: Box;
  /**
   * The hole pixels inside this box are this window's: it fills them (a tile: with the
   * blend of its group's predictions there) and its `composite` hook sees them. The fill
   * boxes of a plan never overlap, and lie inside their source boxes.
   */
  readonly fill: Box;
  /** Size the source box is resampled to (equal to the source size when not scaled). */
  readonly scaledWidth: number;
  readonly scaledHeight: number;
  /** Network input size: multiples of the model's multiple; the part beyond the scaled size is padding. */
  readonly inputWidth: number;
  readonly inputHeight: number;
  /** Set on the tiles of a long, thin hole region ('auto'): its prediction is blended with its neighbours'. */
  readonly blend?: TileBlend;
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

/**
 * The depth limit: under 'auto' a window is scaled down until no hole pixel lies more than
 * DEPTH_FRACTION × maxSide network pixels from a known pixel (32 at 512: holes up to about
 * 64 network pixels thick), and no further. Measured (bench/thickness.mjs,
 * bench/results/thickness.json): on the eval_dev photos, a band filled at the photo's
 * resolution matches the same band filled at half resolution (with twice the context) in
 * the hole's L1 up to a depth of 32 network pixels (6.04 % both; 4.46 against 4.75 % at 16)
 * and falls behind beyond (7.26 against 7.15 % at 40, 8.26 against 7.67 % at 64, 12.8
 * against 9.7 % at 128), while keeping the photo's edge statistics better at every depth
 * (texture distance 12.25 against 12.74 at 32). The network agrees: its encoder's partial
 * convolutions close 3 + 4 + 8 + 8 + 16 = 39 input pixels of depth by the fifth of its
 * seven levels, so a hole 32 deep is filled from features of real context with two levels
 * to spare.
 */
export const DEPTH_FRACTION = 1 / 16;

function contains(outer: Box, inner: Box): boolean {
  return outer.x0 <= inner.x0 && outer.y0 <= inner.y0 && outer.x1 >= inner.x1 && outer.y1 >= inner.y1;
}

/** The merged context boxes of the hole regions (as 'crop' makes them), each with the bounding box of its holes. */
function contextBoxes(mask: Mask, o: PlanOptions): { fill: Box; holes: Box }[] {
  const { regions } = connectedComponents(mask);
  const merged = mergeBoxes(regions.map(({ box }) => {
    const margin = Math.max(o.minContext, Math.round(o.context * Math.max(box.x1 - box.x0, box.y1 - box.y0)));
    return clampBox({ x0: box.x0 - margin, y0: box.y0 - margin, x1: box.x1 + margin, y1: box.y1 + margin }, mask.width, mask.height);
  }));
  const holes: (Box | undefined)[] = merged.map(() => undefined);
  let k = 0;
  for (const { box } of regions) {
    // each region lies in exactly one merged box; neighbours in raster order often share one
    if (!contains(merged[k], box)) k = merged.findIndex((m) => contains(m, box));
    const prev = holes[k];
    holes[k] = prev === undefined ? box : union(prev, box);
  }
  return merged.map((fill, i) => ({ fill, holes: holes[i]! }));
}

/** Tiles of `side` pixels (or the whole axis, when shorter) over [lo, hi) of an axis of `limit`, neighbours overlapping by `overlap`. */
function axisTiles(lo: number, hi: number, limit: number, side: number, overlap: number): { lo: number; hi: number }[] {
  if (limit <= side) return [{ lo: 0, hi: limit }];
  lo = Math.max(0, lo);
  hi = Math.min(limit, hi);
  const stride = side - overlap;
  let n = hi - lo <= side ? 1 : Math.ceil((hi - lo - side) / stride) + 1;
  const span = side + (n - 1) * stride;
  const at: number[] = [];
  if (span <= limit) {
    // centred on [lo, hi), inside the axis
    const start = Math.min(limit - span, Math.max(0, Math.floor((lo + hi - span) / 2)));
    for (let i = 0; i < n; i++) at.push(start + i * stride);
  } else {
    // the whole axis, evenly (the overlaps grow)
    n = Math.ceil((limit - side) / stride) + 1;
    for (let i = 0; i < n; i++) at.push(Math.round((i * (limit - side)) / (n - 1)));
  }
  return at.map((a) => ({ lo: a, hi: a + side }));
}

function hasHole(mask: Mask, b: Box): boolean {
  for (let y = b.y0; y < b.y1; y++) {
    const row = y * mask.width;
    for (let x = b.x0; x < b.x1; x++) if (mask.data[row + x] !== 0) return true;
  }
  return false;
}

/**
 * Tiles over the holes of one context box at `scale`: at most maxSide network pixels a
 * side, overlapping by 2 × DEPTH_FRACTION × maxSide network pixels, laid over the holes' box
 * grown by DEPTH_FRACTION × maxSide of context. Each tile owns (fill box) the part of the
 * context box nearer its centre than its neighbours' (the overlaps split in the middle), so
 * every hole pixel lies at least DEPTH_FRACTION × maxSide network pixels inside the tile
 * that owns it, where the image allows: its nearest known pixels are in that tile. Tiles
 * whose fill box holds no hole are left out; a tile left alone is a plain window.
 */
function tileWindows(mask: Mask, fill: Box, holes: Box, scale: number, o: PlanOptions, group: number): Window[] {
  const side = Math.max(1, Math.floor(o.maxSide / scale));
  const depth = (DEPTH_FRACTION * o.maxSide) / scale;
  const overlap = Math.min(Math.floor(side / 2), Math.ceil(2 * depth));
  const xs = axisTiles(holes.x0 - Math.ceil(depth), holes.x1 + Math.ceil(depth), mask.width, side, overlap);
  const ys = axisTiles(holes.y0 - Math.ceil(depth), holes.y1 + Math.ceil(depth), mask.height, side, overlap);
  // per axis: the owned interval (split in the middle of each overlap) and the weight-1 interval
  const parts = (ts: { lo: number; hi: number }[], lo: number, hi: number) => ts.map((t, i) => {
    const own0 = i === 0 ? lo : Math.floor((t.lo + ts[i - 1].hi) / 2);
    const own1 = i === ts.length - 1 ? hi : Math.floor((ts[i + 1].lo + t.hi) / 2);
    let in0 = i === 0 ? t.lo : ts[i - 1].hi;
    let in1 = i === ts.length - 1 ? t.hi : ts[i + 1].lo;
    if (in0 > in1) in0 = in1 = Math.round((in0 + in1) / 2); // three tiles overlap here: ramps meet
    return { ...t, own0: Math.max(own0, t.lo), own1: Math.min(own1, t.hi), in0, in1 };
  });
  const px = parts(xs, fill.x0, fill.x1);
  const py = parts(ys, fill.y0, fill.y1);
  const tiles: Window[] = [];
  for (const ty of py) {
    for (const tx of px) {
      const own: Box = { x0: Math.max(fill.x0, tx.own0), y0: Math.max(fill.y0, ty.own0), x1: Math.min(fill.x1, tx.own1), y1: Math.min(fill.y1, ty.own1) };
      if (own.x0 >= own.x1 || own.y0 >= own.y1 || !hasHole(mask, own)) continue;
      const sw = tx.hi - tx.lo, sh = ty.hi - ty.lo;
      const scaledWidth = scale === 1 ? sw : Math.max(1, Math.round(sw * scale));
      const scaledHeight = scale === 1 ? sh : Math.max(1, Math.round(sh * scale));
      tiles.push({
        source: { x0: tx.lo, y0: ty.lo, x1: tx.hi, y1: ty.hi },
        fill: own,
        scaledWidth,
        scaledHeight,
        inputWidth: ceilTo(scaledWidth, o.multiple),
        inputHeight: ceilTo(scaledHeight, o.multiple),
        blend: { group, inner: { x0: tx.in0, y0: ty.in0, x1: tx.in1, y1: ty.in1 } },
      });
    }
  }
  if (tiles.length === 1) {
    const { blend: _alone, ...plain } = tiles[0];
    return [plain];
  }
  return tiles;
}

/**
 * Windows around connected hole regions, scaled by thickness (the 'auto' strategy): as
 * 'crop', but a context box larger than the working size is scaled down only as far as
 * the depth of its holes demands (DEPTH_FRACTION). When the box is then still larger than
 * the working size, its holes are covered by overlapping tiles of the working size, at that
 * scale (1 for a thin stroke), blended in the holes (`Window.blend`). A thick hole (an
 * object) demands as much as its extent or more: one window scaled to the working size, as
 * under 'crop'.
 * @example
 * const windows = thicknessWindows(mask, { strategy: 'auto', context: 0.5, minContext: 32, maxSide: 512, multiple: 128 });
 * windows.filter((w) => w.blend).length; // tiles of long, thin holes
 */
export function thicknessWindows(mask: Mask, o: PlanOptions): Window[] {
  const { width, height } = mask;
  const out: Window[] = [];
  let group = 0;
  for (const { fill, holes } of contextBoxes(mask, o)) {
    const extent = Math.max(fill.x1 - fill.x0, fill.y1 - fill.y0);
    if (extent > o.maxSide) {
      // the holes' deepest pixel: the chamfer over the holes' box and one pixel around (their nearest known pixels lie there)
      const depth = holeDepth(mask, clampBox({ x0: holes.x0 - 1, y0: holes.y0 - 1, x1: holes.x1 + 1, y1: holes.y1 + 1 }, width, height));
      const scale = Math.min(1, (DEPTH_FRACTION * o.maxSide) / depth);
      if (scale > o.maxSide / extent) {
        const tiles = tileWindows(mask, fill, holes, scale, o, group);
        if (tiles.length > 1) group++;
        out.push(...tiles);
        continue;
      }
    }
    out.push(windowFor(fill, width, height, o));
  }
  return out;
}

const inputArea = (w: Window): number => w.inputWidth * w.inputHeight;

/**
 * Plan the network passes for a mask that has at least one hole.
 *
 * The 'auto' rule: windows scaled by thickness (thicknessWindows; reported as 'crop'),
 * except when the whole image fits the working size (longer side <= maxSide) and the crop
 * windows' inputs would cover at least 75 % of the padded image: then one 'full' pass is
 * cheaper than several overlapping ones. 'crop' scales each window by its extent.
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
  const crops = o.strategy === 'auto' ? thicknessWindows(mask, o) : cropWindows(mask, o);
  if (o.strategy === 'auto' && Math.max(width, height) <= o.maxSide) {
    const full = windowFor(whole, width, height, o, Infinity);
    const cropArea = crops.reduce((s, w) => s + inputArea(w), 0);
    if (cropArea >= 0.75 * inputArea(full)) return { strategy: 'full', windows: [full] };
  }
  return { strategy: 'crop', windows: crops };
}

/**
 * Most input pixels in one batch (one 512×512 pass): windows this large run one at a time
 * whatever `maxBatch` says. Batching amortises a run's fixed cost over small windows; at
 * the working size it only multiplies onnxruntime's activation memory. Measured on the
 * 24-megapixel stroke case (24 tiles of 512², 2 cores): batches of 4 took 4.5–8.2 s and
 * 1080 MiB of peak RSS, batches of 2 3.1 s and 718 MiB, one at a time 2.5 s and 508 MiB.
 */
export const BATCH_PIXELS = 512 * 512;

/**
 * Group windows with equal input size into batches of at most `maxBatch`, and of at most
 * `maxPixels` input pixels in all (at least one window each).
 * @example
 * for (const batch of batchWindows(plan.windows, 4)) runBatch(batch); // one network run per batch
 */
export function batchWindows(windows: readonly Window[], maxBatch: number, maxPixels = BATCH_PIXELS): Window[][] {
  const bySize = new Map<string, Window[]>();
  for (const w of windows) {
    const key = `${w.inputWidth}x${w.inputHeight}`;
    const list = bySize.get(key) ?? [];
    list.push(w);
    bySize.set(key, list);
  }
  const out: Window[][] = [];
  for (const list of bySize.values()) {
    const n = Math.max(1, Math.min(maxBatch, Math.floor(maxPixels / inputArea(list[0]))));
    for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
  }
  return out;
}
