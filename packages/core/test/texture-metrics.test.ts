import test from 'ava';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RawImage } from '../src/index.js';
import { sharpnessRatio, textureDistance } from '../src/index.js';
import { sobelMagnitude, wasserstein1 } from '../src/texture-metrics.js';

interface Fixture { width: number; height: number; channels: 3; photo: number[]; mask: number[]; cases: { name: string; fill: number[]; sharpnessRatio: number; textureDistance: number }[] }
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../test-fixtures/texture/texture-metrics.json', import.meta.url)), 'utf8')) as Fixture;
const img = (data: number[]): RawImage => ({ width: fixture.width, height: fixture.height, channels: 3, data: Uint8Array.from(data) });

test('the shared fixture: the numbers training/texture_metrics.py must also give', (t) => {
  for (const c of fixture.cases) {
    t.true(Math.abs(sharpnessRatio(img(c.fill), img(fixture.photo), { mask: Uint8Array.from(fixture.mask) }) - c.sharpnessRatio) < 1e-12, c.name);
    t.true(Math.abs(textureDistance(img(c.fill), img(fixture.photo), { mask: Uint8Array.from(fixture.mask) }) - c.textureDistance) < 1e-12, c.name);
  }
});

test('identity gives ratio 1 and distance 0; blur lowers the ratio, noise raises it, both raise the distance', (t) => {
  const photo = img(fixture.photo);
  const mask = Uint8Array.from(fixture.mask);
  t.is(sharpnessRatio(photo, photo, { mask }), 1);
  t.is(textureDistance(photo, photo, { mask }), 0);
  const by = Object.fromEntries(fixture.cases.map((c) => [c.name, img(c.fill)]));
  t.true(sharpnessRatio(by.blurred, photo, { mask }) < 0.7);
  t.true(sharpnessRatio(by.noisy, photo, { mask }) > 1.3);
  t.true(textureDistance(by.blurred, photo, { mask }) > 1);
  t.true(textureDistance(by.noisy, photo, { mask }) > 1);
});

test('Sobel by hand: a vertical step of 1 gives 4 on both sides of it, 0 elsewhere; reflected borders', (t) => {
  const p = Float64Array.from([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]); // 4 wide, 3 tall
  const g = sobelMagnitude(p, 4, 3);
  t.deepEqual([...g.slice(0, 4)], [0, 4, 4, 0]);
  t.deepEqual([...g.slice(8, 12)], [0, 4, 4, 0]);
});

test('Wasserstein-1 of two samples: mean gap of the sorted values, order-free', (t) => {
  t.is(wasserstein1(Float64Array.from([0, 1, 2]), Float64Array.from([2, 0, 1])), 0);
  t.is(wasserstein1(Float64Array.from([0, 0]), Float64Array.from([1, 3])), 2);
});
