/**
 * Seamless pasting of a patch completion (gradient-domain fusion, as in Pérez et al. 2003,
 * "Poisson image editing", and Agarwala et al. 2004, "Interactive digital photomontage"):
 * every hole pixel has a source pixel in the known photo; the fill keeps the sources'
 * gradients (where two neighbours come from different sources, the mean of what each
 * source says) and takes its level from the known photo around the hole, by solving the
 * Poisson equation over the hole pixels with the known pixels as the boundary. A copy
 * from a place a little brighter or darker (a sky's gradient, out-of-focus light) then
 * joins without a band, and two sources meet without a seam, while the copied texture stays
 * unaveraged.
 */
import type { Level } from './pyramid.js';
import { downsample, upsampleHoles } from './pyramid.js';

/** A coarser solution of the same holes (the level at half resolution, its holes pasted): a paste can start from its low frequencies. */
export interface CoarserPaste {
  readonly image: Float32Array;
  readonly width: number;
  readonly height: number;
}

/**
 * Fill the hole pixels of `level` from their sources (`source[p]`: a known pixel of the
 * level, for every hole pixel p) in the gradient domain, in place: `iterations` sweeps of
 * successive over-relaxation tuned to holes `deepest` pixels deep, starting from the plain copy,
 * or, given the same holes pasted at half resolution (`coarser`), from the copy's detail over
 * the coarser paste (the copy minus its own 2× low-pass, plus the coarser paste upsampled):
 * the level continued from around a deep hole is then settled already, and far fewer sweeps
 * do.
 * @example
 * blendFromSources(level, source, 200, 12); // the holes continue the photo around them, with the sources' texture
 */
export function blendFromSources(level: Level, source: Int32Array, iterations: number, deepest: number, coarser?: CoarserPaste): void {
  const { width: w, height: h, k, image, hole } = level;
  let n = 0;
  for (let p = 0; p < w * h; p++) if (hole[p]) n++;
  const holes = new Int32Array(n);
  for (let p = 0, i = 0; p < w * h; p++) if (hole[p]) holes[i++] = p;
  if (n === 0) return;
  // the guidance: per hole pixel, the sum over its neighbours of the wanted difference f_p - f_q, and the neighbour count
  const rhs = new Float32Array(n * k);
  const count = new Uint8Array(n);
  const neighbours = new Int32Array(n * 4).fill(-1);
  for (let i = 0; i < n; i++) {
    const p = holes[i];
    const x = p % w, y = (p - x) / w;
    const sp = source[p];
    for (let s = 0; s < 4; s++) {
      // left, right, up, down, where inside the level
      const d = s === 0 ? (x > 0 ? -1 : 0) : s === 1 ? (x < w - 1 ? 1 : 0) : s === 2 ? (y > 0 ? -w : 0) : y < h - 1 ? w : 0;
      if (d === 0) continue;
      const q = p + d;
      neighbours[i * 4 + s] = q;
      count[i]++;
      const sq = hole[q] ? source[q] : -1;
      for (let c = 0; c < k; c++) {
        // what p's source says of the step, and (for a hole neighbour) what q's source says
        let v = image[sp * k + c] - image[(sp + d) * k + c];
        if (sq >= 0) v = 0.5 * (v + image[(sq - d) * k + c] - image[sq * k + c]);
        rhs[i * k + c] += v;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const p = holes[i];
    for (let c = 0; c < k; c++) image[p * k + c] = image[source[p] * k + c];
  }
  if (coarser) {
    // the copy's detail over the coarser paste: copy - up(down(copy)) + up(coarser)
    const low = downsample(level);
    const copyLow = { ...level, image: new Float32Array(image.length) };
    upsampleHoles(low.image, low.width, low.height, copyLow);
    const base = { ...level, image: new Float32Array(image.length) };
    upsampleHoles(coarser.image, coarser.width, coarser.height, base);
    for (let i = 0; i < n; i++) {
      const p = holes[i];
      for (let c = 0; c < k; c++) image[p * k + c] += base.image[p * k + c] - copyLow.image[p * k + c];
    }
  }
  // the over-relaxation that suits a region as wide as the holes
  const omega = 2 / (1 + Math.PI / (2 * Math.max(1, deepest) + 2));
  if (k === 3) {
    sweepRgb(image, holes, neighbours, count, rhs, omega, iterations);
    return;
  }
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) {
      const p = holes[i];
      const m = count[i];
      for (let c = 0; c < k; c++) {
        let sum = rhs[i * k + c];
        for (let s = 0; s < 4; s++) {
          const q = neighbours[i * 4 + s];
          if (q >= 0) sum += image[q * k + c];
        }
        const cur = image[p * k + c];
        image[p * k + c] = cur + omega * (sum / m - cur);
      }
    }
  }
}

/**
 * blendFromSources' sweeps for RGB: the same arithmetic (neighbours summed in the same order,
 * float32 stores), with the channels unrolled.
 */
function sweepRgb(image: Float32Array, holes: Int32Array, neighbours: Int32Array, count: Uint8Array, rhs: Float32Array, omega: number, iterations: number): void {
  const n = holes.length;
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) {
      const p = holes[i] * 3, m = count[i], b = i * 3;
      let s0 = rhs[b], s1 = rhs[b + 1], s2 = rhs[b + 2];
      for (let s = 0; s < 4; s++) {
        const q = neighbours[i * 4 + s];
        if (q < 0) continue;
        const o = q * 3;
        s0 += image[o]; s1 += image[o + 1]; s2 += image[o + 2];
      }
      const c0 = image[p], c1 = image[p + 1], c2 = image[p + 2];
      image[p] = c0 + omega * (s0 / m - c0);
      image[p + 1] = c1 + omega * (s1 / m - c1);
      image[p + 2] = c2 + omega * (s2 / m - c2);
    }
  }
}
