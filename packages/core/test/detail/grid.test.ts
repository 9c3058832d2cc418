import test from 'ava';
import { cellGrid } from '../../src/detail/grid.js';

test('cells: mean colour in [0, 1], known where no pixel is a hole, hole where a fill-box pixel is', (t) => {
  // 6×4 RGB, left half 0, right half 255; one hole pixel at (4, 1)
  const data = new Uint8Array(6 * 4 * 3);
  for (let y = 0; y < 4; y++) for (let x = 3; x < 6; x++) data.fill(255, (y * 6 + x) * 3, (y * 6 + x) * 3 + 3);
  const mask = { width: 6, height: 4, data: new Uint8Array(24) };
  mask.data[1 * 6 + 4] = 255;
  const box = { x0: 0, y0: 0, x1: 6, y1: 4 };
  const g = cellGrid({ width: 6, height: 4, channels: 3, data }, mask, box, box, 3);
  t.deepEqual([g.width, g.height, g.channels], [2, 2, 3]);
  t.deepEqual([...g.mean.subarray(0, 3)], [0, 0, 0]);
  t.deepEqual([...g.mean.subarray(3, 6)], [1, 1, 1]);
  t.deepEqual([...g.known], [1, 0, 1, 1]);
  t.deepEqual([...g.hole], [0, 1, 0, 0]);
  // a hole outside the fill box is not the window's to texture, but its cell is still not known
  const g2 = cellGrid({ width: 6, height: 4, channels: 3, data }, mask, box, { x0: 0, y0: 0, x1: 3, y1: 4 }, 3);
  t.deepEqual([...g2.hole], [0, 0, 0, 0]);
  t.deepEqual([...g2.known], [1, 0, 1, 1]);
});

test('grey and 16-bit images: one channel, scaled by their full scale; edge cells average what they hold', (t) => {
  const data = new Uint16Array(5 * 2).fill(65535);
  const g = cellGrid({ width: 5, height: 2, channels: 1, data }, { width: 5, height: 2, data: new Uint8Array(10) }, { x0: 0, y0: 0, x1: 5, y1: 2 }, { x0: 0, y0: 0, x1: 5, y1: 2 }, 2);
  t.deepEqual([g.width, g.height, g.channels], [3, 1, 1]);
  t.deepEqual([...g.mean], [1, 1, 1]);
});
