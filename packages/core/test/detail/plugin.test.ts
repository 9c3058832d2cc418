import test from 'ava';
import type { RawImage } from '../../src/index.js';
import { Inpainter, detailPlugin } from '../../src/index.js';
import { TINY_MODEL, boxMask, changedPixels, randomImage } from '../helpers.js';

const PERIOD = 4;
/** Contrast is measured over windows of this many pixels (four periods), so a phase jump at a seam between two copied stretches does not cancel it. */
const WINDOW = 16;

/** Vertical stripes of period 4 (values 50 and 200) with a little grain, 8-bit RGB. */
function stripes(width: number, height: number): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const v = x % PERIOD < PERIOD / 2 ? 50 : 200;
    data.set([v, v + ((x * 7 + y * 13) % 5), v], (y * width + x) * 3);
  }
  return { width, height, channels: 3, data };
}

/** Mean amplitude of the red channel's period-4 Fourier component along x, over 16-pixel windows of the rows of [x0, x1) × [y0, y1). */
function stripeAmplitude(img: RawImage, x0: number, y0: number, x1: number, y1: number): number {
  let sum = 0, n = 0;
  for (let y = y0; y < y1; y++) {
    for (let w0 = x0; w0 + WINDOW <= x1; w0 += WINDOW) {
      let re = 0, im = 0;
      for (let x = w0; x < w0 + WINDOW; x++) {
        const v = img.data[(y * img.width + x) * 3];
        re += v * Math.cos((2 * Math.PI * x) / PERIOD);
        im += v * Math.sin((2 * Math.PI * x) / PERIOD);
      }
      sum += (2 * Math.hypot(re, im)) / WINDOW;
      n++;
    }
  }
  return sum / n;
}

test('texture keeps the stripes: at least 70 % of their contrast at the right period, where the smooth fill averages them away', async (t) => {
  // the shipped model: its fill is the grey the stripes average to (the tiny test model's is near black, and would clip them)
  const inp = await Inpainter.create({ threads: 1 });
  // a photo-size window, scaled down for the network: the stripes are finer than what it sees
  const img = stripes(1200, 900);
  const hole = [440, 300, 760, 600] as const;
  const mask = boxMask(1200, 900, [[...hole]]);
  const original = stripeAmplitude(img, ...hole);
  const smooth = stripeAmplitude(await inp.inpaint(img, mask, { detail: 'smooth' }), ...hole);
  const texture = stripeAmplitude(await inp.inpaint(img, mask, { detail: 'texture' }), ...hole);
  t.log(`stripe amplitude: photo ${original.toFixed(1)}, smooth ${smooth.toFixed(1)}, texture ${texture.toFixed(1)}`);
  t.true(smooth < 0.3 * original, 'the smooth fill has no stripes (otherwise this test proves nothing)');
  t.true(texture >= 0.7 * original, `texture keeps ${(100 * texture / original).toFixed(0)} % of the contrast`);
  await inp.dispose();
});

test("'texture' changes hole pixels only, deterministically; 'smooth' is the network's fill alone", async (t) => {
  const inp = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  const img = randomImage(150, 110, 3, 4);
  const mask = boxMask(150, 110, [[30, 20, 80, 70], [100, 60, 140, 100]]);
  const smooth = await inp.inpaint(img, mask, { detail: 'smooth' });
  const a = await inp.inpaint(img, mask, { detail: 'texture' });
  const b = await inp.inpaint(img, mask, { detail: 'texture' });
  t.deepEqual(a.data, b.data, "'texture' is deterministic");
  for (const p of changedPixels(img, a)) t.not(mask[p], 0, `pixel ${p} outside the holes changed`);
  const differs = changedPixels(smooth, a);
  t.true(differs.size > 0.5 * 50 * 50, 'texture changed most of the fill');
  for (const p of differs) t.not(mask[p], 0);
  // a plugin that never runs the stage leaves exactly the smooth fill
  const never = await Inpainter.create({ model: TINY_MODEL, threads: 1, detail: 'smooth' });
  t.deepEqual((await never.inpaint(img, mask)).data, smooth.data);
  await never.dispose();
  await inp.dispose();
});

test('16-bit, grey and grey+alpha images: texture at their depth, alpha untouched, outside holes exact', async (t) => {
  const inp = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  for (const [channels, depth] of [[3, 16], [1, 8], [2, 8], [4, 16]] as const) {
    const img = randomImage(120, 90, channels, 9, depth);
    const mask = boxMask(120, 90, [[30, 20, 90, 70]]);
    const smooth = await inp.inpaint(img, mask, { detail: 'smooth' });
    const out = await inp.inpaint(img, mask);
    t.is(out.data.constructor, img.data.constructor);
    for (const p of changedPixels(img, out)) t.not(mask[p], 0);
    t.true(changedPixels(smooth, out).size > 0, `${channels} channels, ${depth} bit: texture added`);
    if (channels === 2 || channels === 4) for (let p = 0; p < 120 * 90; p++) t.is(out.data[p * channels + channels - 1], img.data[p * channels + channels - 1]);
  }
  await inp.dispose();
});

test('the attention arm runs as a plugin, whatever the detail option says', async (t) => {
  const inp = await Inpainter.create({ model: TINY_MODEL, threads: 1, detail: 'smooth', plugins: [detailPlugin({ method: 'attention', always: true })] });
  const plain = await Inpainter.create({ model: TINY_MODEL, threads: 1, detail: 'smooth' });
  const img = randomImage(120, 90, 3, 2);
  const mask = boxMask(120, 90, [[40, 30, 80, 60]]);
  const a = await inp.inpaint(img, mask);
  for (const p of changedPixels(img, a)) t.not(mask[p], 0);
  t.true(changedPixels(await plain.inpaint(img, mask), a).size > 0);
  await inp.dispose();
  await plain.dispose();
});

test('a detail plugin replaces the built-in of its name: attention as \'texture\' runs alone, as the stacked arm did', async (t) => {
  const replaced = await Inpainter.create({ model: TINY_MODEL, threads: 1, plugins: [detailPlugin({ method: 'attention' })] });
  const stacked = await Inpainter.create({ model: TINY_MODEL, threads: 1, detail: 'smooth', plugins: [detailPlugin({ method: 'attention', always: true })] });
  const builtin = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  const img = randomImage(120, 90, 3, 2);
  const mask = boxMask(120, 90, [[40, 30, 80, 60]]);
  const attention = await replaced.inpaint(img, mask, { detail: 'texture' });
  t.deepEqual(attention.data, (await stacked.inpaint(img, mask)).data, 'the same pixels as attention on the smooth fill: patchmatch did not run first');
  t.true(changedPixels(await builtin.inpaint(img, mask, { detail: 'texture' }), attention).size > 0);
  t.deepEqual((await replaced.inpaint(img, mask, { detail: 'smooth' })).data, (await builtin.inpaint(img, mask, { detail: 'smooth' })).data, "'smooth' is untouched");
  await Promise.all([replaced.dispose(), stacked.dispose(), builtin.dispose()]);
});

test('a hole with no known patch to copy from keeps the smooth fill', async (t) => {
  const inp = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  const img = randomImage(40, 40, 3, 5);
  const mask = boxMask(40, 40, [[2, 2, 38, 38]]);
  t.deepEqual((await inp.inpaint(img, mask)).data, (await inp.inpaint(img, mask, { detail: 'smooth' })).data);
  await inp.dispose();
});
