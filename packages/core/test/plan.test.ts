import test from 'ava';
import { maskFromBytes } from '@inpaint/mask-gen';
import { DEPTH_FRACTION, batchWindows, mergeBoxes, planWindows } from '../src/index.js';
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
  // three small holes plan three 16x16 inputs; the large one a 64x64 input
  const sizes = (batches: readonly (readonly { inputWidth: number; inputHeight: number }[])[]) =>
    batches.map((b) => b.map((w) => `${w.inputWidth}x${w.inputHeight}`)).sort((a, b) => b.length - a.length || a[0].localeCompare(b[0]));
  t.deepEqual(sizes(plan.windows.map((w) => [w])), [['16x16'], ['16x16'], ['16x16'], ['64x64']]);
  // equal sizes share a batch (two, then the third alone, at maxBatch 2); the other size never joins them
  t.deepEqual(sizes(batchWindows(plan.windows, 2)), [['16x16', '16x16'], ['16x16'], ['64x64']]);
  t.deepEqual(sizes(batchWindows(plan.windows, 4)), [['16x16', '16x16', '16x16'], ['64x64']]);
  // every window is in exactly one batch
  t.deepEqual(new Set(batchWindows(plan.windows, 2).flat()), new Set(plan.windows));
  t.is(batchWindows(plan.windows, 2).flat().length, plan.windows.length);
  // windows of the working size run one at a time: batching them only multiplies the activation memory
  const tile = { ...plan.windows[0], inputWidth: 512, inputHeight: 512 };
  t.deepEqual(batchWindows([tile, tile, tile], 4).map((b) => b.length), [1, 1, 1]);
  t.deepEqual(batchWindows([tile, tile, tile], 4, 2 * 512 * 512).map((b) => b.length), [2, 1]);
});

const big = { strategy: 'auto' as const, multiple: 128, maxSide: 512, context: 0.5, minContext: 32 };
const inside = (b: { x0: number; y0: number; x1: number; y1: number }, x: number, y: number) => x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1;

/** A mask with a horizontal stroke of `thickness` rows across the whole width. */
function strokeMask(width: number, height: number, thickness: number) {
  const m = new Uint8Array(width * height);
  const top = Math.floor((height - thickness) / 2);
  m.fill(255, top * width, (top + thickness) * width);
  return maskFromBytes(m, width, height);
}

test('auto: a 20 px stroke across a 3000x400 image is filled at scale 1 in overlapping tiles of the working size', (t) => {
  const m = strokeMask(3000, 400, 20);
  const plan = planWindows(m, big);
  t.is(plan.strategy, 'crop');
  t.true(plan.windows.length >= 6, `${plan.windows.length} tiles`);
  const tiles = [...plan.windows].sort((a, b) => a.source.x0 - b.source.x0);
  for (const w of tiles) {
    t.is(w.scaledWidth, w.source.x1 - w.source.x0, 'scale 1');
    t.is(w.scaledHeight, w.source.y1 - w.source.y0, 'scale 1');
    t.true(w.source.x1 - w.source.x0 <= 512 && w.source.y1 - w.source.y0 <= 512, 'no tile larger than maxSide');
    t.true(w.inputWidth <= 512 && w.inputHeight <= 512);
    t.is(w.blend?.group, 0, 'one group');
    t.true(inside(w.source, w.fill.x0, w.fill.y0) && w.fill.x1 <= w.source.x1 && w.fill.y1 <= w.source.y1, 'fill inside source');
  }
  // neighbours overlap by at least 2 × DEPTH_FRACTION × maxSide, and their ramps span exactly the overlap
  for (let i = 1; i < tiles.length; i++) {
    const [a, b] = [tiles[i - 1], tiles[i]];
    t.true(a.source.x1 - b.source.x0 >= 2 * DEPTH_FRACTION * 512, `overlap ${a.source.x1 - b.source.x0}`);
    t.is(a.blend!.inner.x1, b.source.x0);
    t.is(b.blend!.inner.x0, a.source.x1);
  }
  // every hole pixel has one owner, with real context around it: DEPTH_FRACTION × maxSide or the image edge
  const depth = DEPTH_FRACTION * 512;
  for (let y = 190; y < 210; y += 19) {
    for (let x = 0; x < 3000; x++) {
      const owners = tiles.filter((w) => inside(w.fill, x, y));
      t.is(owners.length, 1);
      const s = owners[0].source;
      if ((x - s.x0 < depth && s.x0 > 0) || (s.x1 - x <= depth && s.x1 < 3000)) t.fail(`pixel ${x} lies ${x - s.x0}/${s.x1 - x} px from its tile's edge`);
    }
  }
  // 'crop' keeps its meaning: one window scaled by its extent
  const crop = planWindows(m, { ...big, strategy: 'crop' });
  t.is(crop.windows.length, 1);
  t.true(crop.windows[0].scaledWidth <= 512 && crop.windows[0].source.x1 - crop.windows[0].source.x0 === 3000);
});

