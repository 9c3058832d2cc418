/**
 * Guided completion (the `detail: 'complete'` mode): coarse-to-fine EM completion over an
 * image pyramid (Wexler, Shechtman and Irani 2007), with PatchMatch (Barnes et al. 2009)
 * as the search. At every level each patch that overlaps the hole gets a source patch
 * lying wholly in the known photo, and every hole pixel is re-voted from the source
 * pixels of the patches that cover it, by a mode-seeking vote (mean shift over the
 * candidates, not their average), so every frequency of the fill is the photo's own.
 *
 * The network's fill guides it: it initialises the coarsest level, and the patch distance
 * has a second term, the distance between the low-pass of the candidate and the low-pass
 * of the network's fill at that place (low frequencies only: a colour distance to a
 * smooth guide would pull the search to smooth sources, and the fill would come out hazy).
 * Its weight falls as the levels grow finer than the network's own scale, so the network
 * decides what goes where and the photo decides how it looks. An occurrence term makes a
 * source region that is already used more than once more expensive, against stamped
 * repeats. Seeded: the same input gives the same bytes.
 */
import type { Rng } from '@inpaint/mask-gen';
import type { Level } from './pyramid.js';
import { blur, downsample, downsamplePlane, textureEnergy, upsampleHoles } from './pyramid.js';

/** What a level of the completion runs. */
export interface LevelSchedule {
  /** Patch radius (patches are (2r+1)²). */
  readonly radius: number;
  /** EM iterations (search, then vote). */
  readonly em: number;
  /** PatchMatch passes per EM iteration. */
  readonly passes: number;
  /** Largest random-search radius (halved down to 1). */
  readonly searchRadius: number;
  /** Weight of the guide term, per patch pixel, against the raw patch distance. */
  readonly guide: number;
  /** Radius of the low-pass the guide term compares (box blurs, in level pixels). */
  readonly guideBlur: number;
  /** The first EM iteration compares low-passes only (the coarsest level starts from a smooth fill). */
  readonly guideFirst: boolean;
}

export interface CompletionOptions {
  /** The network's scale for this window (its input size ÷ the window's size), in (0, 1]. */
  readonly networkScale: number;
  readonly rng: Rng;
  /** Weight of the guide term at the network's own scale. Default 1. */
  readonly guide?: number;
  /** Weight of the occurrence term. Default 0.5. */
  readonly occurrence?: number;
  /** Mean-shift bandwidth of the vote, in colour units ([0, 1]). Default 0.1. */
  readonly bandwidth?: number;
  /** Weight of the texture-energy part of the guide (how sharp the photo is around the hole). Default 16. */
  readonly energy?: number;
  /** Levels coarser than the network's scale to start from. Default 3. */
  readonly extraLevels?: number;
  /** Smallest side of the coarsest level. Default 32. */
  readonly minSide?: number;
  /** Called after each level, coarsest first, with the levels done and in all (progress for slow fills). */
  readonly onLevel?: (done: number, total: number) => void;
  /** The last vote at full resolution takes the candidate nearest the mode, not the mode's mean (no averaging left at full resolution). Default true. */
  readonly pickFinest?: boolean;
  /** Vote weight falls by this factor per pixel a patch's centre lies inside the hole (Wexler's confidence; 1: off). Default 1.3. */
  readonly confidence?: number;
  /** EM iterations at full resolution. Default 1. */
  readonly fineEm?: number;
}

/** Holes at most this deep, in the network's pixels, are filled by the network well enough to guide at full weight. */
const TRUSTED_DEPTH = 8;

/**
 * How far the network's fill is trusted as a guide, from the depth of the window's holes
 * (the largest distance from a hole pixel to a known one) in the network's pixels: fully up
 * to TRUSTED_DEPTH (a thin stroke, which the network fills from context on both sides),
 * then falling with the square of the depth. Deep holes get the network's average of what
 * could be there (grey between a petal and its background): guided by it, their fills came
 * out as that average, and the coarsest level's start from it is guidance enough.
 */
export function guideTrust(holeDepth: number, networkScale: number): number {
  const depth = holeDepth * networkScale;
  return depth <= TRUSTED_DEPTH ? 1 : (TRUSTED_DEPTH / depth) ** 2;
}

