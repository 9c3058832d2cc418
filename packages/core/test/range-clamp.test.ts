// Holding a fill within its surroundings' range: stray colours in flat surroundings go,
// fills among texture or across an edge stay, and nothing outside the holes or beyond the
// radius changes; the built-in 'clamp' stage does it after the detail stage.
import test from 'ava';
import type { RawImage } from '../src/image.js';
import { Inpainter } from '../src/inpainter.js';
import { clampToSurroundings } from '../src/range-clamp.js';
import { TINY_MODEL, boxMask } from './helpers.js';

const W = 40, H = 30;
const whole = { x0: 0, y0: 0, x1: W, y1: H };
/** A flat grey photo with a noisy strip in its right third (values 40..220). */
function photo(channels: 1 | 3 | 4 = 3, depth: 8 | 16 = 8): RawImage {
  const data = depth === 16 ? new Uint16Array(W * H * channels) : new Uint8Array(W * H * channels);
  const scale = depth === 16 ? 257 : 1;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      for (let c = 0; c < channels; c++) {
        const alpha = channels === 4 && c === 3;
        data[(y * W + x) * channels + c] = (alpha ? 77 : x >= 28 ? 40 + ((x * 37 + y * 91 + c * 13) % 181) : 120 + (c === 1 ? 2 : 0)) * scale;
      }
    }
  }
  return { width: W, height: H, channels, data };
}
/** Holes as [x, y, w, h] boxes. */
const holes = (boxes: [number, number, number, number][]) => ({ width: W, height: H, data: boxMask(W, H, boxes.map(([x, y, w, h]) => [x, y, x + w, y + h])) });

test('a stray value in a flat neighbourhood is held to its narrow range; among texture only to the texture\'s wider one; outside the holes nothing changes', (t) => {
  const image = photo();
  const mask = holes([[8, 10, 4, 4], [30, 10, 4, 4]]);
  const before = image.data.slice();
  for (let y = 10; y < 14; y++) {
    for (const x of [9, 31]) for (let c = 0; c < 3; c++) image.data[(y * W + x) * 3 + c] = 250; // a bright streak in each hole
  }
  const filled = image.data.slice();
  clampToSurroundings(image, mask, whole, 6);
  const at = (x: number, y: number, c: number) => image.data[(y * W + x) * 3 + c];
  t.deepEqual([at(9, 11, 0), at(9, 11, 1), at(9, 11, 2)], [120, 122, 120], 'the flat grey part: held to its one value per channel');
  t.is(at(31, 11, 0), Math.min(250, Math.max(...[...Array(13).keys()].flatMap((dy) => [...Array(13).keys()].map((dx) => [25 + dx, 5 + dy])).filter(([x, y]) => x < W && y < H && !mask.data[y * W + x]).map(([x, y]) => before[(y * W + x) * 3]))), 'among texture: held to the highest known value within 6 px');
  for (let p = 0; p < W * H; p++) if (!mask.data[p]) for (let c = 0; c < 3; c++) if (image.data[p * 3 + c] !== filled[p * 3 + c]) t.fail(`pixel ${p} outside the holes changed`);
});

test('a pixel farther than the radius from every known pixel is left as it was; so is alpha; 16-bit and grey alike', (t) => {
  const image = photo(4, 16);
  const mask = holes([[2, 2, 20, 20]]);
  const centre = (12 * W + 12) * 4;
  image.data[centre] = 65535; image.data[centre + 3] = 1;
  const edge = (3 * W + 3) * 4;
  image.data[edge] = 65535; image.data[edge + 3] = 1;
  clampToSurroundings(image, mask, whole, 4);
  t.is(image.data[centre], 65535, 'deep inside: no known pixel within 4 px');
  t.is(image.data[edge], 120 * 257, 'near the rim: held to the flat grey');
  t.is(image.data[edge + 3], 1, 'alpha is not touched');
  const grey = photo(1);
  grey.data[11 * W + 9] = 0;
  clampToSurroundings(grey, holes([[8, 10, 4, 4]]), whole, 3);
  t.is(grey.data[11 * W + 9], 120);
});

test('only the fill box asked for changes', (t) => {
  const image = photo();
  const mask = holes([[4, 4, 4, 4], [14, 4, 4, 4]]);
  for (const x of [5, 15]) image.data[(5 * W + x) * 3] = 0;
  clampToSurroundings(image, mask, { x0: 0, y0: 0, x1: 10, y1: H }, 4);
  t.is(image.data[(5 * W + 5) * 3], 120);
  t.is(image.data[(5 * W + 15) * 3], 0, 'the other window\'s hole is its own business');
});

test("the built-in 'clamp' stage runs after the detail stage, by default; clamp 0 turns it off; a plugin named 'clamp' replaces it", async (t) => {
  const inpainter = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  const image = photo();
  const mask = boxMask(W, H, [[6, 8, 12, 14]]);
  const range = (out: RawImage) => {
    let lo = 255, hi = 0;
    for (let y = 8; y < 14; y++) for (let x = 6; x < 12; x++) { const v = out.data[(y * W + x) * 3]; lo = Math.min(lo, v); hi = Math.max(hi, v); }
    return [lo, hi];
  };
  const off = range(await inpainter.inpaint(image, mask, { clamp: 0, detail: 'smooth' }));
  const on = range(await inpainter.inpaint(image, mask, { detail: 'smooth' }));
  t.notDeepEqual(off, [120, 120], `the tiny model's fill strays from the flat grey (${off})`);
  t.deepEqual(on, [120, 120], 'held to the flat grey around it');
  await inpainter.dispose();
  let called = 0;
  const replaced = await Inpainter.create({ model: TINY_MODEL, threads: 1, plugins: [{ name: 'clamp', apply(i) { i.hooks.composite.tap('mine', () => { called++; }); } }] });
  t.deepEqual(range(await replaced.inpaint(image, mask, { detail: 'smooth' })), off, 'the built-in no longer runs');
  t.true(called > 0);
  await replaced.dispose();
});