test('auto: a 300x300 solid hole in a 2000x2000 image is one window scaled as before', (t) => {
  const bytes = new Uint8Array(2000 * 2000);
  for (let y = 800; y < 1100; y++) bytes.fill(255, y * 2000 + 900, y * 2000 + 1200);
  const m = maskFromBytes(bytes, 2000, 2000);
  const auto = planWindows(m, big);
  t.deepEqual(auto, planWindows(m, { ...big, strategy: 'crop' }));
  t.is(auto.windows.length, 1);
  const [w] = auto.windows;
  t.deepEqual([w.source.x1 - w.source.x0, w.scaledWidth, w.blend], [600, 512, undefined]);
});

test('auto: a stroke thicker than the depth limit is tiled at the scale its thickness demands', (t) => {
  // a 200 px band reaches 100 px deep: scaled by DEPTH_FRACTION × 512 / 100, in tiles of the working size at that scale
  const m = strokeMask(5000, 2000, 200);
  const scale = (DEPTH_FRACTION * 512) / 100;
  const plan = planWindows(m, big);
  t.true(plan.windows.length > 1);
  for (const w of plan.windows) {
    t.is(w.source.x1 - w.source.x0, Math.floor(512 / scale));
    t.true(Math.abs(w.scaledWidth / (w.source.x1 - w.source.x0) - scale) < 0.001);
    t.true(w.scaledWidth <= 512 && w.scaledHeight <= 512 && w.inputWidth <= 512 && w.inputHeight <= 512);
  }
});

test('auto: a diagonal stroke runs only the tiles that hold holes; small images and short holes keep one window', (t) => {
  const W = 3000, H = 2000;
  const bytes = new Uint8Array(W * H);
  for (let x = 0; x < W; x++) { const y0 = Math.round((x * (H - 16)) / W); for (let y = y0; y < y0 + 12; y++) bytes[y * W + x] = 255; }
  const m = maskFromBytes(bytes, W, H);
  const plan = planWindows(m, big);
  // the grid over the whole image would be 7 x 5 tiles; the stroke crosses about 7 + 5 of them
  t.true(plan.windows.length > 7 && plan.windows.length < 16, `${plan.windows.length} tiles`);
  for (let i = 0; i < bytes.length; i += 997) {
    if (!bytes[i]) continue;
    const x = i % W, y = Math.floor(i / W);
    t.is(plan.windows.filter((w) => inside(w.fill, x, y)).length, 1);
  }
  // a short stroke whose context box fits the working size is one window, as under 'crop'
  const short = maskFromBytes(boxMask(2000, 2000, [[100, 100, 300, 110]]), 2000, 2000);
  t.deepEqual(planWindows(short, big), planWindows(short, { ...big, strategy: 'crop' }));
  t.is(planWindows(short, big).windows[0].blend, undefined);
});
