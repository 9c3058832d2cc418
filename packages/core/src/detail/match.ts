/**
 * Where each cell of a hole finds its texture: correspondences between target cells (the
 * hole's cells and their neighbours) and source cells (cells whose whole patch lies outside
 * the holes), found on the coarse grid, where the network's fill stands for the hole.
 * Two methods, the two arms of the detail stage:
 *
 * - `patchMatch`: the nearest known patch for every target cell (Barnes et al. 2009:
 *   random initialisation, propagation from neighbours, random search at halving radii),
 *   one source per cell; coherent regions copy whole stretches of the photo's texture.
 * - `attention`: contextual attention (Yi et al. 2020, HiFill): every target cell scores
 *   a subsample of all source cells by patch distance and keeps the best few, weighted by a
 *   softmax of those scores; their residuals are blended.
 */
import type { Rng } from '@inpaint/mask-gen';
import type { CellGrid } from './grid.js';

/** Up to `perCell` sources per cell: source cell index (-1: none) and weight. */
export interface Correspondence {
  readonly perCell: number;
  readonly source: Int32Array;
  readonly weight: Float32Array;
}

/** Cells to give texture: hole cells and the cells next to them (they blend with the hole's cells). */
export function targetCells(grid: CellGrid): Uint8Array {
  const { width: w, height: h, hole } = grid;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!hole[y * w + x]) continue;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx, yy = y + dy;
        if (xx >= 0 && yy >= 0 && xx < w && yy < h) out[yy * w + xx] = 1;
      }
    }
  }
  return out;
}

/** Centres whose (2r+1)² patch is inside the grid and entirely known. */
export function sourceCells(grid: CellGrid, r: number): Int32Array {
  const { width: w, height: h, known } = grid;
  // row-wise run of known cells, then column-wise: a patch is valid when every row of it is
  const rowOk = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    let run = 0;
    for (let x = 0; x < w; x++) {
      run = known[y * w + x] ? run + 1 : 0;
      if (run >= 2 * r + 1) rowOk[y * w + x - r] = 1;
    }
  }
  const out: number[] = [];
  for (let y = r; y < h - r; y++) {
    for (let x = r; x < w - r; x++) {
      let ok = true;
      for (let dy = -r; dy <= r && ok; dy++) ok = rowOk[(y + dy) * w + x] === 1;
      if (ok) out.push(y * w + x);
    }
  }
  return Int32Array.from(out);
}

/** Sum of squared colour differences between the patches around target t and source s (target cells outside the grid skipped). */
function patchDistance(grid: CellGrid, t: number, s: number, r: number, stopAbove: number): number {
  const { width: w, height: h, channels: k, mean } = grid;
  const tx = t % w, ty = (t - tx) / w;
  const sx = s % w, sy = (s - sx) / w;
  let d = 0;
  for (let dy = -r; dy <= r; dy++) {
    const yy = ty + dy;
    if (yy < 0 || yy >= h) continue;
    for (let dx = -r; dx <= r; dx++) {
      const xx = tx + dx;
      if (xx < 0 || xx >= w) continue;
      const a = (yy * w + xx) * k;
      const b = ((sy + dy) * w + sx + dx) * k;
      for (let ch = 0; ch < k; ch++) {
        const e = mean[a + ch] - mean[b + ch];
        d += e * e;
      }
    }
    if (d > stopAbove) return d;
  }
  return d;
}

export interface PatchMatchOptions {
  /** Patch radius in cells. */
  readonly radius: number;
  /** Iterations on patch distance alone, then as many again with the coherence term. */
  readonly iterations: number;
  /**
   * Weight of coherence: the cost of each 4-neighbour whose offset differs, as a multiple of
   * the median patch distance after the first iterations. Coherent fields copy stretches of
   * texture whole instead of a patchwork of cell-sized stamps.
   */
  readonly coherence: number;
  /** Weight of each use of a source cell beyond its fair share, relative to coherence's unit. */
  readonly occurrence: number;
}

/**
 * Nearest-neighbour field from target cells to valid source cells.
 * @example
 * const nnf = patchMatch(grid, createRng(1), { radius: 2, iterations: 3, coherence: 2, occurrence: 0.5 });
 */
