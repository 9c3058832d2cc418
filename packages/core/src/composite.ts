/**
 * Pasting a prediction into the hole pixels of its window's fill box, and nowhere else:
 * pixels outside holes keep their exact input values, alpha is never touched.
 */
import type { Mask } from '@inpaint/mask-gen';
import type { RawImage } from './image.js';
import { fullScale } from './image.js';
import type { WindowPrediction } from './tensors.js';

/**
 * Write the prediction into `out` (same size as the image) at the mask's hole pixels; returns pixels filled.
 * @example
 * const filled = compositeWindow(out, mask, prediction); // hole pixels of the window's fill box only
 */
export function compositeWindow(out: RawImage, mask: Mask, p: WindowPrediction): number {
  const { window: w, output, width: tw } = p;
  const plane = p.height * tw;
  const { source: s, fill: f } = w;
  const sx = w.scaledWidth / (s.x1 - s.x0);
  const sy = w.scaledHeight / (s.y1 - s.y0);
  const exact = sx === 1 && sy === 1;
  const full = fullScale(out);
  const c = out.channels;
  const data = out.data;
  const maxU = w.scaledWidth - 1;
  const maxV = w.scaledHeight - 1;
  let filled = 0;
  const rgb = [0, 0, 0];
  for (let y = f.y0; y < f.y1; y++) {
    for (let x = f.x0; x < f.x1; x++) {
      const i = y * out.width + x;
      if (mask.data[i] === 0) continue;
      if (exact) {
        const o = (y - s.y0) * tw + (x - s.x0);
        rgb[0] = output[o]; rgb[1] = output[plane + o]; rgb[2] = output[2 * plane + o];
      } else {
        // bilinear at the pixel centre, in network coordinates
        const u = Math.min(maxU, Math.max(0, (x - s.x0 + 0.5) * sx - 0.5));
        const v = Math.min(maxV, Math.max(0, (y - s.y0 + 0.5) * sy - 0.5));
        const u0 = Math.floor(u), v0 = Math.floor(v);
        const u1 = Math.min(maxU, u0 + 1), v1 = Math.min(maxV, v0 + 1);
        const fu = u - u0, fv = v - v0;
        for (let ch = 0; ch < 3; ch++) {
          const base = ch * plane;
          const top = output[base + v0 * tw + u0] * (1 - fu) + output[base + v0 * tw + u1] * fu;
          const bot = output[base + v1 * tw + u0] * (1 - fu) + output[base + v1 * tw + u1] * fu;
          rgb[ch] = top * (1 - fv) + bot * fv;
        }
      }
      if (c >= 3) {
        for (let ch = 0; ch < 3; ch++) data[i * c + ch] = Math.round(Math.min(1, Math.max(0, rgb[ch])) * full);
      } else {
        const luma = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
        data[i * c] = Math.round(Math.min(1, Math.max(0, luma)) * full);
      }
      filled++;
    }
  }
  return filled;
}
