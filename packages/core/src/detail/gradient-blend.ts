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
import { blur } from './pyramid.js';

/** How far along the hole's boundary the copy's offset is averaged (box-blur radius, px). */
const OFFSET_REACH = 6;

/** A link to the known photo whose mismatch differs from the mean nearby by more than this (colour units, [0, 1]) is left out. */
const OUTLIER = 0.04;

/**
 * Fill the hole pixels of `level` from their sources (`source[p]`: a known pixel of the
 * level, for every hole pixel p) in the gradient domain, in place: `iterations` sweeps of
 * successive over-relaxation tuned to holes `deepest` pixels deep, starting from the plain copy.
 * @example
 * blendFromSources(level, source, 200, 12); // the holes continue the photo around them, with the sources' texture
 */
export function blendFromSources(level: Level, source: Int32Array, iterations: number, deepest: number, outlier = OUTLIER): void {
  const { width: w, height: h, k, image, hole } = level;
  const holes: number[] = [];
  for (let p = 0; p < w * h; p++) if (hole[p]) holes.push(p);
  const n = holes.length;
  if (n === 0) return;
  // what the photo around the hole says of each source: at every link of a hole pixel p to a
  // known neighbour q, the known value minus the value p's source has there; its mean along
  // the boundary nearby is the copy's offset (a brighter or darker place), which the paste
  // takes out; a link that differs from that mean by more than `outlier` is where the copy
  // puts an edge or another surface against the photo, and is left out, or the correction
  // would spread that difference into the copy (a pale blob where a sky's copy meets a tree)
  const steps = (x: number, y: number): number[] => [x > 0 ? -1 : 0, x < w - 1 ? 1 : 0, y > 0 ? -w : 0, y < h - 1 ? w : 0];
  const offsetSum = new Float32Array(w * h * k), offsetCount = new Float32Array(w * h);
  for (const p of holes) {
    const x = p % w, y = (p - x) / w, sp = source[p];
    for (const d of steps(x, y)) {
      if (d === 0 || hole[p + d]) continue;
      for (let c = 0; c < k; c++) offsetSum[p * k + c] += image[(p + d) * k + c] - image[(sp + d) * k + c];
      offsetCount[p]++;
    }
  }
  const meanSum = blur(offsetSum, w, h, k, OFFSET_REACH), meanCount = blur(offsetCount, w, h, 1, OFFSET_REACH);
  // the guidance: per hole pixel, the sum over its links of the wanted difference f_p - f_q, and the link count
  const rhs = new Float32Array(n * k);
  const count = new Uint8Array(n);
  const neighbours = new Int32Array(n * 4).fill(-1);
  for (let i = 0; i < n; i++) {
    const p = holes[i];
    const x = p % w, y = (p - x) / w;
    const sp = source[p];
    const st = steps(x, y);
    for (let s = 0; s < 4; s++) {
      const d = st[s];
      if (d === 0) continue;
      const q = p + d;
      const sq = hole[q] ? source[q] : -1;
      if (sq < 0 && meanCount[p] > 0) {
        let off = 0;
        for (let c = 0; c < k; c++) off = Math.max(off, Math.abs(image[q * k + c] - image[(sp + d) * k + c] - meanSum[p * k + c] / meanCount[p]));
        if (off > outlier) continue;
      }
      neighbours[i * 4 + s] = q;
      count[i]++;
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
  // the over-relaxation that suits a region as wide as the holes
  const omega = 2 / (1 + Math.PI / (2 * Math.max(1, deepest) + 2));
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) {
      const p = holes[i];
      const m = count[i];
      if (m === 0) continue;
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