/** The guide's weight at a level `finer` times finer than the network resolved: falling with its square, dropped past 3× (below 1/9 of the raw distance's weight). */
function guideAt(o: Pick<CompletionOptions, 'guide'>, trust: number, finer: number): number {
  return finer >= 3 ? 0 : (o.guide ?? 1) * trust / Math.max(1, finer * finer);
}

/** The levels' schedule, coarsest first: level ℓ is 2^-ℓ of the window's resolution. */
export function schedule(width: number, height: number, o: Pick<CompletionOptions, 'networkScale' | 'guide' | 'extraLevels' | 'minSide' | 'fineEm'>, trust = 1): LevelSchedule[] {
  const minSide = o.minSide ?? 32;
  let coarsest = Math.max(0, Math.ceil(Math.log2(1 / o.networkScale) - 1e-9));
  const extra = o.extraLevels ?? 3;
  for (let e = 0; e < extra && Math.min(width, height) / 2 ** (coarsest + 1) >= minSide; e++) coarsest++;
  while (coarsest > 0 && Math.min(width, height) / 2 ** coarsest < minSide) coarsest--;
  const out: LevelSchedule[] = [];
  for (let l = coarsest; l >= 0; l--) {
    const finer = 2 ** -l / o.networkScale; // > 1: finer than the network resolved
    const first = l === coarsest;
    out.push({
      radius: l === 0 && !first ? 2 : 3,
      em: first ? 5 : l === 0 ? (o.fineEm ?? 1) : 2,
      passes: first ? 4 : l === 0 ? Math.min(2, o.fineEm ?? 1) : 2,
      searchRadius: first ? Math.max(width, height) : 6,
      guide: guideAt(o, trust, finer),
      guideBlur: finer >= 3 ? 0 : Math.max(1, Math.round(finer)),
      guideFirst: first,
    });
  }
  return out;
}

/** Per-level search state. */
export interface Field {
  readonly level: Level;
  readonly r: number;
  /** Low-pass of the network's fill at this level. */
  readonly lowPass: Float32Array;
  /** Texture energy at this level (hole pixels: interpolated from around the hole). */
  readonly energy: Float32Array;
  /** 1 where a source patch may be centred (wholly inside the level and outside the holes). */
  readonly valid: Uint8Array;
  readonly validList: Int32Array;
  /** Pixels whose patch overlaps a hole, ascending. */
  readonly targets: Int32Array;
  /** Pixel -> index in targets, or -1. */
  readonly targetOf: Int32Array;
  /** Source pixel per target, and its distance (without the occurrence term). */
  readonly nnf: Int32Array;
  readonly dist: Float32Array;
  /** City-block distance of each pixel to the nearest known one (0 outside the holes). */
  readonly depth: Float32Array;
}

/** Sum of `hole` over every (2r+1)² box, clipped at the edges, from an integral image. */
function boxCounts(hole: Uint8Array, w: number, h: number, r: number): { sum: (x: number, y: number) => number } {
  const ii = new Int32Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += hole[y * w + x];
      ii[(y + 1) * (w + 1) + x + 1] = ii[y * (w + 1) + x + 1] + row;
    }
  }
  return {
    sum(x, y) {
      const x0 = Math.max(0, x - r), y0 = Math.max(0, y - r), x1 = Math.min(w, x + r + 1), y1 = Math.min(h, y + r + 1);
      return ii[y1 * (w + 1) + x1] - ii[y0 * (w + 1) + x1] - ii[y1 * (w + 1) + x0] + ii[y0 * (w + 1) + x0];
    },
  };
}

export function makeField(level: Level, lowPass: Float32Array, energy: Float32Array, r: number, depth = cityBlockDepth(level.hole, level.width, level.height)): Field {
  const { width: w, height: h, hole } = level;
  const counts = boxCounts(hole, w, h, r);
  const valid = new Uint8Array(w * h);
  const validAt = new Int32Array(w * h), targetAt = new Int32Array(w * h);
  let nValid = 0, nTargets = 0;
  const targetOf = new Int32Array(w * h).fill(-1);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      const n = counts.sum(x, y);
      if (n > 0) {
        targetOf[p] = nTargets;
        targetAt[nTargets++] = p;
      } else if (x >= r && y >= r && x < w - r && y < h - r) {
        valid[p] = 1;
        validAt[nValid++] = p;
      }
    }
  }
  const targets = targetAt.slice(0, nTargets);
  return { level, r, lowPass, energy, valid, validList: validAt.slice(0, nValid), targets, targetOf, nnf: new Int32Array(nTargets), dist: new Float32Array(nTargets), depth };
}

