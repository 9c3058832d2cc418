import test from 'ava';
import { generateMask } from '@inpaint/mask-gen';
import type { InferEvent, InpainterPlugin, RawImage, Window } from '../src/index.js';
import {
  DisposedError, InvalidImageError, InvalidMaskError, InvalidParameterError, Inpainter, MaskMismatchError, PluginError, toMask,
} from '../src/index.js';
import { inpaintChecked } from '../src/inpainter.js';
import { TINY_MODEL, boxMask, changedPixels, randomImage } from './helpers.js';

const create = (o: Parameters<typeof Inpainter.create>[0] = {}) => Inpainter.create({ model: TINY_MODEL, threads: 1, ...o });

test('pixels outside holes are bit-identical, on random images and masks of every layout', async (t) => {
  const inp = await create();
  const cases: [number, number, 1 | 2 | 3 | 4, 8 | 16][] = [[97, 61, 3, 8], [64, 64, 4, 8], [130, 45, 1, 8], [50, 77, 2, 8], [81, 40, 3, 16]];
  for (const [i, [w, h, c, depth]] of cases.entries()) {
    for (const strategy of ['auto', 'crop', 'full', 'resize'] as const) {
      const img = randomImage(w, h, c, i + 1, depth);
      const mask = generateMask({ width: w, height: h, seed: i, ratio: [0.05, 0.3] });
      const out = await inp.inpaint(img, mask, { strategy, maxSide: 64 });
      t.is(out.width, w);
      t.is(out.channels, c);
      t.is(out.data.constructor, img.data.constructor);
      for (const p of changedPixels(img, out)) t.not(mask.data[p], 0, `${strategy} ${w}x${h}x${c}: pixel ${p} outside the hole changed`);
      // every hole pixel got a prediction: most of them differ from the (noisy) input
      let holes = 0;
      for (const v of mask.data) if (v) holes++;
      t.true(changedPixels(img, out).size > holes * 0.5, `${strategy}: holes were filled`);
    }
  }
  await inp.dispose();
});

test('alpha is carried through untouched, also inside holes', async (t) => {
  const inp = await create();
  const img = randomImage(40, 40, 4, 3);
  const mask = boxMask(40, 40, [[10, 10, 30, 30]]);
  const out = await inp.inpaint(img, mask);
  for (let p = 0; p < 40 * 40; p++) t.is(out.data[p * 4 + 3], img.data[p * 4 + 3]);
  await inp.dispose();
});

test('grey stays grey: one channel in, one channel out, holes filled with luma', async (t) => {
  const inp = await create();
  const img = randomImage(48, 32, 1, 5);
  const mask = boxMask(48, 32, [[5, 5, 20, 20]]);
  // the network's fill (the detail stage matches grey and colour patches differently; its grey case is in detail/plugin.test.ts)
  const out = await inp.inpaint(img, mask, { detail: 'smooth', clamp: 0 });
  t.is(out.channels, 1);
  t.is(out.data.length, 48 * 32);
  t.true(changedPixels(img, out).size > 0);
  // the same picture as RGB (grey replicated) is the same network input: the grey fill is the
  // luma of the RGB fill, up to rounding (grey rounds the luma of unrounded values)
  const rgb = { width: 48, height: 32, channels: 3 as const, data: new Uint8Array(48 * 32 * 3).map((_, i) => img.data[Math.floor(i / 3)]) };
  const rgbOut = await inp.inpaint(rgb, mask, { detail: 'smooth', clamp: 0 });
  let holes = 0;
  for (let p = 0; p < 48 * 32; p++) {
    if (!mask[p]) { t.is(out.data[p], img.data[p]); continue; }
    holes++;
    const luma = 0.299 * rgbOut.data[p * 3] + 0.587 * rgbOut.data[p * 3 + 1] + 0.114 * rgbOut.data[p * 3 + 2];
    if (Math.abs(out.data[p] - luma) > 1) t.fail(`hole pixel ${p}: grey ${out.data[p]}, luma of the RGB fill ${luma.toFixed(2)}`);
  }
  t.is(holes, 15 * 15);
  await inp.dispose();
});

