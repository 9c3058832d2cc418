/**
 * Keeping a fill within its surroundings' colours. A network's fill of a thin hole can carry
 * colours that nothing around it has: a brighter or darker line along a stroke across a
 * clear sky, blocks of another hue at its edge. The eye finds those at once, where a fill that
 * is merely smooth passes. So each filled pixel is held, channel by channel, within the
 * range (lowest to highest) of the known pixels within `radius` of it: where the
 * surroundings are flat the range is narrow and the stray colours go; where they hold
 * texture or an edge the range is wide and the fill stays as it was. Pixels farther than
 * `radius` from every known pixel (deep inside a large hole) are left alone, and so are the
 * alpha channel and every pixel outside the holes.
 *
 * Built as a plugin on the `composite` hook (ClampPlugin, named 'clamp'), after the detail
 * stage, for the `clamp` option (a radius in pixels; 0 turns it off). It leaves windows that
 * the detail stage filled with the photo's own pixels (`CompositeEvent.fromPhoto`): there the
 * near pixels' range would cut a copy of the photo from farther away to a flat block.
 */
import type { Box, Mask } from '@inpaint/mask-gen';
import type { InpainterPlugin } from './hooks.js';
import type { RawImage } from './image.js';

/**
 * Sliding minimum over windows of 2r+1 samples of `src`, read at `src[start + i * step]` for
 * i < n and written likewise into `dst`; samples past either end count as +Infinity (van
 * Herk / Gil & Werman: three comparisons a sample, whatever r). A maximum is the minimum of
 * the negated samples. `g` and `h` are scratch of at least n + 2r + 1.
 */
function slidingMin(src: Float32Array, dst: Float32Array, start: number, step: number, n: number, r: number, g: Float32Array, h: Float32Array): void {
  const k = 2 * r + 1;
  const m = n + 2 * r; // padded by r on each side: padded j is sample j - r
  for (let b = 0; b < m; b += k) {
    const e = Math.min(m, b + k);
    let run = Infinity;
    for (let j = b; j < e; j++) {
      const i = j - r;
      const v = i >= 0 && i < n ? src[start + i * step] : Infinity;
      if (v < run) run = v;
      g[j] = run;
    }
    run = Infinity;
    for (let j = e - 1; j >= b; j--) {
      const i = j - r;
      const v = i >= 0 && i < n ? src[start + i * step] : Infinity;
      if (v < run) run = v;
      h[j] = run;
    }
  }
  // the window of sample i spans padded j = i .. i + 2r
  for (let i = 0; i < n; i++) {
    const a = h[i], b = g[i + 2 * r];
    dst[start + i * step] = a < b ? a : b;
  }
}

/**
 * The sliding minimum of slidingMin down the columns of a w × h plane, all columns at once,
 * row by row (memory in order); `g` and `h` are scratch of at least (rows + 2r) × w.
 */
function columnMin(src: Float32Array, dst: Float32Array, w: number, rows: number, r: number, g: Float32Array, h: Float32Array): void {
  const k = 2 * r + 1;
  const m = rows + 2 * r;
  const row = (j: number, into: Float32Array, from: number) => {
    const i = j - r;
    if (i < 0 || i >= rows) { into.fill(Infinity, j * w, j * w + w); return; }
    into.set(src.subarray(i * w, i * w + w), j * w);
    if (from < 0) return;
    for (let x = 0, a = j * w, b = from * w; x < w; x++, a++, b++) if (into[b] < into[a]) into[a] = into[b];
  };
  for (let b = 0; b < m; b += k) {
    const e = Math.min(m, b + k);
    for (let j = b; j < e; j++) row(j, g, j === b ? -1 : j - 1);
    for (let j = e - 1; j >= b; j--) row(j, h, j === e - 1 ? -1 : j + 1);
  }
  for (let i = 0; i < rows; i++) {
    for (let x = 0, a = i * w, b = (i + 2 * r) * w, d = i * w; x < w; x++, a++, b++, d++) dst[d] = h[a] < g[b] ? h[a] : g[b];
  }
}

