/**
 * Seam feathering, built as a plugin on the `postprocess` hook (the extension API used
 * by core itself). Near the hole's edge a network's fill can be slightly off in colour
 * from the pixels around it; this measures that offset on the valid pixels next to the
 * hole (input − prediction), spreads it into the hole with a normalised box filter of
 * the feather radius, and adds it with a weight that falls linearly from 1 at the edge
 * to 0 at the radius. Only hole pixels change, so pixels outside holes stay identical.
 */
import { squaredDistanceTo } from '@inpaint/mask-gen';
import type { InpainterPlugin } from './hooks.js';
import type { WindowPrediction } from './tensors.js';

/** Box sums over a (2r+1)² window via an integral image. */
function boxSum(src: Float64Array, w: number, h: number, r: number): Float64Array {
  const ii = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += src[y * w + x];
      ii[(y + 1) * (w + 1) + x + 1] = ii[y * (w + 1) + x + 1] + row;
    }
  }
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r), y1 = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r), x1 = Math.min(w, x + r + 1);
      out[y * w + x] = ii[y1 * (w + 1) + x1] - ii[y0 * (w + 1) + x1] - ii[y1 * (w + 1) + x0] + ii[y0 * (w + 1) + x0];
    }
  }
  return out;
}

/**
 * Apply feathering of `radius` network pixels to one prediction (returns a new output array).
 * @example
 * const output = featherPrediction(prediction, 4); // a new array; the prediction is unchanged
 */
export function featherPrediction(p: WindowPrediction, radius: number): Float32Array {
  const { width: w, height: h, valid, input, output } = p;
  const sw = p.window.scaledWidth, sh = p.window.scaledHeight;
  const r = Math.max(1, Math.round(radius));
  const plane = w * h;
  // ring: valid pixels inside the scaled content that touch a hole
  const holeMask = { width: w, height: h, data: new Uint8Array(plane) };
  for (let y = 0; y < sh; y++) for (let x = 0; x < sw; x++) if (valid[y * w + x] === 0) holeMask.data[y * w + x] = 255;
  const d2 = squaredDistanceTo(holeMask, 0);
  const ringW = new Float64Array(plane);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      const i = y * w + x;
      if (valid[i] === 1 && (
        (x > 0 && holeMask.data[i - 1]) || (x + 1 < sw && holeMask.data[i + 1]) ||
        (y > 0 && holeMask.data[i - w]) || (y + 1 < sh && holeMask.data[i + w]))) ringW[i] = 1;
    }
  }
  const count = boxSum(ringW, w, h, r);
  const out = output.slice();
  for (let ch = 0; ch < 3; ch++) {
    const off = new Float64Array(plane);
    for (let i = 0; i < plane; i++) if (ringW[i]) off[i] = input[ch * plane + i] - output[ch * plane + i];
    const sum = boxSum(off, w, h, r);
    for (let y = 0; y < sh; y++) {
      for (let x = 0; x < sw; x++) {
        const i = y * w + x;
        if (!holeMask.data[i] || count[i] === 0) continue;
        const dist = Math.sqrt(d2[i]);
        const weight = Math.max(0, 1 - (dist - 1) / r);
        out[ch * plane + i] += weight * (sum[i] / count[i]);
      }
    }
  }
  return out;
}

/** Built-in plugin 'feather': feathers every prediction when the call's `feather` option is > 0. */
export const FeatherPlugin: InpainterPlugin = {
  name: 'feather',
  apply(inpainter) {
    inpainter.hooks.postprocess.tap('FeatherPlugin', (p, ctx) => {
      if (ctx.options.feather <= 0) return p;
      const scale = p.window.scaledWidth / (p.window.source.x1 - p.window.source.x0);
      return { ...p, output: featherPrediction(p, ctx.options.feather * scale) };
    });
  },
};