/** The search of one level: patch distances with the guide and occurrence terms, PatchMatch passes. */
export class Search {
  readonly #f: Field;
  readonly #rng: Rng;
  readonly #w: number;
  readonly #h: number;
  readonly #k: number;
  readonly #guideWeight: number;
  readonly #energyWeight: number;
  #guideOnly = false;
  #knownOnly = false;
  /** Occurrence: how often source centres of each bin are used, and the penalty's scale. */
  readonly #occ: Float32Array;
  readonly #bin: number;
  readonly #binsW: number;
  readonly #occUnit: number;
  /** Cost of each 4-neighbouring target whose source is not this one's shifted by one pixel (0: off). */
  #cohUnit = 0;

  constructor(f: Field, s: LevelSchedule, rng: Rng, occurrence: number, energy: number) {
    this.#f = f;
    this.#rng = rng;
    this.#w = f.level.width;
    this.#h = f.level.height;
    this.#k = f.level.k;
    const n = (2 * f.r + 1) ** 2;
    this.#guideWeight = s.guide * n / 9;
    this.#energyWeight = energy * this.#k;
    this.#bin = 2 * f.r + 1;
    this.#binsW = Math.ceil(this.#w / this.#bin);
    this.#occ = new Float32Array(this.#binsW * Math.ceil(this.#h / this.#bin));
    this.#occUnit = occurrence * n * this.#k * 0.0025;
  }

  /** Weight of the coherence term: each 4-neighbouring target whose source, shifted by the step between them, is not the candidate costs this much (in the units of the occurrence term). */
  set coherence(v: number) {
    const n = (2 * this.#f.r + 1) ** 2;
    this.#cohUnit = v * n * this.#k * 0.0025;
  }

  /** How many of target p's 4-neighbouring targets disagree with source q (their source shifted by the step is not q). */
  #incoherent(p: number, q: number): number {
    const f = this.#f, w = this.#w;
    const px = p % w;
    let n = 0;
    if (px > 0) { const j = f.targetOf[p - 1]; if (j >= 0 && f.nnf[j] + 1 !== q) n++; }
    if (px < w - 1) { const j = f.targetOf[p + 1]; if (j >= 0 && f.nnf[j] - 1 !== q) n++; }
    if (p >= w) { const j = f.targetOf[p - w]; if (j >= 0 && f.nnf[j] + w !== q) n++; }
    if (p + w < f.targetOf.length) { const j = f.targetOf[p + w]; if (j >= 0 && f.nnf[j] - w !== q) n++; }
    return n;
  }

  set guideOnly(v: boolean) {
    this.#guideOnly = v;
  }

  /** Compare the known pixels of the target's patch only (its hole pixels' estimate left out), with the guide term. */
  set knownOnly(v: boolean) {
    this.#knownOnly = v;
  }

  #binOf(q: number): number {
    const x = q % this.#w;
    return ((q - x) / this.#w / this.#bin | 0) * this.#binsW + (x / this.#bin | 0);
  }

