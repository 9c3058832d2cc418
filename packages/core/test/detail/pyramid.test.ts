import test from 'ava';
import { blur, cropLevel, downsample, downsamplePlane, holeMap, textureEnergy, upsampleHoles } from '../../src/detail/pyramid.js';
import type { Level } from '../../src/detail/pyramid.js';

function level(width: number, height: number, value: (x: number, y: number) => number, hole: (x: number, y: number) => boolean): Level {
  const image = new Float32Array(width * height);
  const h = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    image[y * width + x] = value(x, y);
    h[y * width + x] = hole(x, y) ? 1 : 0;
  }
  return { width, height, k: 1, image, hole: h };
}

test('cropLevel reads the box in [0, 1], 8 and 16 bit, colour without alpha, and the box\'s holes', (t) => {
  const data = new Uint16Array(4 * 3 * 4);
  data.set([65535, 0, 32768, 1234], (1 * 4 + 2) * 4);
  const mask = { width: 4, height: 3, data: new Uint8Array(12) };
  mask.data[1 * 4 + 2] = 255;
  const lv = cropLevel({ width: 4, height: 3, channels: 4, data }, mask, { x0: 1, y0: 1, x1: 4, y1: 3 });
  t.is(lv.k, 3);
  t.is(lv.width, 3);
  t.deepEqual([...lv.image.slice(3, 6)].map((v) => Math.round(v * 65535)), [65535, 0, 32768]);
  t.deepEqual([...lv.hole], [0, 1, 0, 0, 0, 0]);
});

test('downsample averages 2×2 blocks (odd edges: what is there) and marks a hole where any pixel is one', (t) => {
  const lv = level(3, 2, (x) => x, (x, y) => x === 1 && y === 1);
  const half = downsample(lv);
  t.is(half.width, 2);
  t.is(half.height, 1);
  t.deepEqual([...half.image], [0.5, 2]);
  t.deepEqual([...half.hole], [1, 0]);
  t.deepEqual([...downsamplePlane(new Float32Array([1, 3, 5, 7]), 2, 2)], [4]);
});

test('upsampleHoles writes the coarse colours into hole pixels only', (t) => {
  const fine = level(4, 4, () => 9, (x) => x >= 2);
  upsampleHoles(new Float32Array([1, 1, 1, 1]), 2, 2, fine);
  for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) t.is(fine.image[y * 4 + x], x >= 2 ? 1 : 9);
});

test('blur keeps a constant and the mean, and smooths a step', (t) => {
  const flat = blur(new Float32Array(50).fill(0.25), 10, 5, 1, 2);
  t.true(flat.every((v) => Math.abs(v - 0.25) < 1e-6));
  const step = new Float32Array(40);
  for (let x = 20; x < 40; x++) step[x] = 1;
  const s = blur(step, 40, 1, 1, 3);
  t.true(s[19] > 0.2 && s[19] < 0.8 && s[0] < 1e-6 && s[39] > 1 - 1e-6);
});

test('textureEnergy: a hole inside stripes gets the stripes\' energy, a hole inside a flat area none', (t) => {
  const stripes = textureEnergy(level(40, 40, (x) => (x % 4 < 2 ? 0.2 : 0.8), (x, y) => x >= 15 && x < 25 && y >= 15 && y < 25), 2, 8);
  const flat = textureEnergy(level(40, 40, () => 0.5, (x, y) => x >= 15 && x < 25 && y >= 15 && y < 25), 2, 8);
  t.true(stripes[20 * 40 + 20] > 0.2, `energy in the hole ${stripes[20 * 40 + 20]}`);
  t.true(flat[20 * 40 + 20] < 1e-6);
});

test('holeMap: the mask\'s holes inside a box, 1 where a hole, whatever value marks it', (t) => {
  const mask = { width: 6, height: 4, data: new Uint8Array(24) };
  mask.data[1 * 6 + 2] = 255; mask.data[2 * 6 + 4] = 7; mask.data[0] = 255; // the last lies outside the box
  t.deepEqual([...holeMap(mask, { x0: 1, y0: 1, x1: 5, y1: 3 })], [0, 1, 0, 0, 0, 0, 0, 1]);
});