test('deterministic: same input, same bytes', async (t) => {
  const inp = await create();
  const img = randomImage(70, 50, 3, 9);
  const mask = generateMask({ width: 70, height: 50, seed: 3, ratio: [0.1, 0.2] });
  const a = await inp.inpaint(img, mask);
  const b = await inp.inpaint(img, mask);
  t.deepEqual(a.data, b.data);
  await inp.dispose();
});

test('no hole: a copy at once, no inference, and the input is never modified (a Node Buffer neither)', async (t) => {
  const inp = await create();
  let runs = 0;
  inp.hooks.infer.tap('count', () => { runs++; });
  const img = randomImage(30, 20, 3);
  const before = img.data.slice();
  const { image, report } = await inp.inpaintWithReport(img, new Uint8Array(600));
  t.deepEqual(image.data, img.data);
  t.not(image.data, img.data);
  t.is(runs, 0);
  t.is(report.strategy, 'none');
  await inp.inpaint(img, boxMask(30, 20, [[2, 2, 9, 9]]));
  t.deepEqual(img.data, before);
  // sharp decodes into Node Buffers: the fills must not land in the caller's buffer either
  const decoded = { ...img, data: Buffer.from(before) };
  const filled = await inp.inpaint(decoded, boxMask(30, 20, [[2, 2, 9, 9]]));
  t.true(Buffer.from(decoded.data).equals(Buffer.from(before)), "a Buffer input is left as it was");
  t.false(Buffer.from(filled.data).equals(Buffer.from(before)), 'the holes were filled in the copy');
  await inp.dispose();
});

test('windows of equal size are batched into one run; a plugin observes every inference', async (t) => {
  const seen: InferEvent[] = [];
  const observer: InpainterPlugin = { apply: (i) => i.hooks.infer.tap('Observer', (e) => { seen.push(e); }) };
  const inp = await create({ plugins: [observer], strategy: 'crop', minContext: 4, context: 0.2 });
  // three small, far-apart holes of the same size: three windows of one input size
  const img = randomImage(300, 120, 3);
  const mask = boxMask(300, 120, [[20, 20, 26, 26], [140, 60, 146, 66], [260, 90, 266, 96]]);
  const { report } = await inp.inpaintWithReport(img, mask);
  t.is(report.windows, 3);
  t.is(report.inferences, 1);
  t.is(seen.length, 1);
  t.is(seen[0].dims[0], 3, 'batch of three');
  t.is(seen[0].windows.length, 3);
  const two = await inp.inpaintWithReport(img, mask, { maxBatch: 2 });
  t.is(two.report.inferences, 2);
  t.is(seen.length, 3);
  await inp.dispose();
});

test('a plugin can change the plan: dropping a window leaves its hole untouched', async (t) => {
  const dropFirst: InpainterPlugin = {
    apply: (i) => i.hooks.plan.tap('DropFirst', (plan) => ({ ...plan, windows: plan.windows.slice(1) })),
  };
  const inp = await create({ plugins: [dropFirst], strategy: 'crop', minContext: 4, context: 0.2 });
  const img = randomImage(300, 80, 3);
  const mask = boxMask(300, 80, [[10, 10, 20, 20], [250, 40, 260, 50]]);
  const out = await inp.inpaint(img, mask);
  const changed = changedPixels(img, out);
  t.false([...changed].some((p) => p % 300 < 100), 'first hole untouched');
  t.true([...changed].some((p) => p % 300 >= 250), 'second hole filled');
  await inp.dispose();
});

test('a huge image with small holes runs small windows only (no full-image tensors)', async (t) => {
  const inp = await create();
  let largest = 0;
  inp.hooks.preprocess.tap('size', (tensors) => { largest = Math.max(largest, tensors.image.length); return tensors; });
  const w = 3000, h = 2000;
  const img: RawImage = { width: w, height: h, channels: 3, data: new Uint8Array(w * h * 3).fill(128) };
  const mask = boxMask(w, h, [[100, 100, 130, 120], [2000, 1500, 2010, 1540], [2900, 10, 2950, 30]]);
  const { report } = await inp.inpaintWithReport(img, mask);
  t.is(report.strategy, 'crop');
  t.true(largest <= 3 * 4 * 256 * 256, `largest batch tensor ${largest} floats`);
  await inp.dispose();
});

