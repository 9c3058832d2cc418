/**
 * Pasting a prediction into the hole pixels of its window's fill box, and nowhere else:
 * pixels outside holes keep their exact input values, alpha is never touched. Tiles of one
 * group (`Window.blend`) are blended first: every hole pixel gets the weighted mean of the
 * predictions of the tiles that hold it (TileBlender), so no tile boundary shows in the fill.
 */
import type { Mask } from '@inpaint/mask-gen';
import type { RawImage } from './image.js';
import { fullScale } from './image.js';
import type { Window } from './plan.js';
import type { WindowPrediction } from './tensors.js';

/** Reads one prediction at image pixels: exact when unscaled, bilinear at pixel centres when scaled. */
function sampler(p: WindowPrediction): (x: number, y: number, rgb: Float64Array) => void {
  const { window: w, output, width: tw } = p;
  const plane = p.height * tw;
  const s = w.source;
  const sx = w.scaledWidth / (s.x1 - s.x0);
  const sy = w.scaledHeight / (s.y1 - s.y0);
  if (sx === 1 && sy === 1) {
    return (x, y, rgb) => {
      const o = (y - s.y0) * tw + (x - s.x0);
      rgb[0] = output[o]; rgb[1] = output[plane + o]; rgb[2] = output[2 * plane + o];
    };
  }
  const maxU = w.scaledWidth - 1;
  const maxV = w.scaledHeight - 1;
  return (x, y, rgb) => {
    // bilinear at the pixel centre, in network coordinates
    const u = Math.min(maxU, Math.max(0, (x - s.x0 + 0.5) * sx - 0.5));
    const v = Math.min(maxV, Math.max(0, (y - s.y0 + 0.5) * sy - 0.5));
    const u0 = Math.floor(u), v0 = Math.floor(v);
    const u1 = Math.min(maxU, u0 + 1), v1 = Math.min(maxV, v0 + 1);
    const fu = u - u0, fv = v - v0;
    for (let ch = 0; ch < 3; ch++) {
      const base = ch * plane;
      const top = output[base + v0 * tw + u0] * (1 - fu) + output[base + v0 * tw + u1] * fu;
      const bot = output[base + v1 * tw + u0] * (1 - fu) + output[base + v1 * tw + u1] * fu;
      rgb[ch] = top * (1 - fv) + bot * fv;
    }
  };
}

/** Write RGB in [0, 1] (clamped) into pixel `i` of `out`: colour channels, or the luma for grey; alpha untouched. */
function writePixel(out: RawImage, i: number, rgb: Float64Array, full: number): void {
  const c = out.channels;
  if (c >= 3) {
    for (let ch = 0; ch < 3; ch++) out.data[i * c + ch] = Math.round(Math.min(1, Math.max(0, rgb[ch])) * full);
  } else {
    const luma = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
    out.data[i * c] = Math.round(Math.min(1, Math.max(0, luma)) * full);
  }
}

/**
 * Write the prediction into `out` (same size as the image) at the mask's hole pixels; returns pixels filled.
 * @example
 * const filled = compositeWindow(out, mask, prediction); // hole pixels of the window's fill box only
 */
export function compositeWindow(out: RawImage, mask: Mask, p: WindowPrediction): number {
  const f = p.window.fill;
  const sample = sampler(p);
  const full = fullScale(out);
  const rgb = new Float64Array(3);
  let filled = 0;
  for (let y = f.y0; y < f.y1; y++) {
    for (let x = f.x0; x < f.x1; x++) {
      const i = y * out.width + x;
      if (mask.data[i] === 0) continue;
      sample(x, y, rgb);
      writePixel(out, i, rgb, full);
      filled++;
    }
  }
  return filled;
}

/** Raised-cosine ramp at pixel centre `c` of [lo, hi): 1 inside [in0, in1], falling to 0 at lo and hi. */
function ramp(c: number, lo: number, in0: number, in1: number, hi: number): number {
  let t: number;
  if (c < in0) t = (c - lo) / (in0 - lo);
  else if (c > in1) t = (hi - c) / (hi - in1);
  else return 1;
  return 0.5 - 0.5 * Math.cos(Math.PI * t);
}