/**
 * Hold the hole pixels of `image` inside `fill` within the per-channel range of the known
 * pixels (mask 0) within `radius` pixels of them (a square window), in place.
 * @example
 * clampToSurroundings(output, mask, { x0: 0, y0: 0, x1: output.width, y1: output.height }, 16);
 */
export function clampToSurroundings(image: RawImage, mask: Mask, fill: Box, radius: number): void {
  const r = Math.max(1, Math.round(radius));
  const { width, channels } = image;
  const colour = channels === 2 || channels === 4 ? channels - 1 : channels;
  // the holes' own bounds inside `fill` (a window's fill box holds its context too), then
  // the region whose known pixels can reach them
  let hx0 = Infinity, hy0 = Infinity, hx1 = -1, hy1 = -1;
  for (let y = Math.max(0, fill.y0); y < Math.min(image.height, fill.y1); y++) {
    const row = y * width;
    for (let x = Math.max(0, fill.x0); x < Math.min(width, fill.x1); x++) {
      if (!mask.data[row + x]) continue;
      if (x < hx0) hx0 = x;
      if (x >= hx1) hx1 = x + 1;
      if (y < hy0) hy0 = y;
      hy1 = y + 1;
    }
  }
  if (hx1 < 0) return;
  const x0 = Math.max(0, hx0 - r), y0 = Math.max(0, hy0 - r);
  const x1 = Math.min(width, hx1 + r), y1 = Math.min(image.height, hy1 + r);
  const w = x1 - x0, h = y1 - y0;
  if (w <= 0 || h <= 0) return;
  const plane = new Float32Array(w * h), lo = new Float32Array(w * h), hi = new Float32Array(w * h), tmp = new Float32Array(w * h);
  const g = new Float32Array(w + 2 * r + 1), hh = new Float32Array(w + 2 * r + 1);
  const cg = new Float32Array((h + 2 * r) * w), ch = new Float32Array((h + 2 * r) * w);
  for (let c = 0; c < colour; c++) {
    for (const sign of [1, -1]) {
      // known samples as they are (negated for the maximum); holes never bound the range
      for (let y = 0; y < h; y++) {
        let p = (y0 + y) * width + x0;
        for (let x = 0; x < w; x++, p++) plane[y * w + x] = mask.data[p] ? Infinity : sign * image.data[p * channels + c];
      }
      for (let y = 0; y < h; y++) slidingMin(plane, tmp, y * w, 1, w, r, g, hh);
      const out = sign > 0 ? lo : hi;
      columnMin(tmp, out, w, h, r, cg, ch);
    }
    for (let y = Math.max(fill.y0, y0); y < Math.min(fill.y1, y1); y++) {
      for (let x = Math.max(fill.x0, x0); x < Math.min(fill.x1, x1); x++) {
        const p = y * width + x;
        if (!mask.data[p]) continue;
        const i = (y - y0) * w + (x - x0);
        const low = lo[i], high = -hi[i];
        if (low > high) continue; // no known pixel within reach
        const k = p * channels + c;
        const v = image.data[k];
        if (v < low) image.data[k] = low;
        else if (v > high) image.data[k] = high;
      }
    }
  }
}

/**
 * The built-in 'clamp' stage: each window's filled pixels held within their surroundings'
 * range, after the detail stage has run on them (`clamp` option; applied by every Inpainter
 * unless replaced by a plugin named 'clamp'), except in windows filled with the photo's own
 * pixels (`fromPhoto`).
 * @example
 * const out = await inpainter.inpaint(image, mask, { clamp: 0 }); // without it
 */
export const ClampPlugin: InpainterPlugin = Object.freeze<InpainterPlugin>({
  name: 'clamp',
  apply(inpainter) {
    inpainter.hooks.composite.tap('ClampPlugin', (event, ctx) => {
      if (ctx.options.clamp <= 0 || event.pixels === 0 || event.fromPhoto === true) return;
      clampToSurroundings(event.output, ctx.mask, event.window.fill, ctx.options.clamp);
    });
  },
});
