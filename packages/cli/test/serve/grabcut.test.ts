// GrabCut on real photos (samples/photos): the selection against a truth mask written down
// by hand (selection-truth.ts), the scaled road against the same truth, grow and shrink in
// full-size pixels.
import test from 'ava';
import sharp from 'sharp';
import type { RawImage } from '@inpaint/core';
import { countHoles, createMask } from '@inpaint/mask-gen';
import { SEGMENT_PIXELS, boxRegion, growSelection, segmentObject } from '../../src/serve/grabcut.js';
import { SELECTION_CASES, iou, truthMask } from './selection-truth.js';

async function rgb(path: string, scale = 1): Promise<RawImage> {
  const meta = await sharp(path).metadata();
  const { data, info } = await sharp(path).resize(Math.round(meta.width! * scale)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

for (const [name, c] of Object.entries(SELECTION_CASES)) {
  test(`the ${name}: the box${c.strokes.length ? ' and keep / remove strokes' : ''} select it, IoU >= 0.8 with the hand-made truth`, async (t) => {
    const image = await rgb(c.photo);
    const mask = await segmentObject(image, { box: c.box, strokes: c.strokes.map((s) => ({ ...s, points: s.points.map(([x, y]) => ({ x, y })) })) });
    t.deepEqual([mask.width, mask.height], [image.width, image.height]);
    const score = iou(mask.data, (await truthMask(c)).data);
    t.log(`${name}: IoU ${score.toFixed(3)}`);
    t.true(score >= 0.8, `IoU ${score.toFixed(3)}`);
  });
}

test('a photo larger than GrabCut sees is segmented on a scaled copy: the same object at 2 MP, IoU >= 0.8', async (t) => {
  const c = SELECTION_CASES.table;
  const scale = 2.7; // 1728x1153, about 2 MP: the table's neighbourhood is 5x SEGMENT_PIXELS
  const image = await rgb(c.photo, scale);
  t.true((c.box[2] * scale) * (c.box[3] * scale) > 2 * SEGMENT_PIXELS);
  const strokes = c.strokes.map((s) => ({ mode: s.mode, size: s.size * scale, points: s.points.map(([x, y]) => ({ x: x * scale, y: y * scale })) }));
  const mask = await segmentObject(image, { box: c.box.map((v) => v * scale) as typeof c.box, strokes });
  const truth = await truthMask(c);
  const big = await sharp(Buffer.from(truth.data), { raw: { width: truth.width, height: truth.height, channels: 1 } }).resize(image.width, image.height, { fit: 'fill', kernel: 'nearest' }).extractChannel(0).raw().toBuffer();
  const score = iou(mask.data, big);
  t.log(`table at ${image.width}x${image.height}: IoU ${score.toFixed(3)}`);
  t.true(score >= 0.8, `IoU ${score.toFixed(3)}`);
});

test('the edge is refined at full size: a disk on a 2400x1800 photo is found to within half a pixel along its rim, not to the scaled copy\'s blocks of 7 px', async (t) => {
  const W = 2400, H = 1800, cx = 1200, cy = 900, r = 500;
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const inside = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r;
      const i = (y * W + x) * 3, n = ((x * 7 + y * 13) % 17) * 3; // a little texture
      data[i] = inside ? 40 + n : 200 - n; data[i + 1] = inside ? 60 + n : 190 - n; data[i + 2] = inside ? 30 + n : 170 - n;
    }
  }
  const mask = await segmentObject({ data, width: W, height: H, channels: 3 }, { box: [cx - r - 20, cy - r - 20, 2 * r + 40, 2 * r + 40] });
  let wrong = 0;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if ((mask.data[y * W + x] !== 0) !== ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r)) wrong++;
  const rim = 2 * Math.PI * r;
  t.log(`${wrong} wrong pixels along a rim of ${rim.toFixed(0)} px (GrabCut saw the disk at 1/${Math.round(1 / Math.sqrt(SEGMENT_PIXELS / (1080 * 1080)))} scale)`);
  t.true(wrong < 0.5 * rim, `${wrong} wrong pixels`);
});

test('grow and shrink in full-size pixels: a 40x30 box grown by 5 gains its perimeter times 5 and round corners; shrunk by 5 loses as much', (t) => {
  const mask = createMask(120, 100);
  for (let y = 30; y < 60; y++) mask.data.fill(255, y * 120 + 40, y * 120 + 80);
  const grown = growSelection(mask, 5);
  const expected = 40 * 30 + 5 * 2 * (40 + 30) + Math.PI * 25;
  t.true(Math.abs(countHoles(grown) - expected) < 40, `${countHoles(grown)} vs ${expected.toFixed(0)}`);
  t.is(countHoles(growSelection(mask, -5)), 30 * 20);
  t.is(growSelection(mask, 0), mask);
  t.is(countHoles(growSelection(mask, -15)), 0, 'shrunk away');
});

test('a box outside the image selects nothing; one across its edge is clipped', async (t) => {
  t.is(boxRegion([700, 10, 50, 50], 640, 480), null);
  t.deepEqual(boxRegion([-10, 5, 50, 20], 640, 480), { x0: 0, y0: 5, x1: 40, y1: 25 });
  const image = await rgb(SELECTION_CASES.nose.photo);
  t.is(countHoles(await segmentObject(image, { box: [700, 10, 50, 50] })), 0);
});

test('the same box gives the same mask every time, whatever the thread segmented before', async (t) => {
  const c = SELECTION_CASES.nose;
  const image = await rgb(c.photo);
  const first = Buffer.from((await segmentObject(image, { box: c.box })).data);
  for (let i = 0; i < 3; i++) t.true(Buffer.from((await segmentObject(image, { box: c.box })).data).equals(first), `selection ${i + 2}`);
});
