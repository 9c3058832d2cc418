import test from 'ava';
import { createMask } from '@inpaint/mask-gen';
import { cropOf, holeCrop } from '../../src/report/crops.js';

function box(mask: ReturnType<typeof createMask>, x0: number, y0: number, x1: number, y1: number): void {
  for (let y = y0; y < y1; y++) mask.data.fill(255, y * mask.width + x0, y * mask.width + x1);
}

test('a hole smaller than 640×480 sits in the middle of its crop; small images are cropped whole', (t) => {
  const m = createMask(2000, 1500);
  box(m, 1000, 700, 1100, 760);
  t.deepEqual(holeCrop(m), { left: 1050 - 320, top: 730 - 240, width: 640, height: 480 });
  const small = createMask(300, 200);
  box(small, 10, 10, 20, 20);
  t.deepEqual(holeCrop(small), { left: 0, top: 0, width: 300, height: 200 });
});

test('a hole wider than the crop: the window sits on its left edge, where the seam is', (t) => {
  const m = createMask(3000, 2000);
  box(m, 900, 900, 2500, 1000);
  const c = holeCrop(m);
  t.is(c.left, Math.round(900 + 640 / 3 - 320));
  t.true(c.left < 900 && c.left + c.width > 900);
});

test('strokes spanning the photo with no hole in the usual window: the crop moves to the nearest hole pixel', (t) => {
  // two short strokes in opposite corners: the box is the whole photo, its usual window (left third, middle) is empty
  const m = createMask(2000, 1500);
  box(m, 40, 30, 200, 36);
  box(m, 1800, 1400, 1960, 1406);
  const c = holeCrop(m);
  let holes = 0;
  for (let y = c.top; y < c.top + c.height; y++) for (let x = c.left; x < c.left + c.width; x++) if (m.data[y * 2000 + x]) holes++;
  t.is(holes, 160 * 6, 'the whole top-left stroke is in the crop');
  t.deepEqual([c.width, c.height], [640, 480]);
});

test('cropOf copies the pixels of the window', (t) => {
  const data = new Uint8Array(8 * 6 * 3).map((_, i) => i % 251);
  const img = { width: 8, height: 6, channels: 3 as const, data };
  const c = cropOf(img, { left: 2, top: 1, width: 3, height: 2 });
  t.deepEqual([c.width, c.height, c.channels], [3, 2, 3]);
  t.deepEqual([...c.data.subarray(0, 3)], [...data.subarray((1 * 8 + 2) * 3, (1 * 8 + 2) * 3 + 3)]);
  t.deepEqual([...c.data.subarray(9, 12)], [...data.subarray((2 * 8 + 2) * 3, (2 * 8 + 2) * 3 + 3)]);
});
