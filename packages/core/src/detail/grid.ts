/**
 * The coarse grid of the detail stage: the window's source box cut into b×b cells, each
 * cell the mean colour of its pixels (the network's fill inside holes), with two flags:
 * `known` (every pixel of the cell is outside the holes) and `hole` (some pixel of the
 * cell is a hole inside the window's fill box, so the stage must give it texture).
 */
import type { Box, Mask } from '@inpaint/mask-gen';
import type { RawImage } from '../image.js';
import { colourChannels, fullScale } from '../image.js';

export interface CellGrid {
  /** Source box of the window, in image pixels. */
  readonly box: Box;
  /** Cell side in image pixels (the band factor: detail finer than this comes from the photo). */
  readonly cell: number;
  readonly width: number;
  readonly height: number;
  /** Colour channels used (1 grey, 3 RGB). */
  readonly channels: 1 | 3;
  /** Mean colour per cell, interleaved, in [0, 1]. */
  readonly mean: Float32Array;
  /** 1 where every pixel of the cell lies outside the holes. */
  readonly known: Uint8Array;
  /** 1 where the cell holds a hole pixel of the fill box. */
  readonly hole: Uint8Array;
}

/**
 * Build the grid over `box` of `image` (holes already holding the smooth fill).
 * @example
 * const grid = cellGrid(out, mask, window.source, window.fill, 4);
 */
export function cellGrid(image: RawImage, mask: Mask, box: Box, fill: Box, cell: number): CellGrid {
  const k = colourChannels(image);
  const c = image.channels;
  const scale = 1 / fullScale(image);
  const width = Math.ceil((box.x1 - box.x0) / cell);
  const height = Math.ceil((box.y1 - box.y0) / cell);
  const mean = new Float32Array(width * height * k);
  const known = new Uint8Array(width * height).fill(1);
  const hole = new Uint8Array(width * height);
  const count = new Float32Array(width * height);
  for (let y = box.y0; y < box.y1; y++) {
    const gy = Math.floor((y - box.y0) / cell);
    const inFillRow = y >= fill.y0 && y < fill.y1;
    for (let x = box.x0; x < box.x1; x++) {
      const g = gy * width + Math.floor((x - box.x0) / cell);
      const i = y * image.width + x;
      if (mask.data[i] !== 0) {
        known[g] = 0;
        if (inFillRow && x >= fill.x0 && x < fill.x1) hole[g] = 1;
      }
      for (let ch = 0; ch < k; ch++) mean[g * k + ch] += image.data[i * c + ch];
      count[g]++;
    }
  }
  for (let g = 0; g < width * height; g++) for (let ch = 0; ch < k; ch++) mean[g * k + ch] *= scale / count[g];
  return { box, cell, width, height, channels: k, mean, known, hole };
}