test('auto picks one full pass when crops would cover most of a small image', async (t) => {
  const inp = await create();
  const img = randomImage(64, 64, 3);
  const { report } = await inp.inpaintWithReport(img, generateMask({ width: 64, height: 64, seed: 1, ratio: [0.4, 0.5] }));
  t.is(report.strategy, 'full');
  t.is(report.inferences, 1);
  await inp.dispose();
});

test('feather changes only hole pixels and makes the seam smoother', async (t) => {
  const inp = await create();
  const img = randomImage(64, 64, 3, 2);
  const mask = boxMask(64, 64, [[20, 20, 44, 44]]);
  // the network's fill as it is (the default detail stage completes this hole from the photo, after feathering)
  const plain = await inp.inpaint(img, mask, { strategy: 'full', detail: 'smooth' });
  const feathered = await inp.inpaint(img, mask, { strategy: 'full', detail: 'smooth', feather: 6 });
  for (const p of changedPixels(img, feathered)) t.not(mask[p], 0);
  t.notDeepEqual(plain.data, feathered.data);
  // seam: mean |difference| between the hole's first row and the valid row above it
  const seam = (o: RawImage) => {
    let s = 0;
    for (let x = 20; x < 44; x++) for (let c = 0; c < 3; c++) s += Math.abs(o.data[(20 * 64 + x) * 3 + c] - o.data[(19 * 64 + x) * 3 + c]);
    return s;
  };
  t.true(seam(feathered) < seam(plain), `${seam(feathered)} < ${seam(plain)}`);
  await inp.dispose();
});

test('errors: mask size, zero size, channels, full mask, bad options, disposed', async (t) => {
  const inp = await create();
  const img = randomImage(20, 10, 3);
  await t.throwsAsync(inp.inpaint(img, { width: 10, height: 20, data: new Uint8Array(200) }), { instanceOf: MaskMismatchError, message: /mask is 10x20 but the image is 20x10/ });
  await t.throwsAsync(inp.inpaint(img, new Uint8Array(199)), { instanceOf: MaskMismatchError, message: /199 bytes/ });
  await t.throwsAsync(inp.inpaint({ width: 0, height: 10, channels: 3, data: new Uint8Array(0) }, new Uint8Array(0)), { instanceOf: InvalidImageError, message: /zero-size/ });
  await t.throwsAsync(inp.inpaint({ width: 2, height: 2, channels: 5 as 3, data: new Uint8Array(20) }, new Uint8Array(4)), { instanceOf: InvalidImageError, message: /channels must be 1, 2, 3 or 4/ });
  await t.throwsAsync(inp.inpaint({ ...img, data: new Uint8Array(5) }, new Uint8Array(200)), { instanceOf: InvalidImageError, message: /must hold width\*height\*channels = 20\*10\*3 = 600/ });
  await t.throwsAsync(inp.inpaint(img, new Uint8Array(200).fill(255)), { instanceOf: InvalidMaskError, message: /every pixel as a hole/ });
  await t.throwsAsync(inp.inpaint(img, new Uint8Array(200), { strategy: 'magic' as 'auto' }), { instanceOf: InvalidParameterError, message: /strategy/ });
  await t.throwsAsync(inp.inpaint(img, new Uint8Array(200), { feather: -1 }), { instanceOf: InvalidParameterError });
  await inp.dispose();
  await inp.dispose();
  await t.throwsAsync(inp.inpaint(img, new Uint8Array(200)), { instanceOf: DisposedError, message: /Inpainter was disposed/ });
});

/**
 * An 800×64 image with a 6 px stroke across it (rows 28–33, columns 10–789): at a working
 * size of 128 the tiny model fills it in tiles at scale 1 (the stroke is 3 px deep, within
 * DEPTH_FRACTION × 128 = 8).
 */
const STROKE = { W: 800, H: 64, y0: 28, y1: 34, x0: 10, x1: 790, maxSide: 128 };
const inStroke = (x: number, y: number) => y >= STROKE.y0 && y < STROKE.y1 && x >= STROKE.x0 && x < STROKE.x1;
function strokeCase(seed: number, channels: 1 | 3 = 3, depth: 8 | 16 = 8) {
  const { W, H } = STROKE;
  const img = randomImage(W, H, channels, seed, depth);
  const mask = new Uint8Array(W * H);
  for (let y = STROKE.y0; y < STROKE.y1; y++) mask.fill(255, y * W + STROKE.x0, y * W + STROKE.x1);
  return { img, mask };
}
const STROKE_PIXELS = (STROKE.y1 - STROKE.y0) * (STROKE.x1 - STROKE.x0);

