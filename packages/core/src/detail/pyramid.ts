/**
 * The image pyramid of guided completion: a window's source box as float colour planes
 * (interleaved, [0, 1]) with its hole map, halved level by level, and what moves between
 * levels (bilinear upsampling of a fill into the hole pixels of the finer level) and the
 * low-pass that the guide compares (a repeated box blur).
 */
import type { Box, Mask } from '@inpaint/mask-gen';
import type { RawImage } from '../image.js';
import { colourChannels, fullScale } from '../image.js';

/** One level: colour (holes hold the network's fill, or the current estimate) and the hole map. */
export interface Level {
  readonly width: number;
  readonly height: number;
  /** Colour channels (1 grey, 3 RGB). */
  readonly k: 1 | 3;
  /** Interleaved colour in [0, 1]. */
  readonly image: Float32Array;
  /** 1 where the pixel is a hole (at coarser levels: where any pixel it stands for is). */
  readonly hole: Uint8Array;
}

/**
 * The holes of `mask` inside `box`, as a hole map of the box (1 where a hole), row by row.
 * @example
 * const hole = holeMap(mask, window.source);
 */
export function holeMap(mask: Mask, box: Box): Uint8Array {
  const width = box.x1 - box.x0;
  const hole = new Uint8Array(width * (box.y1 - box.y0));
  for (let y = box.y0; y < box.y1; y++) {
    const row = y * mask.width;
    for (let x = box.x0; x < box.x1; x++) if (mask.data[row + x] !== 0) hole[(y - box.y0) * width + x - box.x0] = 1;
  }
  return hole;
}

/**
 * The box of `image` (holes already holding the network's fill) as level 0.
 * @example
 * const level0 = cropLevel(out, mask, window.source);
 */
export function cropLevel(image: RawImage, mask: Mask, box: Box): Level {
  const k = colourChannels(image);
  const c = image.channels;
  const scale = 1 / fullScale(image);
  const width = box.x1 - box.x0, height = box.y1 - box.y0;
  const out = new Float32Array(width * height * k);
  const hole = holeMap(mask, box);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y + box.y0) * image.width + x + box.x0;
      const o = y * width + x;
      for (let ch = 0; ch < k; ch++) out[o * k + ch] = image.data[i * c + ch] * scale;
    }
  }
  return { width, height, k, image: out, hole };
}

/**
 * Half the size (rounded up): each pixel the mean of the 2×2 it stands for, a hole where any of them is.
 * @example
 * const level1 = downsample(level0);
 */
export function downsample(level: Level): Level {
  const { width: w, height: h, k } = level;
  const width = Math.ceil(w / 2), height = Math.ceil(h / 2);
  const image = new Float32Array(width * height * k);
  const hole = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = y * width + x;
      let n = 0;
      for (let dy = 0; dy < 2; dy++) {
        const yy = 2 * y + dy;
        if (yy >= h) continue;
        for (let dx = 0; dx < 2; dx++) {
          const xx = 2 * x + dx;
          if (xx >= w) continue;
          const i = yy * w + xx;
          if (level.hole[i]) hole[o] = 1;
          for (let ch = 0; ch < k; ch++) image[o * k + ch] += level.image[i * k + ch];
          n++;
        }
      }
      for (let ch = 0; ch < k; ch++) image[o * k + ch] /= n;
    }
  }
  return { width, height, k, image, hole };
}

/**
 * Write the coarse level's colours, bilinearly upsampled 2×, into the hole pixels of `fine`.
 * @example
 * upsampleHoles(level1.image, level1.width, level1.height, level0); // level0's holes start from level1's fill
 */
