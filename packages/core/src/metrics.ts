/**
 * Image quality metrics, as the project reports them.
 *
 * All three compare the colour channels (alpha ignored) of two images of equal size,
 * channels and sample type, on the 8- or 16-bit values:
 * - `l1`: mean absolute error in % of full scale.
 * - `psnr`: 10·log10(MAX² / MSE) in dB over all colour samples (Infinity when equal).
 * - `ssim`: Wang et al. 2004 — Gaussian window 11×11, σ = 1.5, K1 = 0.01, K2 = 0.03,
 *   L = full scale — computed **per colour channel** and averaged over channels (not on
 *   luma), over windows that lie fully inside the image ('valid' filtering).
 * With `mask`, only hole pixels count (for SSIM: windows centred on a hole pixel).
 */
import type { Mask } from '@inpaint/mask-gen';
import { InvalidImageError } from './errors.js';
import type { RawImage } from './image.js';
import { assertImage, colourChannels, fullScale } from './image.js';
import type { MaskInput } from './mask-input.js';
import { toMask } from './mask-input.js';

export interface MetricOptions {
  /** Restrict the metric to hole pixels (non-zero) of this mask. */
  mask?: MaskInput;
}

/** Check that two images compare, and resolve the options' mask. */
export function metricPair(a: RawImage, b: RawImage, o: MetricOptions): { mask: Mask | null; cc: number; full: number } {
  assertImage(a, 'a');
  assertImage(b, 'b');
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels || fullScale(a) !== fullScale(b)) {
    throw new InvalidImageError(`metrics compare images of one size, channel count and depth: got ${a.width}x${a.height}x${a.channels} and ${b.width}x${b.height}x${b.channels}`);
  }
  return { mask: o.mask === undefined ? null : toMask(o.mask, a), cc: colourChannels(a), full: fullScale(a) };
}

function absAndSquared(a: RawImage, b: RawImage, o: MetricOptions): { abs: number; sq: number; n: number; full: number } {
  const { mask, cc, full } = metricPair(a, b, o);
  const c = a.channels;
  let abs = 0, sq = 0, n = 0;
  for (let i = 0; i < a.width * a.height; i++) {
    if (mask && mask.data[i] === 0) continue;
    for (let ch = 0; ch < cc; ch++) {
      const d = a.data[i * c + ch] - b.data[i * c + ch];
      abs += Math.abs(d);
      sq += d * d;
      n++;
    }
  }
  return { abs, sq, n, full };
}

/**
 * Mean absolute error in % of full scale.
 * @example l1(restored, original, { mask }) // 2.31 (% over the hole)
 */
export function l1(a: RawImage, b: RawImage, options: MetricOptions = {}): number {
  const { abs, n, full } = absAndSquared(a, b, options);
  return n === 0 ? NaN : (abs / n / full) * 100;
}

/**
 * Peak signal-to-noise ratio in dB.
 * @example psnr(restored, original) // 31.7
 */
export function psnr(a: RawImage, b: RawImage, options: MetricOptions = {}): number {
  const { sq, n, full } = absAndSquared(a, b, options);
  if (n === 0) return NaN;
  return sq === 0 ? Infinity : 10 * Math.log10((full * full) / (sq / n));
}

const WINDOW = ((): Float64Array => {
  const g = new Float64Array(11);
  let s = 0;
  for (let i = 0; i < 11; i++) { g[i] = Math.exp(-((i - 5) ** 2) / (2 * 1.5 * 1.5)); s += g[i]; }
  for (let i = 0; i < 11; i++) g[i] /= s;
  return g;
})();

/** 'valid' separable Gaussian filtering of a plane: (h-10) x (w-10). */
function filterValid(src: Float64Array, w: number, h: number): Float64Array {
  const ow = w - 10, oh = h - 10;
  const tmp = new Float64Array(h * ow);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let k = 0; k < 11; k++) s += src[y * w + x + k] * WINDOW[k];
      tmp[y * ow + x] = s;
    }
  }
  const out = new Float64Array(oh * ow);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let k = 0; k < 11; k++) s += tmp[(y + k) * ow + x] * WINDOW[k];
      out[y * ow + x] = s;
    }
  }
  return out;
}

/**
 * Structural similarity (see the module comment for the exact definition).
 * @example ssim(restored, original) // 0.947
 * @throws {InvalidImageError} for images smaller than 11x11 or not matching.
 */
export function ssim(a: RawImage, b: RawImage, options: MetricOptions = {}): number {
  const { mask, cc, full } = metricPair(a, b, options);
  const { width: w, height: h } = a;
  if (w < 11 || h < 11) throw new InvalidImageError(`ssim needs images of at least 11x11 (its window), got ${w}x${h}`);
  const c1 = (0.01 * full) ** 2, c2 = (0.03 * full) ** 2;
  const ow = w - 10, oh = h - 10;
  const c = a.channels;
  let total = 0;
  let counted = 0;
  for (let ch = 0; ch < cc; ch++) {
    const x = new Float64Array(w * h), y = new Float64Array(w * h);
    for (let i = 0; i < w * h; i++) { x[i] = a.data[i * c + ch]; y[i] = b.data[i * c + ch]; }
    const xx = x.map((v) => v * v), yy = y.map((v) => v * v), xy = x.map((v, i) => v * y[i]);
    const mx = filterValid(x, w, h), my = filterValid(y, w, h);
    const sxx = filterValid(xx, w, h), syy = filterValid(yy, w, h), sxy = filterValid(xy, w, h);
    let sum = 0, n = 0;
    for (let yy0 = 0; yy0 < oh; yy0++) {
      for (let xx0 = 0; xx0 < ow; xx0++) {
        if (mask && mask.data[(yy0 + 5) * w + xx0 + 5] === 0) continue;
        const i = yy0 * ow + xx0;
        const vx = sxx[i] - mx[i] * mx[i], vy = syy[i] - my[i] * my[i], cov = sxy[i] - mx[i] * my[i];
        sum += ((2 * mx[i] * my[i] + c1) * (2 * cov + c2)) / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
        n++;
      }
    }
    if (n > 0) { total += sum / n; counted++; }
  }
  return counted === 0 ? NaN : total / counted;
}