/** The samples of `image` at the stroke's pixels inside box `b`, in raster order. */
function strokeSamples(image: RawImage, b: Window['fill']): number[] {
  const out: number[] = [];
  for (let y = b.y0; y < b.y1; y++) for (let x = b.x0; x < b.x1; x++) if (inStroke(x, y)) for (let c = 0; c < image.channels; c++) out.push(image.data[(y * image.width + x) * image.channels + c]);
  return out;
}

test('auto fills a long thin stroke in blended tiles: outside exact, deterministic, one composite per tile with final values', async (t) => {
  const inp = await create();
  let plan: readonly Window[] = [];
  inp.hooks.plan.tap('see', (p) => { plan = p.windows; return p; });
  // what the pixels of each tile's fill box hold when its composite tap runs
  const events: { window: Window; pixels: number; values: number[] }[] = [];
  inp.hooks.composite.tap('see', (e) => { events.push({ window: e.window, pixels: e.pixels, values: strokeSamples(e.output, e.window.fill) }); });
  const options = { maxSide: STROKE.maxSide, detail: 'smooth' as const };
  for (const [channels, depth] of [[3, 8], [1, 16]] as const) {
    const { img, mask } = strokeCase(4, channels, depth);
    events.length = 0;
    const { image: a, report } = await inp.inpaintWithReport(img, mask, options);
    t.is(report.strategy, 'crop');
    t.true(report.windows >= 6, `${report.windows} tiles`);
    t.true(plan.every((w) => w.blend && w.scaledWidth === w.source.x1 - w.source.x0 && w.source.x1 - w.source.x0 <= STROKE.maxSide), 'tiles at scale 1, none larger than the working size');
    for (const p of changedPixels(img, a)) t.not(mask[p], 0, `pixel ${p} outside the hole changed`);
    t.true(changedPixels(img, a).size > 0.5 * STROKE_PIXELS, 'the stroke was filled');
    t.deepEqual(events.map((e) => e.window), [...plan], 'one composite event per tile, in plan order');
    t.is(events.reduce((s, e) => s + e.pixels, 0), STROKE_PIXELS, 'every hole pixel composited once');
    for (const e of events) t.deepEqual(e.values, strokeSamples(a, e.window.fill), 'the tap saw its fill box blended already');
    t.deepEqual(a.data, (await inp.inpaint(img, mask, options)).data, 'deterministic');
  }
  // the detail stage on tiles: outside exact and deterministic too
  const { img, mask } = strokeCase(5);
  const c = await inp.inpaint(img, mask, { maxSide: STROKE.maxSide });
  for (const p of changedPixels(img, c)) t.not(mask[p], 0);
  t.deepEqual(c.data, (await inp.inpaint(img, mask, { maxSide: STROKE.maxSide })).data);
  await inp.dispose();
});

/**
 * The fill's steps between neighbouring columns along the stroke (mean |difference| over its
 * rows and channels), at the boundaries between tiles' fill boxes and elsewhere, over a few
 * images.
 */
async function seamSteps(inp: Inpainter): Promise<{ boundary: number[]; other: number[] }> {
  let tiles: readonly Window[] = [];
  inp.hooks.plan.tap('tiles', (p) => { tiles = p.windows; return p; });
  const boundary: number[] = [], other: number[] = [];
  for (const seed of [4, 5, 6, 7]) {
    const { img, mask } = strokeCase(seed);
    const out = await inp.inpaint(img, mask, { maxSide: STROKE.maxSide, detail: 'smooth', clamp: 0 });
    const bounds = new Set(tiles.filter((w) => w.fill.x0 > STROKE.x0).map((w) => w.fill.x0 - 1));
    for (let x = STROKE.x0; x < STROKE.x1 - 1; x++) {
      let s = 0;
      for (let y = STROKE.y0; y < STROKE.y1; y++) for (let c = 0; c < 3; c++) s += Math.abs(out.data[(y * STROKE.W + x + 1) * 3 + c] - out.data[(y * STROKE.W + x) * 3 + c]);
      (bounds.has(x) ? boundary : other).push(s / (3 * (STROKE.y1 - STROKE.y0)));
    }
  }
  return { boundary, other: other.sort((p, q) => p - q) };
}

