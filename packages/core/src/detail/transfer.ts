/**
 * Texture transfer at full resolution: every hole pixel of the fill box gets the photo's
 * own high-frequency residual (a known pixel minus the grid's low-pass there) from the
 * places its cells correspond to, blended between the four nearest cells near the lines
 * between them (seamWeight), and added to the network's fill. Only hole pixels change.
 */
import type { Box, Mask } from '@inpaint/mask-gen';
import type { RawImage } from '../image.js';
import { fullScale } from '../image.js';
import type { CellGrid } from './grid.js';
import type { Correspondence } from './match.js';

/**
 * The residual (pixel minus low-pass, in [0, 1] units) of every known pixel of the grid's
 * box, interleaved; hole pixels hold 0 and are never read.
 */
export function residualPlane(image: RawImage, mask: Mask, grid: CellGrid): Float32Array {
  const { box, channels: k, cell, width: gw, height: gh, mean } = grid;
  const bw = box.x1 - box.x0, bh = box.y1 - box.y0;
  const c = image.channels;
  const scale = 1 / fullScale(image);
  const out = new Float32Array(bw * bh * k);
  // the low-pass is bilinear between cell centres: its column weights are the same on every row
  const u0s = new Int32Array(bw), u1s = new Int32Array(bw), fus = new Float32Array(bw);
  for (let lx = 0; lx < bw; lx++) {
    const u = Math.min(gw - 1, Math.max(0, (lx + 0.5) / cell - 0.5));
    u0s[lx] = Math.floor(u);
    u1s[lx] = Math.min(gw - 1, u0s[lx] + 1);
    fus[lx] = u - u0s[lx];
  }
  for (let ly = 0; ly < bh; ly++) {
    const v = Math.min(gh - 1, Math.max(0, (ly + 0.5) / cell - 0.5));
    const v0 = Math.floor(v), v1 = Math.min(gh - 1, v0 + 1), fv = v - v0;
    const row0 = v0 * gw, row1 = v1 * gw;
    const rowIn = (ly + box.y0) * image.width + box.x0;
    for (let lx = 0; lx < bw; lx++) {
      const i = rowIn + lx;
      if (mask.data[i] !== 0) continue;
      const fu = fus[lx];
      const a = (row0 + u0s[lx]) * k, b = (row0 + u1s[lx]) * k, cc = (row1 + u0s[lx]) * k, d = (row1 + u1s[lx]) * k;
      const o = (ly * bw + lx) * k;
      for (let ch = 0; ch < k; ch++) {
        const low = (mean[a + ch] * (1 - fu) + mean[b + ch] * fu) * (1 - fv) + (mean[cc + ch] * (1 - fu) + mean[d + ch] * fu) * fv;
        out[o + ch] = image.data[i * c + ch] * scale - low;
      }
    }
  }
  return out;
}

/**
 * Blend weight across the line between two cell centres: the nearer cell alone for most
 * of the way, a linear blend only in the middle half. A full bilinear blend would average
 * two copied textures (out of phase, they cancel) over the whole cell: a smudge again.
 */
function seamWeight(f: number): number {
  return Math.min(1, Math.max(0, (f - 0.5) * 2 + 0.5));
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
  // each correspondence as a pixel offset, so the per-pixel loop needs no division
  const P = match.perCell;
  const offX = new Int32Array(match.source.length), offY = new Int32Array(match.source.length);
  for (let t = 0; t < gw * gh; t++) {
    const tx = t % gw, ty = (t - tx) / gw;
    for (let j = 0; j < P; j++) {
      const s = match.source[t * P + j];
      if (s < 0) continue;
      const sx = s % gw;
      offX[t * P + j] = (sx - tx) * cell;
      offY[t * P + j] = ((s - sx) / gw - ty) * cell;
    }
  }
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
    const v0 = Math.floor(v), v1 = Math.min(gh - 1, v0 + 1), fv = seamWeight(v - v0);
    for (let x = fill.x0; x < fill.x1; x++) {
      const i = y * image.width + x;
      if (mask.data[i] === 0) continue;
      const lx = x - box.x0;
      const u = Math.min(gw - 1, Math.max(0, (lx + 0.5) / cell - 0.5));
      const u0 = Math.floor(u), u1 = Math.min(gw - 1, u0 + 1), fu = seamWeight(u - u0);
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
        for (let j = 0; j < P; j++) {
          const e = t * P + j;
          if (match.source[e] < 0) continue;
          const qx = lx + offX[e], qy = ly + offY[e];
          if (qx < 0 || qy < 0 || qx >= bw || qy >= bh) continue;
          if (mask.data[(qy + box.y0) * image.width + qx + box.x0] !== 0) continue;
          const wgt = wc * match.weight[e];
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
