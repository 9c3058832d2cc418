import test from 'ava';
import { maskFromBytes } from '@inpaint/mask-gen';
import { batchWindows, mergeBoxes, planWindows } from '../src/index.js';
import { boxMask } from './helpers.js';

const opts = { strategy: 'crop' as const, multiple: 8, maxSide: 64, context: 0.5, minContext: 4 };

test('overlapping boxes merge, chains too; apart boxes stay', (t) => {
  const merged = mergeBoxes([{ x0: 0, y0: 0, x1: 10, y1: 10 }, { x0: 8, y0: 8, x1: 20, y1: 20 }, { x0: 19, y0: 0, x1: 30, y1: 9 }, { x0: 50, y0: 50, x1: 60, y1: 60 }]);
  t.deepEqual(merged.sort((a, b) => a.x0 - b.x0), [{ x0: 0, y0: 0, x1: 30, y1: 20 }, { x0: 50, y0: 50, x1: 60, y1: 60 }]);
});

test('crop windows: context around each region, multiples of the model, fill boxes disjoint and covering every hole', (t) => {
  const m = maskFromBytes(boxMask(200, 100, [[10, 10, 16, 14], [150, 60, 170, 80], [40, 10, 44, 14]]), 200, 100);
  const plan = planWindows(m, opts);
  t.is(plan.strategy, 'crop');
  for (const w of plan.windows) {
    t.is(w.inputWidth % 8, 0);
    t.is(w.inputHeight % 8, 0);
    t.true(w.source.x0 <= w.fill.x0 && w.source.x1 >= w.fill.x1);
  }
  // the first and third holes are 24 px apart and their margins are 4 px each: three windows, not two
  t.is(plan.windows.length, 3);
  t.false(plan.windows.some((w) => w.fill.x0 <= 10 && w.fill.x1 >= 44), 'no window spans both small holes');
  for (let i = 0; i < m.data.length; i++) {
    if (!m.data[i]) continue;
    const x = i % 200, y = Math.floor(i / 200);
    const owners = plan.windows.filter((w) => x >= w.fill.x0 && x < w.fill.x1 && y >= w.fill.y0 && y < w.fill.y1);
    t.is(owners.length, 1, `hole pixel ${x},${y} has one owner`);
  }
});

test('a window larger than the working size is scaled down to it', (t) => {
  const m = maskFromBytes(boxMask(400, 300, [[50, 50, 350, 250]]), 400, 300);
  const [w] = planWindows(m, opts).windows;
  t.true(Math.max(w.scaledWidth, w.scaledHeight) <= 64);
  t.true(w.inputWidth <= 64 && w.inputHeight <= 64);
});

test('full and resize strategies: one window over the whole image', (t) => {
  const m = maskFromBytes(boxMask(100, 60, [[10, 10, 20, 20]]), 100, 60);
  const full = planWindows(m, { ...opts, strategy: 'full' });
  t.deepEqual([full.windows[0].inputWidth, full.windows[0].inputHeight], [104, 64]);
  t.deepEqual([full.windows[0].scaledWidth, full.windows[0].scaledHeight], [100, 60]);
  const resize = planWindows(m, { ...opts, strategy: 'resize' });
  t.is(resize.windows[0].scaledWidth, 64);
});

test('batches group equal input sizes only, up to maxBatch', (t) => {
  const m = maskFromBytes(boxMask(400, 100, [[10, 10, 14, 14], [100, 10, 104, 14], [200, 10, 204, 14], [300, 10, 340, 60]]), 400, 100);
  const plan = planWindows(m, opts);
  const batches = batchWindows(plan.windows, 2);
  for (const b of batches) t.true(b.every((w) => w.inputWidth === b[0].inputWidth && w.inputHeight === b[0].inputHeight));
  t.is(batches.flat().length, plan.windows.length);
  t.true(batches.every((b) => b.length <= 2));
});