export function upsampleHoles(coarse: Float32Array, cw: number, ch: number, fine: Level): void {
  const { width: w, height: h, k, image, hole } = fine;
  for (let y = 0; y < h; y++) {
    const v = Math.min(ch - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
    const v0 = Math.floor(v), v1 = Math.min(ch - 1, v0 + 1), fv = v - v0;
    for (let x = 0; x < w; x++) {
      const o = y * w + x;
      if (!hole[o]) continue;
      const u = Math.min(cw - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
      const u0 = Math.floor(u), u1 = Math.min(cw - 1, u0 + 1), fu = u - u0;
      for (let c = 0; c < k; c++) {
        const top = coarse[(v0 * cw + u0) * k + c] * (1 - fu) + coarse[(v0 * cw + u1) * k + c] * fu;
        const bot = coarse[(v1 * cw + u0) * k + c] * (1 - fu) + coarse[(v1 * cw + u1) * k + c] * fu;
        image[o * k + c] = top * (1 - fv) + bot * fv;
      }
    }
  }
}

/** One box blur of radius r along the rows, edges clamped (a row's channel c runs from `first` to `last` in steps of k). */
function rowBoxPass(src: Float32Array, dst: Float32Array, w: number, h: number, k: number, r: number): void {
  const inv = 1 / (2 * r + 1);
  for (let line = 0; line < h; line++) {
    const base = line * w * k;
    for (let c = 0; c < k; c++) {
      const first = base + c, last = base + (w - 1) * k + c;
      let sum = 0;
      for (let i = -r; i <= r; i++) sum += src[Math.min(last, Math.max(first, first + i * k))];
      for (let i = 0, o = first; i < w; i++, o += k) {
        dst[o] = sum * inv;
        sum += src[Math.min(last, o + (r + 1) * k)] - src[Math.max(first, o - r * k)];
      }
    }
  }
}

/**
 * One box blur of radius r down the columns, edges clamped, row by row (the running sums of all
 * columns side by side, read and written in memory order).
 */
function columnBoxPass(src: Float32Array, dst: Float32Array, w: number, h: number, k: number, r: number): void {
  const row = w * k;
  const inv = 1 / (2 * r + 1);
  const sum = new Float64Array(row);
  const at = (i: number) => Math.min(h - 1, Math.max(0, i)) * row;
  for (let i = -r; i <= r; i++) {
    const o = at(i);
    for (let j = 0; j < row; j++) sum[j] += src[o + j];
  }
  for (let i = 0; i < h; i++) {
    const o = i * row, add = at(i + r + 1), sub = at(i - r);
    for (let j = 0; j < row; j++) {
      dst[o + j] = sum[j] * inv;
      sum[j] += src[add + j] - src[sub + j];
    }
  }
}

/**
 * A low-pass of interleaved planes: three box blurs of radius r each way (close to a
 * Gaussian of σ ≈ r). r = 0 returns a copy.
 * @example
 * const lowPass = blur(level.image, level.width, level.height, level.k, 2);
 */
export function blur(src: Float32Array, w: number, h: number, k: number, r: number): Float32Array {
  const a = src.slice();
  if (r <= 0) return a;
  const b = new Float32Array(a.length);
  for (let pass = 0; pass < 3; pass++) {
    rowBoxPass(a, b, w, h, k, r);
    columnBoxPass(b, a, w, h, k, r);
  }
  return a;
}

/**
 * How textured the photo is around each pixel: the mean absolute luma gradient (|dx| + |dy|)
 * over a box of radius r, from known pixels only; hole pixels get the known pixels' value
 * interpolated across the hole (normalised convolution with a box of radius `reach`, three
 * passes). The guide compares it, so that a hole in a sharp region is filled from sharp
 * sources and not from an out-of-focus part of the photo of the same colour.
 * @example
 * const energy = textureEnergy(level0, 2, 64); // one value per pixel
 */
export function textureEnergy(level: Level, r: number, reach: number): Float32Array {
  const { width: w, height: h, k, image, hole } = level;
  const luma = new Float32Array(w * h);
  for (let o = 0; o < w * h; o++) luma[o] = k === 3 ? 0.299 * image[o * 3] + 0.587 * image[o * 3 + 1] + 0.114 * image[o * 3 + 2] : image[o];
  const grad = new Float32Array(w * h);
  const known = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = y * w + x;
      const xr = Math.min(w - 1, x + 1), yd = Math.min(h - 1, y + 1);
      if (hole[o] || hole[y * w + xr] || hole[yd * w + x]) continue;
      grad[o] = Math.abs(luma[y * w + xr] - luma[o]) + Math.abs(luma[yd * w + x] - luma[o]);
      known[o] = 1;
    }
  }
  const num = blur(grad, w, h, 1, r);
  const den = blur(known, w, h, 1, r);
  const wide = blur(grad, w, h, 1, reach);
  const wideDen = blur(known, w, h, 1, reach);
  let total = 0, count = 0;
  for (let o = 0; o < w * h; o++) if (known[o]) { total += grad[o]; count++; }
  const fallback = count > 0 ? total / count : 0;
  const out = new Float32Array(w * h);
  for (let o = 0; o < w * h; o++) {
    if (!hole[o] && den[o] > 0.5) out[o] = num[o] / den[o];
    else out[o] = wideDen[o] > 1e-3 ? wide[o] / wideDen[o] : fallback;
  }
  return out;
}

/**
 * Half the size (rounded up) of a single plane: each value the mean of the 2×2 it stands for.
 * @example
 * const coarser = downsamplePlane(energy, 640, 480);
 */
export function downsamplePlane(plane: Float32Array, w: number, h: number): Float32Array {
  return downsample({ width: w, height: h, k: 1, image: plane, hole: new Uint8Array(w * h) }).image;
}
