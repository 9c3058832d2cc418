/**
 * From image windows to network tensors and back. The one place where the public mask
 * convention (non-zero = hole) becomes the network's (1 = valid, 0 = hole): `validOf`.
 */
import type { Mask } from '@inpaint/mask-gen';
import type { RawImage } from './image.js';
import { fullScale } from './image.js';
import type { Window } from './plan.js';

/**
 * The network's mask value for a public mask byte: 1 = valid (keep), 0 = hole.
 * @example
 * validOf(255); // 0: a hole in the public mask is 0 (invalid) for the network
 */
export function validOf(maskByte: number): 0 | 1 {
  return maskByte === 0 ? 1 : 0;
}

/** Batch tensors in NCHW layout. */
export interface BatchTensors {
  readonly windows: readonly Window[];
  /** [n, 3, height, width], RGB in [0, 1], zero in holes and padding. */
  readonly image: Float32Array;
  /** [n, 1, height, width], 1 valid, 0 hole or padding. */
  readonly mask: Float32Array;
  readonly n: number;
  readonly height: number;
  readonly width: number;
}

/** Weights of a 1-D area (box) resampling from `src` to `dst` samples: per output, [first index, weights]. */
function areaWeights(src: number, dst: number): [number, Float64Array][] {
  const scale = src / dst;
  const out: [number, Float64Array][] = [];
  for (let i = 0; i < dst; i++) {
    const a = i * scale;
    const b = Math.min(src, (i + 1) * scale);
    const first = Math.floor(a);
    const last = Math.min(src - 1, Math.ceil(b) - 1);
    const w = new Float64Array(last - first + 1);
    for (let k = first; k <= last; k++) w[k - first] = (Math.min(b, k + 1) - Math.max(a, k)) / scale;
    out.push([first, w]);
  }
  return out;
}

/**
 * Write one window's RGB and validity into slot `slot` of the batch tensors: the source
 * box read straight from the interleaved image (grey replicated to RGB, alpha ignored),
 * area-resampled when the window is scaled. A scaled pixel is valid only when every
 * source pixel under it is.
 * @example
 * fillWindow(image, mask, window, 0, tensors); // slot 0 of the batch
 */
export function fillWindow(image: RawImage, mask: Mask, w: Window, slot: number, t: { image: Float32Array; mask: Float32Array; height: number; width: number }): void {
  const { source: s, scaledWidth: dw, scaledHeight: dh } = w;
  const sw = s.x1 - s.x0;
  const sh = s.y1 - s.y0;
  const plane = t.height * t.width;
  const imgBase = slot * 3 * plane;
  const maskBase = slot * plane;
  const c = image.channels;
  const colour = c >= 3 ? [0, 1, 2] : [0, 0, 0];
  const inv = 1 / fullScale(image);
  const src = image.data;
  const md = mask.data;
  if (dw === sw && dh === sh) {
    for (let y = 0; y < sh; y++) {
      const row = (s.y0 + y) * image.width + s.x0;
      for (let x = 0; x < sw; x++) {
        const p = row + x;
        const o = y * t.width + x;
        const v = validOf(md[p]);
        t.mask[maskBase + o] = v;
        if (v) {
          t.image[imgBase + o] = src[p * c + colour[0]] * inv;
          t.image[imgBase + plane + o] = src[p * c + colour[1]] * inv;
          t.image[imgBase + 2 * plane + o] = src[p * c + colour[2]] * inv;
        }
      }
    }
    return;
  }
  // separable area resampling: rows first (sh x dw x 4 values: rgb + valid), then columns
  const hx = areaWeights(sw, dw);
  const tmp = new Float32Array(sh * dw * 4);
  for (let y = 0; y < sh; y++) {
    const row = (s.y0 + y) * image.width + s.x0;
    for (let x = 0; x < dw; x++) {
      const [first, wts] = hx[x];
      let r = 0, g = 0, b = 0, v = 0;
      for (let k = 0; k < wts.length; k++) {
        const p = row + first + k;
        const valid = validOf(md[p]) * wts[k];
        r += src[p * c + colour[0]] * valid;
        g += src[p * c + colour[1]] * valid;
        b += src[p * c + colour[2]] * valid;
        v += valid;
      }
      const o = (y * dw + x) * 4;
      tmp[o] = r; tmp[o + 1] = g; tmp[o + 2] = b; tmp[o + 3] = v;
    }
  }
  const vy = areaWeights(sh, dh);
  for (let y = 0; y < dh; y++) {
    const [first, wts] = vy[y];
    for (let x = 0; x < dw; x++) {
      let r = 0, g = 0, b = 0, v = 0;
      for (let k = 0; k < wts.length; k++) {
        const o = ((first + k) * dw + x) * 4;
        r += tmp[o] * wts[k]; g += tmp[o + 1] * wts[k]; b += tmp[o + 2] * wts[k]; v += tmp[o + 3] * wts[k];
      }
      const o = y * t.width + x;
      if (v > 0.999) {
        t.mask[maskBase + o] = 1;
        t.image[imgBase + o] = (r / v) * inv;
        t.image[imgBase + plane + o] = (g / v) * inv;
        t.image[imgBase + 2 * plane + o] = (b / v) * inv;
      }
    }
  }
}

/**
 * Tensors for a batch of windows that share one input size.
 * @example
 * const t = batchTensors(image, mask, windows); // NCHW image and mask tensors
 */
export function batchTensors(image: RawImage, mask: Mask, windows: readonly Window[]): BatchTensors {
  const n = windows.length;
  const height = windows[0].inputHeight;
  const width = windows[0].inputWidth;
  const t = { image: new Float32Array(n * 3 * height * width), mask: new Float32Array(n * height * width), height, width };
  windows.forEach((w, i) => fillWindow(image, mask, w, i, t));
  return { windows, n, height, width, image: t.image, mask: t.mask };
}

/** One window's prediction: planar RGB [3, height, width] in [0, 1] at network resolution. */
export interface WindowPrediction {
  readonly window: Window;
  /** The window's input RGB (zero in holes), as fed to the network. */
  readonly input: Float32Array;
  /** The window's validity (1 valid, 0 hole or padding). */
  readonly valid: Float32Array;
  /** The network's output, [3, height, width]. */
  readonly output: Float32Array;
  readonly height: number;
  readonly width: number;
}

/**
 * Split batch output into per-window predictions.
 * @example
 * const predictions = splitPredictions(tensors, output); // one per window
 */
export function splitPredictions(t: BatchTensors, output: Float32Array): WindowPrediction[] {
  const plane = t.height * t.width;
  return t.windows.map((window, i) => ({
    window,
    input: t.image.subarray(i * 3 * plane, (i + 1) * 3 * plane),
    valid: t.mask.subarray(i * plane, (i + 1) * plane),
    output: output.subarray(i * 3 * plane, (i + 1) * 3 * plane),
    height: t.height,
    width: t.width,
  }));
}
