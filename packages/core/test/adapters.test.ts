import test from 'ava';
import type { ExecutionContext } from 'ava';
import { ADAPTER_MODELS, FILL_RGB } from '@inpaint/test-fixtures';
import { InferenceError, InvalidParameterError, Inpainter, ModelRefusedError, detectFormat } from '../src/index.js';
import type { ModelFormat, RawImage } from '../src/index.js';
import { TINY_MODEL, boxMask, changedPixels, randomImage } from './helpers.js';

const FORMATS = Object.keys(ADAPTER_MODELS) as (keyof typeof ADAPTER_MODELS)[];

/**
 * The hole pixels within 1 level of the graph's fill colour: all of them, but for a rim where a
 * window scaled down for the model blends the fill with the kept pixels next to it when scaled
 * back up (at most 3 %). A wrong range, dtype or mask convention misses nearly all of them.
 */
function holesAreFill(t: ExecutionContext, out: RawImage, mask: Uint8Array, label: string): void {
  let bad = 0, holes = 0;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    holes++;
    for (let c = 0; c < 3; c++) if (Math.abs(out.data[p * 3 + c] - FILL_RGB[c]) > 1) { bad++; break; }
  }
  t.true(holes > 0);
  t.true(bad <= 0.03 * holes, `${label}: ${bad} of ${holes} hole pixels are not the model's fill colour`);
}

for (const format of FORMATS) {
  test(`${format}: detected from its signature, holes get the model's fill, pixels outside are exact`, async (t) => {
    const inp = await Inpainter.create({ model: ADAPTER_MODELS[format], threads: 1, detail: 'smooth' });
    t.is(inp.model.format, format);
    // a photo-size image with two holes far apart (crop windows), and a small one (one window, padded)
    for (const [w, h, boxes] of [[900, 700, [[100, 120, 220, 260], [600, 400, 780, 520]]], [120, 90, [[30, 20, 70, 60]]]] as const) {
      const img = randomImage(w, h, 3, 5);
      const mask = boxMask(w, h, boxes.map((b) => [...b] as [number, number, number, number]));
      for (const strategy of ['auto', 'full'] as const) {
        const out = await inp.inpaint(img, mask, { strategy, clamp: 0 }); // the model's own fill, unclamped
        for (const p of changedPixels(img, out)) t.not(mask[p], 0, `${format} ${w}x${h} ${strategy}: pixel ${p} outside the holes changed`);
        holesAreFill(t, out, mask, `${format} ${w}x${h} ${strategy}`);
      }
    }
    await inp.dispose();
  });
}

test('fixed-size models get windows of their size; the batch follows the model', async (t) => {
  const sizes: Record<string, number> = {};
  for (const format of ['lama', 'migan'] as const) {
    const inp = await Inpainter.create({ model: ADAPTER_MODELS[format], threads: 1, detail: 'smooth' });
    inp.hooks.infer.tap('sizes', (e) => { sizes[`${format} ${e.dims.join('x')}`] = (sizes[`${format} ${e.dims.join('x')}`] ?? 0) + 1; });
    t.is(inp.model.fixedSize, format === 'lama' ? 512 : 256);
    const img = randomImage(1500, 1000, 3, 2);
    await inp.inpaint(img, boxMask(1500, 1000, [[100, 100, 300, 300], [1000, 600, 1400, 900]]));
    await inp.dispose();
  }
  t.deepEqual(Object.keys(sizes).sort(), ['lama 1x3x512x512', 'migan 1x3x256x256']);
  t.is(sizes['lama 1x3x512x512'], 2, 'one run per window: batch 1 is all a [1,…] model takes');
});

test('the detail stage applies to any model: texture on top of a foreign fill, outside exact', async (t) => {
  const inp = await Inpainter.create({ model: ADAPTER_MODELS['lama-4ch'], threads: 1 });
  const img = randomImage(300, 200, 3, 8);
  const mask = boxMask(300, 200, [[100, 60, 200, 140]]);
  const smooth = await inp.inpaint(img, mask, { detail: 'smooth' });
  const texture = await inp.inpaint(img, mask);
  for (const p of changedPixels(img, texture)) t.not(mask[p], 0);
  t.true(changedPixels(smooth, texture).size > 0);
  await inp.dispose();
});