  #penalty(q: number): number {
    const use = this.#occ[this.#binOf(q)] / (this.#bin * this.#bin) - 1;
    return use > 0 ? this.#occUnit * use : 0;
  }

  /** Patch distance between target p and source q, stopping once it passes `stop`. */
  distance(p: number, q: number, stop: number): number {
    const w = this.#w, h = this.#h, k = this.#k, r = this.#f.r;
    const img = this.#guideOnly ? this.#f.lowPass : this.#f.level.image;
    const px = p % w, py = (p - px) / w;
    const dy0 = Math.max(-r, -py), dy1 = Math.min(r, h - 1 - py);
    const dx0 = Math.max(-r, -px), dx1 = Math.min(r, w - 1 - px);
    let d = 0;
    if (this.#energyWeight > 0) {
      const e = this.#f.energy[p] - this.#f.energy[q];
      d = e * e * this.#energyWeight * (dy1 - dy0 + 1) * (dx1 - dx0 + 1);
      if (d > stop) return d;
    }
    if (!this.#guideOnly && this.#guideWeight > 0) {
      const g = this.#f.lowPass;
      let gd = 0;
      for (let sy = -1; sy <= 1; sy++) {
        const dy = sy * r;
        if (dy < dy0 || dy > dy1) continue;
        for (let sx = -1; sx <= 1; sx++) {
          const dx = sx * r;
          if (dx < dx0 || dx > dx1) continue;
          const a = (p + dy * w + dx) * k, b = (q + dy * w + dx) * k;
          for (let c = 0; c < k; c++) {
            const e = g[a + c] - g[b + c];
            gd += e * e;
          }
        }
      }
      d += gd * this.#guideWeight;
      if (d > stop) return d;
    }
    if (this.#knownOnly) {
      const hole = this.#f.level.hole;
      for (let dy = dy0; dy <= dy1; dy++) {
        for (let dx = dx0; dx <= dx1; dx++) {
          const t = p + dy * w + dx;
          if (hole[t]) continue;
          const a = t * k, b = (q + dy * w + dx) * k;
          for (let c = 0; c < k; c++) {
            const e = img[a + c] - img[b + c];
            d += e * e;
          }
        }
        if (d > stop) return d;
      }
      return d;
    }
    for (let dy = dy0; dy <= dy1; dy++) {
      let a = (p + dy * w + dx0) * k;
      let b = (q + dy * w + dx0) * k;
      const end = a + (dx1 - dx0 + 1) * k;
      for (; a < end; a++, b++) {
        const e = img[a] - img[b];
        d += e * e;
      }
      if (d > stop) return d;
    }
    return d;
  }

  /** Set target i's source to q and its distance, keeping the occurrence counts. */
  assign(i: number, q: number): void {
    const f = this.#f;
    f.nnf[i] = q;
    f.dist[i] = this.distance(f.targets[i], q, Infinity);
    this.#occ[this.#binOf(q)]++;
  }

  /** Recompute every target's distance to its current source (after the estimate changed). */
  refresh(): void {
    const f = this.#f;
    for (let i = 0; i < f.targets.length; i++) f.dist[i] = this.distance(f.targets[i], f.nnf[i], Infinity);
  }

  #try(i: number, q: number): void {
    const f = this.#f;
    if (q < 0 || q >= f.valid.length || !f.valid[q]) return;
    const cur = f.nnf[i];
    if (q === cur) return;
    let pen = this.#penalty(q), penCur = this.#penalty(cur);
    if (this.#cohUnit > 0) {
      const p = f.targets[i];
      pen += this.#cohUnit * this.#incoherent(p, q);
      penCur += this.#cohUnit * this.#incoherent(p, cur);
    }
    const bound = f.dist[i] + penCur - pen;
    if (bound <= 0) return;
    const d = this.distance(f.targets[i], q, bound);
    if (d >= bound) return;
    this.#occ[this.#binOf(cur)]--;
    this.#occ[this.#binOf(q)]++;
    f.nnf[i] = q;
    f.dist[i] = d;
  }

  /** One PatchMatch pass: propagation from the neighbours already visited, then random search. */
  pass(forward: boolean, maxRadius: number): void {
    const f = this.#f;
    const w = this.#w, h = this.#h, rng = this.#rng;
    const n = f.targets.length;
    const step = forward ? 1 : -1;
    for (let m = 0; m < n; m++) {
      const i = forward ? m : n - 1 - m;
      const p = f.targets[i];
      const px = p % w;
      // propagation: the neighbour's source, shifted by one pixel
      if (px - step >= 0 && px - step < w) {
        const j = f.targetOf[p - step];
        if (j >= 0) this.#try(i, f.nnf[j] + step);
      }
      const up = p - step * w;
      if (up >= 0 && up < w * h) {
        const j = f.targetOf[up];
        if (j >= 0) this.#try(i, f.nnf[j] + step * w);
      }
      // random search around the current best, at halving radii
      for (let rad = maxRadius; rad >= 1; rad >>= 1) {
        const q = f.nnf[i];
        const qx = q % w, qy = (q - qx) / w;
        const x = Math.min(w - 1, Math.max(0, qx + rng.int(-rad, rad)));
        const y = Math.min(h - 1, Math.max(0, qy + rng.int(-rad, rad)));
        this.#try(i, y * w + x);
      }
    }
  }
}