export function patchMatch(grid: CellGrid, rng: Rng, o: PatchMatchOptions): Correspondence | null {
  const { width: w, height: h } = grid;
  const r = o.radius;
  const sources = sourceCells(grid, r);
  if (sources.length === 0) return null;
  const valid = new Uint8Array(w * h);
  for (const s of sources) valid[s] = 1;
  const targets = targetCells(grid);
  const list: number[] = [];
  for (let i = 0; i < w * h; i++) if (targets[i]) list.push(i);
  const source = new Int32Array(w * h).fill(-1);
  const dist = new Float64Array(w * h).fill(Infinity);
  let lambda = 0;
  // how many 4-neighbours in the field would see a different offset if t took source s
  const mismatches = (t: number, s: number): number => {
    const off = s - t;
    const tx = t % w;
    let m = 0;
    if (tx > 0 && source[t - 1] >= 0 && source[t - 1] - (t - 1) !== off) m++;
    if (tx < w - 1 && source[t + 1] >= 0 && source[t + 1] - (t + 1) !== off) m++;
    if (t >= w && source[t - w] >= 0 && source[t - w] - (t - w) !== off) m++;
    if (t + w < w * h && source[t + w] >= 0 && source[t + w] - (t + w) !== off) m++;
    return m;
  };
  // occurrence: how many target cells copy from each source cell; a source used more than its
  // share costs more, so no stretch of the photo is stamped into the hole again and again
  const uses = new Int32Array(w * h);
  const share = Math.max(1, list.length / sources.length);
  const extra = (t: number, s: number): number => lambda > 0 ? lambda * (mismatches(t, s) + o.occurrence * Math.max(0, uses[s] + (source[t] === s ? 0 : 1) - share)) : 0;
  const energy = (t: number, s: number, d: number): number => d + extra(t, s);
  for (const t of list) {
    const s = sources[rng.int(0, sources.length - 1)];
    source[t] = s;
    uses[s]++;
    dist[t] = patchDistance(grid, t, s, r, Infinity);
  }
  const tryCandidate = (t: number, s: number): void => {
    if (s < 0 || s >= w * h || !valid[s] || s === source[t]) return;
    const current = energy(t, source[t], dist[t]);
    const penalty = extra(t, s);
    if (penalty >= current) return;
    const d = patchDistance(grid, t, s, r, current - penalty);
    if (d + penalty < current) {
      uses[source[t]]--;
      uses[s]++;
      dist[t] = d;
      source[t] = s;
    }
  };
  const maxRadius = Math.max(w, h);
  for (let it = 0; it < 2 * o.iterations; it++) {
    if (it === o.iterations && o.coherence > 0) {
      const ds = list.map((t) => dist[t]).sort((a, b) => a - b);
      lambda = o.coherence * (ds[Math.floor(ds.length / 2)] + 1e-6);
    }
    const forward = it % 2 === 0;
    const step = forward ? 1 : -1;
    for (let n = 0; n < list.length; n++) {
      const t = list[forward ? n : list.length - 1 - n];
      const tx = t % w, ty = (t - tx) / w;
      // propagation: the neighbour's source, shifted by one cell
      const nx = tx - step, ny = ty - step;
      if (nx >= 0 && nx < w && source[ty * w + nx] >= 0) {
        const s = source[ty * w + nx];
        const sx = (s % w) + step;
        if (sx >= 0 && sx < w) tryCandidate(t, s + step);
      }
      if (ny >= 0 && ny < h && source[ny * w + tx] >= 0) {
        const s = source[ny * w + tx];
        const sy = Math.floor(s / w) + step;
        if (sy >= 0 && sy < h) tryCandidate(t, s + step * w);
      }
      // random search around the current best, at halving radii
      const cur = source[t];
      const cx = cur % w, cy = (cur - cx) / w;
      for (let rad = maxRadius; rad >= 1; rad = Math.floor(rad / 2)) {
        const x = cx + rng.int(-rad, rad), y = cy + rng.int(-rad, rad);
        if (x >= 0 && y >= 0 && x < w && y < h) tryCandidate(t, y * w + x);
      }
    }
  }
  return { perCell: 1, source, weight: new Float32Array(w * h).fill(1) };
}

export interface AttentionOptions {
  /** Patch radius in cells. */
  readonly radius: number;
  /** Most source cells scored per target cell (a regular subsample of all of them). */
  readonly candidates: number;
  /** Sources kept per target cell. */
  readonly keep: number;
}

/**
 * Contextual attention: the `keep` best of a subsample of source cells, softmax-weighted.
 * @example
 * const att = attention(grid, { radius: 1, candidates: 1024, keep: 4 });
 */
export function attention(grid: CellGrid, o: AttentionOptions): Correspondence | null {
  const { width: w, height: h } = grid;
  const all = sourceCells(grid, o.radius);
  if (all.length === 0) return null;
  const stride = Math.max(1, Math.ceil(all.length / o.candidates));
  const cands: number[] = [];
  for (let i = 0; i < all.length; i += stride) cands.push(all[i]);
  const targets = targetCells(grid);
  const K = Math.min(o.keep, cands.length);
  const source = new Int32Array(w * h * K).fill(-1);
  const weight = new Float32Array(w * h * K);
  const bestD = new Float64Array(K);
  const bestS = new Int32Array(K);
  for (let t = 0; t < w * h; t++) {
    if (!targets[t]) continue;
    bestD.fill(Infinity);
    bestS.fill(-1);
    for (const s of cands) {
      const d = patchDistance(grid, t, s, o.radius, bestD[K - 1]);
      if (d >= bestD[K - 1]) continue;
      let j = K - 1;
      while (j > 0 && bestD[j - 1] > d) {
        bestD[j] = bestD[j - 1];
        bestS[j] = bestS[j - 1];
        j--;
      }
      bestD[j] = d;
      bestS[j] = s;
    }
    // softmax of -d / temperature, the temperature set by the best score (scale-free)
    const temp = bestD[0] + 1e-4;
    let sum = 0;
    for (let j = 0; j < K; j++) {
      const e = bestS[j] >= 0 ? Math.exp(-(bestD[j] - bestD[0]) / temp) : 0;
      weight[t * K + j] = e;
      source[t * K + j] = bestS[j];
      sum += e;
    }
    for (let j = 0; j < K; j++) weight[t * K + j] /= sum;
  }
  return { perCell: K, source, weight };
}