const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;

test('no seam between tiles: the fill steps across a tile boundary no more than elsewhere (and hard boundaries would)', async (t) => {
  const blended = await create();
  const { boundary, other } = await seamSteps(blended);
  await blended.dispose();
  t.true(boundary.length >= 20);
  const p95 = other[Math.floor(0.95 * other.length)];
  t.true(mean(boundary) <= mean(other), `mean step at tile boundaries ${mean(boundary).toFixed(2)}, elsewhere ${mean(other).toFixed(2)}`);
  t.true(Math.max(...boundary) <= p95, `largest step at a tile boundary ${Math.max(...boundary).toFixed(1)}, 95th percentile elsewhere ${p95.toFixed(1)}`);
  // control: the same tiles with their blend taken away, each filling its own box alone, fail the check
  const hard: InpainterPlugin = { apply: (i) => i.hooks.plan.tap('Hard', (p) => ({ ...p, windows: p.windows.map(({ blend: _blend, ...w }) => w) })) };
  const unblended = await create({ plugins: [hard] });
  const seams = await seamSteps(unblended);
  await unblended.dispose();
  t.true(mean(seams.boundary) > 2 * mean(seams.other), `hard boundaries: mean step ${mean(seams.boundary).toFixed(2)} there, ${mean(seams.other).toFixed(2)} elsewhere`);
});

test('plugins by spec: a module\'s plugin is applied; a bad one fails create before a session is opened', async (t) => {
  const paint = new URL('./fixtures/paint-holes-plugin.mjs', import.meta.url).href;
  const inp = await create({ plugins: [{ module: paint, options: { value: 5 } }] });
  const img = randomImage(64, 48, 3, 2);
  const mask = boxMask(64, 48, [[10, 10, 30, 30]]);
  const out = await inp.inpaint(img, mask, { detail: 'smooth', clamp: 0 });
  for (let i = 0; i < mask.length; i++) if (mask[i]) t.deepEqual([...out.data.subarray(i * 3, i * 3 + 3)], [5, 5, 5]);
  await inp.dispose();
  // the model path is bad too: the plugin's error comes first, so no model was opened
  await t.throwsAsync(create({ model: '/nope.onnx', plugins: [{ module: './nope-plugin.mjs' }] }), { instanceOf: PluginError });
});

test('the trusted path (the pool\'s workers) fills the input in place, with the public path\'s pixels, whatever its holes held', async (t) => {
  const inp = await create({ strategy: 'crop', minContext: 4, context: 0.2, maxSide: 64 });
  for (const [depth, detail, near] of [[8, 'smooth', false], [8, 'texture', false], [16, 'complete', false], [8, 'auto', false], [16, 'auto', true]] as const) {
    // far-apart holes and a long thin stroke: four windows (near: a thin hole just beside the first, inside its window's context)
    const img = randomImage(300, 200, 3, 3, depth);
    const mask = boxMask(300, 200, [[20, 20, 36, 36], [140, 20, 156, 36], [260, 20, 276, 36], [10, 180, 290, 184], ...(near ? [[38, 22, 41, 34]] as [number, number, number, number][] : [])]);
    const expected = (await inp.inpaintWithReport(img, mask, { detail })).image.data;
    // the holes' old values are never read: garbage there changes nothing
    const owned = { ...img, data: img.data.slice() };
    for (let p = 0; p < mask.length; p++) if (mask[p]) owned.data.fill(depth === 8 ? 255 : 65535, p * 3, p * 3 + 3);
    const checked = await inpaintChecked(inp, owned, toMask(mask, img), { detail });
    t.is(checked.image.data, owned.data, `${detail}: the output is the input's own buffer (no full-size copy)`);
    t.is(checked.report.windows, 4, `${detail}: several windows`);
    t.deepEqual(checked.image.data, expected, `${detail}, ${depth}-bit`);
  }
  const img = randomImage(64, 48, 3, 3);
  const mask = boxMask(64, 48, [[20, 12, 44, 30]]);
  await inp.dispose();
  await t.throwsAsync(inpaintChecked(inp, img, toMask(mask, img)), { instanceOf: DisposedError });
});