/** City-block distance of every hole pixel to the nearest known pixel (0 outside the holes). */
export function cityBlockDepth(hole: Uint8Array, w: number, h: number): Float32Array {
  const d = new Float32Array(w * h);
  const far = w + h;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      if (!hole[p]) continue;
      d[p] = Math.min(x > 0 ? d[p - 1] + 1 : far, y > 0 ? d[p - w] + 1 : far);
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1; x >= 0; x--) {
      const p = y * w + x;
      if (!hole[p]) continue;
      d[p] = Math.min(d[p], x < w - 1 ? d[p + 1] + 1 : far, y < h - 1 ? d[p + w] + 1 : far);
    }
  }
  return d;
}

/** The 75th percentile of a sample of the distances (the vote's scale, as in Wexler et al.). */
function spread(dist: Float32Array): number {
  const n = dist.length;
  const step = Math.max(1, Math.floor(n / 4096));
  const sample: number[] = [];
  for (let i = 0; i < n; i += step) sample.push(dist[i]);
  sample.sort((a, b) => a - b);
  return sample[Math.floor(sample.length * 0.75)] + 1e-6;
}

/**
 * vote's mean-shift for one RGB pixel from its n candidates (cand: n × 3 colours, cw: their
 * weights), written to next[at..at+2]: the same arithmetic as the general path (float32
 * stores, float64 sums, in the same order), with the channels unrolled.
 */
function voteRgb(cand: Float32Array, cw: Float32Array, n: number, h2: number, pick: boolean, next: Float32Array, at: number): void {
  const f32 = Math.fround;
  let sum = 0, m0 = 0, m1 = 0, m2 = 0;
  for (let j = 0; j < n; j++) {
    const wj = cw[j], b = j * 3;
    sum += wj;
    m0 = f32(m0 + wj * cand[b]);
    m1 = f32(m1 + wj * cand[b + 1]);
    m2 = f32(m2 + wj * cand[b + 2]);
  }
  m0 = f32(m0 / sum); m1 = f32(m1 / sum); m2 = f32(m2 / sum);
  for (let it = 0; it < 2; it++) {
    let s2 = 0, a0 = 0, a1 = 0, a2 = 0;
    for (let j = 0; j < n; j++) {
      const b = j * 3;
      const c0 = cand[b], c1 = cand[b + 1], c2 = cand[b + 2];
      const e0 = c0 - m0, e1 = c1 - m1, e2 = c2 - m2;
      const kern = 1 - (e0 * e0 + e1 * e1 + e2 * e2) / h2;
      if (kern <= 0) continue;
      const wj = cw[j] * kern;
      s2 += wj;
      a0 += wj * c0; a1 += wj * c1; a2 += wj * c2;
    }
    if (s2 <= 0) break;
    m0 = f32(a0 / s2); m1 = f32(a1 / s2); m2 = f32(a2 / s2);
  }
  if (pick) {
    let best = 0, bestD = Infinity;
    for (let j = 0; j < n; j++) {
      const b = j * 3;
      const e0 = cand[b] - m0, e1 = cand[b + 1] - m1, e2 = cand[b + 2] - m2;
      const d2 = e0 * e0 + e1 * e1 + e2 * e2;
      if (d2 < bestD) {
        bestD = d2;
        best = j;
      }
    }
    m0 = cand[best * 3]; m1 = cand[best * 3 + 1]; m2 = cand[best * 3 + 2];
  }
  next[at] = m0; next[at + 1] = m1; next[at + 2] = m2;
}

/**
 * Re-vote every hole pixel from the source pixels of the patches that cover it: weights
 * from the patches' distances, then mean shift towards the densest colour (a mode, not the
 * average, so two textures that disagree do not blend into a third).
 */
