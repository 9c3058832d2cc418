/**
 * Texture transfer at full resolution: every hole pixel of the fill box gets the photo's
 * own high-frequency residual (a known pixel minus the grid's low-pass there) from the
 * places its cells correspond to, blended bilinearly between the four nearest cells so that
 * no seam follows the grid, and added to the network's fill. Only hole pixels change.
 */
import type { Box, Mask } from '@inpaint/mask-gen';
import type { RawImage } from '../image.js';
import { fullScale } from '../image.js';
import type { CellGrid } from './grid.js';
import { lowPassAt } from './grid.js';
import type { Correspondence } from './match.js';

/**
 * The residual (pixel minus low-pass, in [0, 1] units) of every known pixel of the grid's
 * box, interleaved; hole pixels hold 0 and are never read.
 */
export function residualPlane(image: RawImage, mask: Mask, grid: CellGrid): Float32Array {
  const { box, channels: k } = grid;
  const bw = box.x1 - box.x0;
  const c = image.channels;
  const scale = 1 / fullScale(image);
  const out = new Float32Array(bw * (box.y1 - box.y0) * k);
  const low = new Float32Array(k);
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = y * image.width + x;
      if (mask.data[i] !== 0) continue;
      lowPassAt(grid, x, y, low);
      const o = ((y - box.y0) * bw + (x - box.x0)) * k;
      for (let ch = 0; ch < k; ch++) out[o + ch] = image.data[i * c + ch] * scale - low[ch];
    }
  }
  return out;
}

/**
 * Add the corresponded residual to each hole pixel of `fill` in `image` (in place).
 * Returns the number of pixels that received texture.
 * @example
 * transferResidual(out, mask, grid, window.fill, residualPlane(out, mask, grid), nnf);
 */
export function transferResidual(image: RawImage, mask: Mask, grid: CellGrid, fill: Box, residual: Float32Array, match: Correspondence): number {
  const { box, cell, width: gw, height: gh, channels: k } = grid;
  const bw = box.x1 - box.x0, bh = box.y1 - box.y0;
  const c = image.channels;
  const full = fullScale(image);
  const acc = new Float64Array(k);
  // a residual far beyond the photo's usual detail is an object (a stone, a bird), not
  // texture: it is clipped to 2.5 standard deviations of the residual so none is copied whole
  let sq = 0, n = 0;
  for (let y = box.y0; y < box.y1; y += 2) for (let x = box.x0; x < box.x1; x += 2) {
    if (mask.data[y * image.width + x] !== 0) continue;
    const o = ((y - box.y0) * bw + (x - box.x0)) * k;
    for (let ch = 0; ch < k; ch++) sq += residual[o + ch] * residual[o + ch];
    n += k;
  }
  const limit = 2.5 * Math.sqrt(sq / Math.max(1, n));
  const cells = [0, 0, 0, 0];
  const cellW = [0, 0, 0, 0];
  let textured = 0;
  for (let y = fill.y0; y < fill.y1; y++) {
    const ly = y - box.y0;
    const v = Math.min(gh - 1, Math.max(0, (ly + 0.5) / cell - 0.5));
    const v0 = Math.floor(v), v1 = Math.min(gh - 1, v0 + 1), fv = v - v0;
    for (let x = fill.x0; x < fill.x1; x++) {
      const i = y * image.width + x;
      if (mask.data[i] === 0) continue;
      const lx = x - box.x0;
      const u = Math.min(gw - 1, Math.max(0, (lx + 0.5) / cell - 0.5));
      const u0 = Math.floor(u), u1 = Math.min(gw - 1, u0 + 1), fu = u - u0;
      cells[0] = v0 * gw + u0; cellW[0] = (1 - fu) * (1 - fv);
      cells[1] = v0 * gw + u1; cellW[1] = fu * (1 - fv);
      cells[2] = v1 * gw + u0; cellW[2] = (1 - fu) * fv;
      cells[3] = v1 * gw + u1; cellW[3] = fu * fv;
      acc.fill(0);
      let total = 0;
      for (let n = 0; n < 4; n++) {
        const wc = cellW[n];
        if (wc <= 0) continue;
        const t = cells[n];
        const tx = t % gw, ty = (t - tx) / gw;
        for (let j = 0; j < match.perCell; j++) {
          const s = match.source[t * match.perCell + j];
          if (s < 0) continue;
          const sx = s % gw, sy = (s - sx) / gw;
          const qx = lx + (sx - tx) * cell, qy = ly + (sy - ty) * cell;
          if (qx < 0 || qy < 0 || qx >= bw || qy >= bh) continue;
          if (mask.data[(qy + box.y0) * image.width + qx + box.x0] !== 0) continue;
          const wgt = wc * match.weight[t * match.perCell + j];
          const o = (qy * bw + qx) * k;
          for (let ch = 0; ch < k; ch++) acc[ch] += wgt * residual[o + ch];
          total += wgt;
        }
      }
      if (total <= 0) continue;
      for (let ch = 0; ch < k; ch++) {
        const r = Math.max(-limit, Math.min(limit, acc[ch] / total));
        const v2 = image.data[i * c + ch] + r * full;
        image.data[i * c + ch] = Math.round(Math.min(full, Math.max(0, v2)));
      }
      textured++;
    }
  }
  return textured;
}
