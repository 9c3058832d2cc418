import test from 'ava';
import { cellGrid } from '../../src/detail/grid.js';
import type { Correspondence } from '../../src/detail/match.js';
import { residualPlane, transferResidual } from '../../src/detail/transfer.js';

const W = 16, H = 8;
/** Grey stripes (x even: 100, odd: 140) on the left half; the right half flat 120 (the "smooth fill"). */
function image(): { width: number; height: number; channels: 1; data: Uint8Array } {
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[y * W + x] = x < 8 ? (x % 2 ? 140 : 100) : 120;
  return { width: W, height: H, channels: 1, data };
}

/** The image with its right half a hole, the grid of 4-pixel cells over it and its residual. */
function scene() {
  const img = image();
  const mask = { width: W, height: H, data: new Uint8Array(W * H) };
  for (let y = 0; y < H; y++) for (let x = 8; x < W; x++) mask.data[y * W + x] = 255;
  const box = { x0: 0, y0: 0, x1: W, y1: H };
  const g = cellGrid(img, mask, box, box, 4);
  return { img, mask, box, g, r: residualPlane(img, mask, g) };
}

test('the residual is each known pixel minus the low-pass; hole pixels hold 0', (t) => {
  const { r } = scene();
  // inside the stripes, away from the flat half, the low-pass is their mean (120): residual ±20/255
  t.true(Math.abs(r[2 * W + 1] - 20 / 255) < 1e-6);
  t.true(Math.abs(r[2 * W + 2] + 20 / 255) < 1e-6);
  t.is(r[2 * W + 12], 0);
});

test('transfer copies the source cells\' residual into the hole pixels only, at the right phase', (t) => {
  const { img, mask, box, g, r } = scene();
  // every cell takes the cell two columns to its left (8 pixels: an even shift keeps the phase)
  const source = new Int32Array(g.width * g.height).fill(-1);
  for (let y = 0; y < g.height; y++) for (let x = 2; x < g.width; x++) source[y * g.width + x] = y * g.width + x - 2;
  const match: Correspondence = { perCell: 1, source, weight: new Float32Array(source.length).fill(1) };
  const before = img.data.slice();
  const n = transferResidual(img, mask, g, box, r, match);
  t.is(n, H * 8);
  for (let p = 0; p < W * H; p++) if (!mask.data[p]) t.is(img.data[p], before[p]);
  // rows away from the top and bottom: the copied stripes alternate around the fill's 120
  const row = [...img.data.subarray(3 * W + 9, 3 * W + 15)];
  t.deepEqual(row.map((v) => v > 120), [true, false, true, false, true, false]);
});