export function vote(f: Field, bandwidth: number, pick = false, gamma = 1): void {
  const { width: w, height: h, k, image, hole } = f.level;
  const r = f.r;
  const sigma2 = 2 * spread(f.dist);
  const weight = new Float32Array(f.targets.length);
  const depth = gamma > 1 ? f.depth : null;
  for (let i = 0; i < f.targets.length; i++) weight[i] = Math.exp(-f.dist[i] / sigma2) * (depth ? gamma ** -depth[f.targets[i]] : 1) + 1e-12;
  const next = new Float32Array(image.length);
  const maxN = (2 * r + 1) ** 2;
  const cand = new Float32Array(maxN * k);
  const cw = new Float32Array(maxN);
  const h2 = bandwidth * bandwidth;
  const mean = new Float32Array(k);
  const acc = new Float64Array(k);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = y * w + x;
      if (!hole[o]) continue;
      let n = 0;
      for (let dy = -r; dy <= r; dy++) {
        const py = y - dy;
        if (py < 0 || py >= h) continue;
        for (let dx = -r; dx <= r; dx++) {
          const px = x - dx;
          if (px < 0 || px >= w) continue;
          const i = f.targetOf[py * w + px];
          if (i < 0) continue;
          const s = (f.nnf[i] + dy * w + dx) * k;
          for (let c = 0; c < k; c++) cand[n * k + c] = image[s + c];
          cw[n] = weight[i];
          n++;
        }
      }
      if (k === 3) {
        voteRgb(cand, cw, n, h2, pick, next, o * 3);
        continue;
      }
      // weighted mean, then two mean-shift steps with an Epanechnikov kernel
      let sum = 0;
      mean.fill(0);
      for (let j = 0; j < n; j++) {
        sum += cw[j];
        for (let c = 0; c < k; c++) mean[c] += cw[j] * cand[j * k + c];
      }
      for (let c = 0; c < k; c++) mean[c] /= sum;
      for (let it = 0; it < 2; it++) {
        let s2 = 0;
        acc.fill(0);
        for (let j = 0; j < n; j++) {
          let d2 = 0;
          for (let c = 0; c < k; c++) {
            const e = cand[j * k + c] - mean[c];
            d2 += e * e;
          }
          const kern = 1 - d2 / h2;
          if (kern <= 0) continue;
          const wj = cw[j] * kern;
          s2 += wj;
          for (let c = 0; c < k; c++) acc[c] += wj * cand[j * k + c];
        }
        if (s2 <= 0) break;
        for (let c = 0; c < k; c++) mean[c] = acc[c] / s2;
      }
      if (pick) {
        let best = 0, bestD = Infinity;
        for (let j = 0; j < n; j++) {
          let d2 = 0;
          for (let c = 0; c < k; c++) {
            const e = cand[j * k + c] - mean[c];
            d2 += e * e;
          }
          if (d2 < bestD) {
            bestD = d2;
            best = j;
          }
        }
        for (let c = 0; c < k; c++) mean[c] = cand[best * k + c];
      }
      for (let c = 0; c < k; c++) next[o * k + c] = mean[c];
    }
  }
  for (let o = 0; o < w * h; o++) {
    if (!hole[o]) continue;
    for (let c = 0; c < k; c++) image[o * k + c] = next[o * k + c];
  }
}

/** Start a finer level's field from the coarser one's: each source doubled, at the pixel's phase. */
export function inheritNnf(fine: Field, coarse: Field, search: Search, rng: Rng): void {
  const w = fine.level.width, cw = coarse.level.width, ch = coarse.level.height;
  for (let i = 0; i < fine.targets.length; i++) {
    const p = fine.targets[i];
    const x = p % w, y = (p - x) / w;
    const j = coarse.targetOf[Math.min(ch - 1, y >> 1) * cw + Math.min(cw - 1, x >> 1)];
    let q = -1;
    if (j >= 0) {
      const qc = coarse.nnf[j];
      const qx = qc % cw, qy = (qc - qx) / cw;
      const cand = (2 * qy + (y & 1)) * w + 2 * qx + (x & 1);
      if (cand < fine.valid.length && fine.valid[cand]) q = cand;
    }
    if (q < 0) q = fine.validList[rng.int(0, fine.validList.length - 1)];
    search.assign(i, q);
  }
}

/**
 * Complete the holes of level 0 (a window's crop, holes holding the network's fill) in place.
 * Returns false, leaving it unchanged, where no patch of the known photo fits at the coarsest level.
 * @example
 * const level0 = cropLevel(out, mask, window.source);
 * if (complete(level0, { networkScale: window.scaledWidth / (window.source.x1 - window.source.x0), rng: createRng(1) })) writeBack(level0);
 */