test('modelFormat overrides detection; a wrong one fails at run time with a typed error naming the file', async (t) => {
  const forced = await Inpainter.create({ model: ADAPTER_MODELS.migan, modelFormat: 'lama-4ch', threads: 1, detail: 'smooth' });
  t.is(forced.model.format, 'lama-4ch');
  const img = randomImage(64, 64, 3, 1);
  const mask = boxMask(64, 64, [[20, 20, 40, 40]]);
  // lama-4ch reads mask 1 = hole, MI-GAN's graph keeps where channel 0 + 0.5 is 1: the colours come out wrong, not the same
  const out = await forced.inpaint(img, mask);
  let fill = 0;
  for (let p = 0; p < 64 * 64; p++) if (mask[p] && Math.abs(out.data[p * 3] - FILL_RGB[0]) <= 1 && Math.abs(out.data[p * 3 + 1] - FILL_RGB[1]) <= 1) fill++;
  t.true(fill < 20 * 20, 'a wrong convention does not give the right colours');
  await forced.dispose();
  const wrong = await Inpainter.create({ model: ADAPTER_MODELS.lama, modelFormat: 'migan-pipeline', threads: 1 });
  const e = await t.throwsAsync(wrong.inpaint(img, mask), { instanceOf: InferenceError });
  t.regex(e?.message ?? '', /lama-carve\.onnx \(migan-pipeline\) failed/);
  await wrong.dispose();
  await t.throwsAsync(Inpainter.create({ model: ADAPTER_MODELS.lama, modelFormat: 'sd15' as ModelFormat }), { instanceOf: InvalidParameterError });
});

test('detection: our metadata wins; unknown signatures are refused listing what was found and what is supported', async (t) => {
  const ours = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  t.is(ours.model.format, 'inpaint');
  await ours.dispose();
  const f = (inputs: [string, string, (number | string)[]][], outputs: string[]) => ({ inputs: inputs.map(([name, type, shape]) => ({ name, type, shape })), outputs: outputs.map((name) => ({ name, type: 'float32', shape: [] })) });
  t.is(detectFormat(f([['image', 'float32', [1, 3, 512, 512]], ['mask', 'float32', [1, 1, 512, 512]]], ['output']), {}), 'lama');
  t.is(detectFormat(f([['image', 'uint8', [1, 3, 'H', 'W']], ['mask', 'uint8', [1, 1, 'H', 'W']]], ['result']), {}), 'migan-pipeline');
  t.is(detectFormat(f([['input', 'float32', [1, 4, 512, 512]]], ['output']), {}), 'migan');
  t.is(detectFormat(f([['input', 'float32', ['N', 4, 'H', 'W']]], ['output']), {}), 'lama-4ch');
  t.is(detectFormat(f([['x', 'float32', [1, 3, 8, 8]]], ['y']), { architecture: 'pconv-unet' }), 'inpaint');
  const e = t.throws(() => detectFormat(f([['pixel_values', 'float32', [1, 3, 224, 224]]], ['logits']), {}, 'clip.onnx'), { instanceOf: ModelRefusedError });
  t.regex(e?.message ?? '', /clip\.onnx follows no contract.*pixel_values float32 \[1,3,224,224\].*Supported: .*LaMa.*MI-GAN.*modelFormat/);
  const missing = t.throws(() => detectFormat(f([['image', 'float32', ['N', 3, 'H', 'W']], ['mask', 'float32', ['N', 1, 'H', 'W']]], ['output']), {}), { instanceOf: ModelRefusedError });
  t.regex(missing?.message ?? '', /metadata key 'architecture' is missing/);
});

test('fixed-size models fill a long thin stroke in tiles of their size at scale 1', async (t) => {
  for (const format of ['lama', 'migan'] as const) {
    const inp = await Inpainter.create({ model: ADAPTER_MODELS[format], threads: 1, detail: 'smooth' });
    const fixed = inp.model.fixedSize!;
    const dims = new Set<string>();
    inp.hooks.infer.tap('dims', (e) => { dims.add(e.dims.slice(2).join('x')); });
    const img = randomImage(2000, 300, 3, 6);
    const mask = boxMask(2000, 300, [[40, 140, 1960, 152]]);
    const { image: out, report } = await inp.inpaintWithReport(img, mask, { clamp: 0 });
    t.true(report.windows > 2000 / fixed, `${format}: ${report.windows} tiles`);
    t.deepEqual([...dims], [`${fixed}x${fixed}`]);
    for (const p of changedPixels(img, out)) t.not(mask[p], 0, `${format}: pixel ${p} outside the holes changed`);
    holesAreFill(t, out, mask, `${format} stroke`);
    await inp.dispose();
  }
});
