import test from 'ava';
import { maskFromBytes } from '@inpaint/mask-gen';
import type { Window } from '../src/plan.js';
import { batchTensors, splitPredictions, validOf } from '../src/tensors.js';

const box = (x0: number, y0: number, x1: number, y1: number) => ({ x0, y0, x1, y1 });

test('validOf is the one conversion: non-zero (hole) → 0, zero (keep) → 1', (t) => {
  t.is(validOf(0), 1);
  for (const v of [1, 128, 255]) t.is(validOf(v), 0);
});

test('an unscaled window: RGB in [0,1], zero in holes, padding counts as hole, grey replicated', (t) => {
  // 3×2 RGB image, hole at (1,0); window = whole image padded to 4×4
  const image = { width: 3, height: 2, channels: 3 as const, data: new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 51, 102, 153, 0, 0, 0, 255, 255, 255]) };
  const mask = maskFromBytes([0, 255, 0, 0, 0, 0], 3, 2);
  const w: Window = { source: box(0, 0, 3, 2), fill: box(0, 0, 3, 2), scaledWidth: 3, scaledHeight: 2, inputWidth: 4, inputHeight: 4 };
  const t1 = batchTensors(image, mask, [w]);
  t.deepEqual([t1.n, t1.height, t1.width], [1, 4, 4]);
  const at = (ch: number, y: number, x: number) => t1.image[ch * 16 + y * 4 + x];
  t.deepEqual([at(0, 0, 0), at(1, 0, 0), at(2, 0, 0)], [1, 0, 0]);
  t.deepEqual([at(0, 0, 1), at(1, 0, 1), at(2, 0, 1)], [0, 0, 0], 'hole pixels are zero');
  t.true(Math.abs(at(0, 1, 0) - 0.2) < 1e-6 && Math.abs(at(1, 1, 0) - 0.4) < 1e-6 && Math.abs(at(2, 1, 0) - 0.6) < 1e-6);
  t.deepEqual(Array.from(t1.mask), [1, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'hole and padding are 0');
  const grey = { width: 1, height: 1, channels: 1 as const, data: new Uint16Array([65535]) };
  const tg = batchTensors(grey, maskFromBytes([0], 1, 1), [{ source: box(0, 0, 1, 1), fill: box(0, 0, 1, 1), scaledWidth: 1, scaledHeight: 1, inputWidth: 1, inputHeight: 1 }]);
  t.deepEqual(Array.from(tg.image), [1, 1, 1], '16-bit grey full scale → 1 in all three planes');
});

test('a scaled window is area-resampled; a scaled pixel is valid only when all its sources are', (t) => {
  // 4×2 → 2×1: each output pixel averages a 2×2 block
  const image = { width: 4, height: 2, channels: 1 as const, data: new Uint8Array([0, 255, 255, 255, 255, 0, 255, 255]) };
  const mask = maskFromBytes([0, 0, 0, 255, 0, 0, 0, 0], 4, 2);
  const w: Window = { source: box(0, 0, 4, 2), fill: box(0, 0, 4, 2), scaledWidth: 2, scaledHeight: 1, inputWidth: 2, inputHeight: 1 };
  const tt = batchTensors(image, mask, [w]);
  t.true(Math.abs(tt.image[0] - 0.5) < 1e-6, 'mean of 0, 255, 255, 0');
  t.deepEqual(Array.from(tt.mask), [1, 0], 'the right block holds a hole pixel');
});

test('splitPredictions hands each window its own planes of the batch', (t) => {
  const w: Window = { source: box(0, 0, 2, 1), fill: box(0, 0, 2, 1), scaledWidth: 2, scaledHeight: 1, inputWidth: 2, inputHeight: 1 };
  const image = { width: 2, height: 1, channels: 3 as const, data: new Uint8Array(6) };
  const tt = batchTensors(image, maskFromBytes([255, 0], 2, 1), [w, w]);
  const output = Float32Array.from({ length: 12 }, (_, i) => i);
  const [a, b] = splitPredictions(tt, output);
  t.deepEqual(Array.from(a.output), [0, 1, 2, 3, 4, 5]);
  t.deepEqual(Array.from(b.output), [6, 7, 8, 9, 10, 11]);
  t.deepEqual(Array.from(b.valid), [0, 1]);
});
