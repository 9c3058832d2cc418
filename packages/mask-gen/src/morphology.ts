/**
 * Dilation and erosion by a disk of any radius, in time linear in the pixel count:
 * an exact Euclidean distance transform (Felzenszwalb & Huttenlocher, 2012) and a
 * threshold. Pixels outside the image count as neither hole nor keep: erosion does not
 * eat holes that touch the edge, dilation does not grow from beyond it.
 */
import type { Mask } from './mask.js';
import { HOLE, KEEP } from './mask.js';
import { invalidParameterError } from './errors.js';

const INF = 1e20;

/** 1-D squared distance transform of f (in place into d), with scratch v and z. */
function dt1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -INF;
  z[1] = INF;
  for (let q = 1; q < n; q++) {
    let s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    while (s <= z[k]) {
      k--;
      s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = INF;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    const dq = q - v[k];
    d[q] = dq * dq + f[v[k]];
  }
}

/**
 * Squared Euclidean distance from each pixel to the nearest pixel where `isSeed` holds.
 * @example
 * const d2 = squaredDistanceTo(mask, HOLE); // squared distance of every pixel to the nearest hole
 */
export function squaredDistanceTo(mask: Mask, seedValue: typeof HOLE | typeof KEEP): Float64Array {
  const { width, height, data } = mask;
  const out = new Float64Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = (data[i] !== 0) === (seedValue === HOLE) ? 0 : INF;
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = out[y * width + x];
    dt1d(f, height, d, v, z);
    for (let y = 0; y < height; y++) out[y * width + x] = d[y];
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) f[x] = out[row + x];
    dt1d(f, width, d, v, z);
    for (let x = 0; x < width; x++) out[row + x] = d[x];
  }
  return out;
}

function assertRadius(radius: number): void {
  if (typeof radius !== 'number' || !(radius >= 0) || !Number.isFinite(radius)) {
    throw invalidParameterError('radius', 'a finite number >= 0', radius);
  }
}

/**
 * Grow holes by a disk of the given radius: a pixel becomes a hole when a hole lies
 * within `radius` (Euclidean) of it.
 *
 * @example
 * const safer = dilate(mask, 4); // cover the halo around an object before in-painting
 * @throws {InvalidParameterError} for a negative or non-finite radius.
 */
export function dilate(mask: Mask, radius: number): Mask {
  return spread(mask, radius, HOLE);
}

/**
 * Shrink holes by a disk: a hole stays only when no kept pixel lies within `radius`.
 *
 * @example
 * const core = erode(mask, 2);
 * @throws {InvalidParameterError} for a negative or non-finite radius.
 */
export function erode(mask: Mask, radius: number): Mask {
  return spread(mask, radius, KEEP);
}

/** Set every pixel within `radius` of a `value` pixel to `value` (dilation of holes or of kept pixels). */
function spread(mask: Mask, radius: number, value: typeof HOLE | typeof KEEP): Mask {
  assertRadius(radius);
  const data = new Uint8Array(mask.data);
  if (radius > 0) {
    const d2 = squaredDistanceTo(mask, value);
    const r2 = radius * radius;
    for (let i = 0; i < data.length; i++) if (d2[i] <= r2) data[i] = value;
  }
  return { width: mask.width, height: mask.height, data };
}