/**
 * A tile's blend weight at image pixel (x, y) (its centre): 1 inside `blend.inner`, falling
 * as a raised cosine to 0 at the source box's edge; 1 everywhere in a window without blend.
 * Neighbouring tiles' ramps span the same overlap in opposite directions, so their weights
 * sum to 1 there; the blender divides by the sum anyway, which is never 0 at a pixel of a
 * tile's source box.
 * @example
 * blendWeight(tile, 100, 40); // between 0 and 1
 */
export function blendWeight(w: Window, x: number, y: number): number {
  if (!w.blend) return 1;
  const { source: s, blend: { inner } } = w;
  return ramp(x + 0.5, s.x0, inner.x0, inner.x1, s.x1) * ramp(y + 0.5, s.y0, inner.y0, inner.y1, s.y1);
}

const intersects = (a: Window['fill'], b: Window['fill']): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * Blends the predictions of one group of tiles in the holes. Memory follows the holes:
 * per hole pixel of the group's fill boxes, its index and a weighted RGB sum with the sum
 * of weights (20 bytes), never a buffer of the group's extent. Feed it every tile's
 * prediction (`add`, in any order, each used at once and not kept); once `complete`,
 * `write` puts each hole pixel's weighted mean into the image. The sums run in the order
 * the predictions came, which is the plan's: the result is deterministic.
 * @example
 * const blender = new TileBlender(mask, tiles);
 * for (const p of predictions) blender.add(p);
 * const pixels = blender.write(out); // hole pixels per tile, in the order of `tiles`
 */
export class TileBlender {
  readonly tiles: readonly Window[];
  readonly #mask: Mask;
  /** Per tile: the image index of each hole pixel of its fill box, in raster order. */
  readonly #holes: Int32Array[];
  /** Per tile: per hole pixel, weighted R, G, B and the weight. */
  readonly #sums: Float32Array[];
  readonly #seen = new Set<Window>();

  constructor(mask: Mask, tiles: readonly Window[]) {
    this.tiles = tiles;
    this.#mask = mask;
    this.#holes = tiles.map(({ fill: f }) => {
      const idx: number[] = [];
      for (let y = f.y0; y < f.y1; y++) for (let x = f.x0; x < f.x1; x++) if (mask.data[y * mask.width + x] !== 0) idx.push(y * mask.width + x);
      return Int32Array.from(idx);
    });
    this.#sums = this.#holes.map((h) => new Float32Array(h.length * 4));
  }

  /** Whether every tile's prediction was added. */
  get complete(): boolean {
    return this.#seen.size === this.tiles.length;
  }

  /** Add one tile's prediction, weighted, to the hole pixels of every fill box of the group that its source box reaches. */
  add(p: WindowPrediction): void {
    const w = p.window;
    if (!this.tiles.includes(w)) throw new Error('a prediction of a window outside this group');
    this.#seen.add(w);
    const sample = sampler(p);
    const rgb = new Float64Array(3);
    const width = this.#mask.width;
    const s = w.source;
    this.tiles.forEach((owner, k) => {
      if (!intersects(owner.fill, s)) return;
      const holes = this.#holes[k], sums = this.#sums[k];
      for (let j = 0; j < holes.length; j++) {
        const y = Math.floor(holes[j] / width), x = holes[j] - y * width;
        if (x < s.x0 || x >= s.x1 || y < s.y0 || y >= s.y1) continue;
        const weight = blendWeight(w, x, y);
        sample(x, y, rgb);
        sums[4 * j] += weight * rgb[0];
        sums[4 * j + 1] += weight * rgb[1];
        sums[4 * j + 2] += weight * rgb[2];
        sums[4 * j + 3] += weight;
      }
    });
  }

  /** Write the blend into the hole pixels of `out`; returns the pixels written per tile (the order of `tiles`). */
  write(out: RawImage): number[] {
    const full = fullScale(out);
    const rgb = new Float64Array(3);
    return this.tiles.map((_, k) => {
      const holes = this.#holes[k], sums = this.#sums[k];
      let filled = 0;
      for (let j = 0; j < holes.length; j++) {
        const weight = sums[4 * j + 3];
        if (weight === 0) continue; // no prediction reached it (its own tile was dropped from the plan)
        rgb[0] = sums[4 * j] / weight; rgb[1] = sums[4 * j + 1] / weight; rgb[2] = sums[4 * j + 2] / weight;
        writePixel(out, holes[j], rgb, full);
        filled++;
      }
      return filled;
    });
  }
}