export function complete(level0: Level, o: CompletionOptions): boolean {
  const plan = schedule(level0.width, level0.height, o, guideTrust(holeDepth(level0), o.networkScale));
  const levels: Level[] = [level0];
  for (let l = 1; l < plan.length; l++) levels.push(downsample(levels[l - 1]));
  // the guide: low-passes of the network's fill, taken before any level is overwritten
  const lowPasses = plan.map((s, idx) => {
    const lv = levels[plan.length - 1 - idx];
    return s.guide > 0 || s.guideFirst ? blur(lv.image, lv.width, lv.height, lv.k, s.guideBlur) : lv.image;
  });
  // how textured the photo is around each pixel, at every level (finest first)
  const energies = [textureEnergy(level0, 2, Math.max(8, Math.round(Math.min(level0.width, level0.height) / 8)))];
  for (let l = 1; l < plan.length; l++) energies.push(downsamplePlane(energies[l - 1], levels[l - 1].width, levels[l - 1].height));
  let prev: Field | null = null;
  for (let idx = 0; idx < plan.length; idx++) {
    const s = plan[idx];
    const level = levels[plan.length - 1 - idx];
    const f = makeField(level, lowPasses[idx], energies[plan.length - 1 - idx], s.radius);
    if (f.validList.length === 0) {
      if (prev === null) return false;
      o.onLevel?.(idx + 1, plan.length);
      continue;
    }
    const search = new Search(f, s, o.rng, o.occurrence ?? 0.5, o.energy ?? 16);
    if (prev === null) {
      search.guideOnly = s.guideFirst;
      for (let i = 0; i < f.targets.length; i++) search.assign(i, f.validList[o.rng.int(0, f.validList.length - 1)]);
    } else {
      // the coarser fill, upsampled, is blurred at this level: the inherited sources,
      // voted here, give this level's own detail before the search starts
      upsampleHoles(prev.level.image, prev.level.width, prev.level.height, level);
      inheritNnf(f, prev, search, o.rng);
      vote(f, o.bandwidth ?? 0.1, false, o.confidence ?? 1.3);
      search.refresh();
    }
    for (let em = 0; em < s.em; em++) {
      if (em === 1 && s.guideFirst) search.guideOnly = false;
      if (em > 0) search.refresh();
      for (let pass = 0; pass < s.passes; pass++) search.pass(pass % 2 === 0, s.searchRadius);
      vote(f, o.bandwidth ?? 0.1, (o.pickFinest ?? true) && idx === plan.length - 1 && em === s.em - 1, o.confidence ?? 1.3);
    }
    prev = f;
    o.onLevel?.(idx + 1, plan.length);
  }
  return true;
}

/**
 * How deep a hole map's holes are (city-block distance from each hole pixel to the nearest
 * known one): the deepest pixel's depth and the mean over the hole pixels (both 0 without
 * holes). Their ratio tells a compact hole from a web of strokes: a disc or a box has a mean
 * depth of about a third of its deepest, a web of brush strokes (deep only where strokes
 * cross) a fifth.
 * @example
 * const { deepest, mean } = holeDepths(level.hole, level.width, level.height);
 */
export function holeDepths(hole: Uint8Array, w: number, h: number): { deepest: number; mean: number } {
  let deepest = 0, sum = 0, n = 0;
  const depth = cityBlockDepth(hole, w, h);
  for (let i = 0; i < depth.length; i++) {
    if (hole[i] === 0) continue;
    const d = depth[i];
    if (d > deepest) deepest = d;
    sum += d;
    n++;
  }
  return { deepest, mean: n ? sum / n : 0 };
}

/**
 * The largest city-block distance from a hole pixel (of a w × h hole map, 1 where a hole) to a
 * known one, 0 without holes.
 * @example
 * deepestHole(level.hole, level.width, level.height);
 */
export function deepestHole(hole: Uint8Array, w: number, h: number): number {
  return holeDepths(hole, w, h).deepest;
}

/**
 * The largest city-block distance from a hole pixel of the level to a known one (0 without holes).
 * @example
 * const thin = holeDepth(cropLevel(out, mask, window.source)) <= THIN_DEPTH;
 */
export function holeDepth(level: Level): number {
  return deepestHole(level.hole, level.width, level.height);
}
