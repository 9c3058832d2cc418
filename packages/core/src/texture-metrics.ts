/**
 * Texture metrics: how much of the photo's own detail a fill carries, over hole pixels.
 * One definition, shared with `training/texture_metrics.py` (a common fixture in
 * packages/test-fixtures/texture checks that both give the same numbers):
 *
 * - luma = 0.299 R + 0.587 G + 0.114 B in [0, 1] (a grey image's one channel);
 * - gradient magnitude = √(gx² + gy²) of the 3×3 Sobel kernels, borders mirrored without
 *   repeating the edge pixel (OpenCV's BORDER_REFLECT_101);
 * - `sharpnessRatio`: mean gradient magnitude over the hole pixels, fill ÷ photo
 *   (1 = as sharp as the photo; 1 when the photo is flat there);
 * - `textureDistance`: the Wasserstein-1 distance between the gradient magnitudes of fill
 *   and photo over the hole pixels, at full scale and at half scale (2×2 box mean of luma;
 *   a half-scale pixel is a hole when any of its four is; an odd last row or column is
 *   dropped), averaged, × 100. 0 = the photo's own edge statistics; blur and added noise
 *   both raise it.
 */
import type { RawImage } from './image.js';
import type { MetricOptions } from './metrics.js';
import { metricPair } from './metrics.js';

/** Luma of an image in [0, 1], as a float plane. */
function luma(img: RawImage, full: number): Float64Array {
  const n = img.width * img.height;
  const out = new Float64Array(n);
  const c = img.channels;
  for (let i = 0; i < n; i++) {
    out[i] = c >= 3 ? (0.299 * img.data[i * c] + 0.587 * img.data[i * c + 1] + 0.114 * img.data[i * c + 2]) / full : img.data[i * c] / full;
  }
  return out;
}

const reflect = (i: number, n: number): number => (n === 1 ? 0 : i < 0 ? -i : i >= n ? 2 * n - 2 - i : i);

/** Sobel gradient magnitude of a plane, borders reflected (101). */
export function sobelMagnitude(p: Float64Array, w: number, h: number): Float64Array {
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    const ym = reflect(y - 1, h) * w, y0 = y * w, yp = reflect(y + 1, h) * w;
    for (let x = 0; x < w; x++) {
      const xm = reflect(x - 1, w), xp = reflect(x + 1, w);
      const gx = (p[ym + xp] + 2 * p[y0 + xp] + p[yp + xp]) - (p[ym + xm] + 2 * p[y0 + xm] + p[yp + xm]);
      const gy = (p[yp + xm] + 2 * p[yp + x] + p[yp + xp]) - (p[ym + xm] + 2 * p[ym + x] + p[ym + xp]);
      out[y0 + x] = Math.sqrt(gx * gx + gy * gy);
    }
  }
  return out;
}

function halfScale(p: Float64Array, w: number, h: number): { plane: Float64Array; w: number; h: number } {
  const hw = Math.floor(w / 2), hh = Math.floor(h / 2);
  const out = new Float64Array(hw * hh);
  for (let y = 0; y < hh; y++) for (let x = 0; x < hw; x++) {
    const i = 2 * y * w + 2 * x;
    out[y * hw + x] = (p[i] + p[i + 1] + p[i + w] + p[i + w + 1]) / 4;
  }
  return { plane: out, w: hw, h: hh };
}

function halfMask(m: Uint8Array, w: number, h: number): Uint8Array {
  const hw = Math.floor(w / 2), hh = Math.floor(h / 2);
  const out = new Uint8Array(hw * hh);
  for (let y = 0; y < hh; y++) for (let x = 0; x < hw; x++) {
    const i = 2 * y * w + 2 * x;
    out[y * hw + x] = m[i] || m[i + 1] || m[i + w] || m[i + w + 1] ? 1 : 0;
  }
  return out;
}

/** Wasserstein-1 distance between two samples of equal size: the mean gap of their sorted values. */
export function wasserstein1(a: Float64Array, b: Float64Array): number {
  if (a.length === 0) return 0;
  const sa = Float64Array.from(a).sort(), sb = Float64Array.from(b).sort();
  let s = 0;
  for (let i = 0; i < sa.length; i++) s += Math.abs(sa[i] - sb[i]);
  return s / sa.length;
}

function holeValues(g: Float64Array, m: Uint8Array): Float64Array {
  let n = 0;
  for (const v of m) if (v) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < m.length; i++) if (m[i]) out[j++] = g[i];
  return out;
}

function prepare(fill: RawImage, photo: RawImage, o: MetricOptions): { a: Float64Array; b: Float64Array; m: Uint8Array } {
  const { mask, full } = metricPair(fill, photo, o);
  const m = new Uint8Array(fill.width * fill.height);
  if (mask) for (let i = 0; i < m.length; i++) m[i] = mask.data[i] ? 1 : 0;
  else m.fill(1);
  return { a: luma(fill, full), b: luma(photo, full), m };
}

/**
 * Mean Sobel gradient magnitude of luma over the hole pixels, fill ÷ photo.
 * @example
 * sharpnessRatio(filled, original, { mask }); // 1 = as sharp as the photo; a smooth fill gives ~0.3
 */
export function sharpnessRatio(fill: RawImage, photo: RawImage, options: MetricOptions = {}): number {
  const { a, b, m } = prepare(fill, photo, options);
  const ga = sobelMagnitude(a, fill.width, fill.height), gb = sobelMagnitude(b, fill.width, fill.height);
  let sa = 0, sb = 0;
  for (let i = 0; i < m.length; i++) if (m[i]) { sa += ga[i]; sb += gb[i]; }
  return sb > 0 ? sa / sb : 1;
}

/**
 * Wasserstein-1 distance of the Sobel magnitude distributions over the hole pixels, full and half scale, averaged, × 100.
 * @example
 * textureDistance(filled, original, { mask }); // 0 = the photo's own edge statistics
 */
export function textureDistance(fill: RawImage, photo: RawImage, options: MetricOptions = {}): number {
  const { a, b, m } = prepare(fill, photo, options);
  const { width: w, height: h } = fill;
  const full = wasserstein1(holeValues(sobelMagnitude(a, w, h), m), holeValues(sobelMagnitude(b, w, h), m));
  const ha = halfScale(a, w, h), hb = halfScale(b, w, h), hm = halfMask(m, w, h);
  const half = ha.w > 0 && ha.h > 0
    ? wasserstein1(holeValues(sobelMagnitude(ha.plane, ha.w, ha.h), hm), holeValues(sobelMagnitude(hb.plane, hb.w, hb.h), hm))
    : full;
  return ((full + half) / 2) * 100;
}
