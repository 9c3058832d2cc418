import test from 'ava';
import { createRng } from '@inpaint/mask-gen';
import { Inpainter, THIN_DEPTH, WIDE_DEPTH, autoDetailPlugin } from '../../src/index.js';
import type { RawImage } from '../../src/index.js';
import { TINY_MODEL, boxMask, changedPixels, randomImage } from '../helpers.js';

const W = 160, H = 120;

/** A photo-like step: dark left of x = 80, bright right of it, with fine noise; RGB. */
function stepImage(): RawImage {
  const rng = createRng(7);
  const data = new Uint8Array(W * H * 3);
  for (let i = 0; i < W * H; i++) for (let c = 0; c < 3; c++) data[i * 3 + c] = Math.round((i % W < 80 ? 50 : 200) + 10 * (rng.next() - 0.5));
  return { width: W, height: H, channels: 3, data };
}

/** A diagonal band 6–7 px tall in each column (4 deep) across the whole image. */
function thinBand(): Uint8Array {
  const m = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (Math.abs(y - 20 - 0.5 * x) < 3.5) m[y * W + x] = 255;
  return m;
}

test("'auto' is the default and changes hole pixels only, deterministically, 8 and 16 bit, grey and RGBA (alpha untouched)", async (t) => {
  const inp = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  const mask = thinBand();
  for (const [channels, depth] of [[3, 8], [4, 16], [1, 8], [2, 16]] as const) {
    const img = randomImage(W, H, channels, 4, depth);
    const a = await inp.inpaint(img, mask);
    const b = await inp.inpaint(img, mask, { detail: 'auto' });
    t.deepEqual(a.data, b.data, `${channels} channels, ${depth} bit: the default, deterministic`);
    const texture = await inp.inpaint(img, mask, { detail: 'texture' });
    t.true(changedPixels(texture, a).size > 0, `${channels} channels, ${depth} bit: the thin band was completed locally, not textured`);
    for (const p of changedPixels(img, a)) t.true(mask[p] !== 0, `pixel ${p} outside the holes changed`);
    if (channels === 2 || channels === 4) for (let p = 0; p < W * H; p++) t.is(a.data[p * channels + channels - 1], img.data[p * channels + channels - 1]);
  }
  await inp.dispose();
});

test("'auto' continues an edge across a thin stroke crisply, where 'texture' leaves in-between tones", async (t) => {
  const inp = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  const img = stepImage(), mask = thinBand();
  // hole pixels in between the two sides' tones, and how many of them lie off the edge (the step is between x = 79 and 80)
  const between = (r: RawImage) => { const at: number[] = []; for (let p = 0; p < W * H; p++) if (mask[p] && r.data[p * 3] > 90 && r.data[p * 3] < 160) at.push(p); return at; };
  const offEdge = (r: RawImage) => between(r).filter((p) => p % W < 79 || p % W > 81).length;
  const perRow = (r: RawImage) => { const rows = new Map<number, number>(); for (const p of between(r)) rows.set(Math.floor(p / W), (rows.get(Math.floor(p / W)) ?? 0) + 1); return Math.max(0, ...rows.values()); };
  const error = (r: RawImage) => { let s = 0, n = 0; for (let i = 0; i < W * H * 3; i++) if (mask[Math.floor(i / 3)]) { s += Math.abs(r.data[i] - img.data[i]); n++; } return s / n; };
  const texture = await inp.inpaint(img, mask, { detail: 'texture' });
  const auto = await inp.inpaint(img, mask, { detail: 'auto' });
  t.true(offEdge(texture) > 0, `'texture' leaves ${offEdge(texture)} in-between pixels off the edge (otherwise this proves nothing)`);
  // a crisp edge: in-between tones only on the edge itself, at most two pixels across in a row (as a photo's edge has;
  // the gradient-domain paste leaves a half step where two sources meet on the edge)
  t.is(offEdge(auto), 0);
  t.true(perRow(auto) <= 2, `${perRow(auto)} in-between pixels in a row`);
  t.true(error(auto) < error(texture), `mean error ${error(auto).toFixed(2)} against ${error(texture).toFixed(2)}`);
  await inp.dispose();
});

test("'auto' completes strokes deeper than thinDepth coarse to fine and holes deeper than wideDepth as objects; objects: 'texture' lays texture on those, exactly as 'texture'", async (t) => {
  const inp = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  const img = randomImage(W, H, 3, 9);
  const texture = async (mask: Uint8Array) => (await inp.inpaint(img, mask, { detail: 'texture' })).data;
  const deep = boxMask(W, H, [[24, 6, 24 + 2 * WIDE_DEPTH + 8, 6 + 2 * WIDE_DEPTH + 8]]);
  const deepAuto = await inp.inpaint(img, deep, { detail: 'auto' });
  t.notDeepEqual(deepAuto.data, await texture(deep));
  for (const p of changedPixels(img, deepAuto)) t.true(deep[p] !== 0, `pixel ${p} outside the holes changed`);
  const objectTexture = await Inpainter.create({ model: TINY_MODEL, threads: 1, plugins: [autoDetailPlugin({ objects: 'texture' })] });
  t.deepEqual((await objectTexture.inpaint(img, deep)).data, await texture(deep));
  await objectTexture.dispose();
  const thin = thinBand();
  t.notDeepEqual((await inp.inpaint(img, thin, { detail: 'auto' })).data, await texture(thin));
  const wide = boxMask(W, H, [[0, 40, W, 40 + 2 * THIN_DEPTH + 10]]); // a band 17 deep across the image
  const wideAuto = (await inp.inpaint(img, wide, { detail: 'auto' })).data;
  t.notDeepEqual(wideAuto, await texture(wide));
  // wideDepth at thinDepth: the wide band is an object; objects completed by default, with objects: 'texture' it gets texture
  const asObject = await Inpainter.create({ model: TINY_MODEL, threads: 1, plugins: [autoDetailPlugin({ wideDepth: THIN_DEPTH })] });
  const wideObject = (await asObject.inpaint(img, wide)).data;
  t.notDeepEqual(wideObject, await texture(wide));
  t.notDeepEqual(wideObject, wideAuto);
  await asObject.dispose();
  const thinOnly = await Inpainter.create({ model: TINY_MODEL, threads: 1, plugins: [autoDetailPlugin({ wideDepth: THIN_DEPTH, objects: 'texture' })] });
  t.deepEqual((await thinOnly.inpaint(img, wide)).data, await texture(wide));
  t.notDeepEqual((await thinOnly.inpaint(img, thin)).data, await texture(thin));
  // thinDepth 0, wideDepth 0 and objects 'texture': every window gets texture
  const textureOnly = await Inpainter.create({ model: TINY_MODEL, threads: 1, plugins: [autoDetailPlugin({ thinDepth: 0, wideDepth: 0, objects: 'texture' })] });
  t.deepEqual((await textureOnly.inpaint(img, thin)).data, await texture(thin));
  // windows larger than maxPixels: texture
  const small = await Inpainter.create({ model: TINY_MODEL, threads: 1, plugins: [autoDetailPlugin({ maxPixels: 100 })] });
  t.deepEqual((await small.inpaint(img, thin)).data, await texture(thin));
  await Promise.all([inp.dispose(), thinOnly.dispose(), textureOnly.dispose(), small.dispose()]);
});

/**
 * A web of strokes, w × h: a cross of two bands 56 px wide (28 deep, 56 deep where they cross:
 * deeper than WIDE_DEPTH only there) and four strokes 10 px wide across the image; the mean
 * depth of its hole pixels is under a quarter of the deepest.
 */
function webMask(w: number, h: number): Uint8Array {
  const m = new Uint8Array(w * h);
  const band = (alongRows: boolean, centre: number, width: number) => {
    for (let a = centre - width / 2; a < centre + width / 2; a++) {
      for (let b = 0; b < (alongRows ? w : h); b++) m[alongRows ? a * w + b : b * w + a] = 255;
    }
  };
  band(true, h / 2, 56);
  band(false, w / 2, 56);
  for (const y of [36, 204]) band(true, y, 10);
  for (const x of [48, 272]) band(false, x, 10);
  return m;
}

test("'auto' lays texture on a web of strokes deeper than wideDepth only where they cross (not compact), and completes a box as deep", async (t) => {
  const inp = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  const w = 320, h = 240;
  const img = randomImage(w, h, 3, 13);
  const box = boxMask(w, h, [[104, 64, 216, 176]]); // 56 deep, its mean depth a third of that: an object
  const web = webMask(w, h);
  const o = { strategy: 'full' } as const;
  const texture = async (mask: Uint8Array) => (await inp.inpaint(img, mask, { ...o, detail: 'texture' })).data;
  t.notDeepEqual((await inp.inpaint(img, box, o)).data, await texture(box));
  const webAuto = await inp.inpaint(img, web, o);
  t.deepEqual(webAuto.data, await texture(web));
  // compactness 0: the web is completed as one object
  const anyShape = await Inpainter.create({ model: TINY_MODEL, threads: 1, plugins: [autoDetailPlugin({ compactness: 0 })] });
  t.notDeepEqual((await anyShape.inpaint(img, web, o)).data, webAuto.data);
  await Promise.all([inp.dispose(), anyShape.dispose()]);
});

test("'auto' completes thin holes only in windows the network saw at full resolution", async (t) => {
  const inp = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  const w = 900, h = 80;
  const img = randomImage(w, h, 3, 12);
  const stroke = boxMask(w, h, [[20, 36, 880, 42]]); // 6 px thick, 860 px long
  // 'crop' scales the stroke's window by its extent: texture; 'auto' fills it in tiles at full resolution: local completion
  t.deepEqual((await inp.inpaint(img, stroke, { strategy: 'crop' })).data, (await inp.inpaint(img, stroke, { strategy: 'crop', detail: 'texture' })).data);
  t.notDeepEqual((await inp.inpaint(img, stroke, { strategy: 'auto' })).data, (await inp.inpaint(img, stroke, { strategy: 'auto', detail: 'texture' })).data);
  await inp.dispose();
});

test("windows completed from the photo are not clamped; windows with texture are", async (t) => {
  const inp = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  const img = randomImage(W, H, 3, 5);
  const thin = thinBand();
  t.deepEqual((await inp.inpaint(img, thin, { clamp: 12 })).data, (await inp.inpaint(img, thin, { clamp: 0 })).data);
  t.notDeepEqual((await inp.inpaint(img, thin, { detail: 'texture', clamp: 12 })).data, (await inp.inpaint(img, thin, { detail: 'texture', clamp: 0 })).data, 'the clamp acts on this image (otherwise this proves nothing)');
  await inp.dispose();
});

/** Vertical stripes 8 px dark, 8 px bright, with fine noise; RGB, 320 × 240. */
function stripes(): RawImage {
  const rng = createRng(8);
  const w = 320, h = 240, data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) for (let c = 0; c < 3; c++) data[i * 3 + c] = Math.round(((i % w) % 16 < 8 ? 60 : 190) + 12 * (rng.next() - 0.5));
  return { width: w, height: h, channels: 3, data };
}

test("'auto' fills an object hole in stripes with stripes of the photo's own tones, where 'texture' leaves in-between tones", async (t) => {
  const inp = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  const img = stripes();
  const w = img.width, h = img.height;
  const mask = boxMask(w, h, [[100, 60, 100 + 2 * WIDE_DEPTH + 14, 60 + 2 * WIDE_DEPTH + 14]]); // 55 deep: an object hole
  // hole pixels in between the dark and the bright tone: blur or smudge
  const between = (r: RawImage) => { let n = 0; for (let p = 0; p < w * h; p++) if (mask[p] && r.data[p * 3] > 100 && r.data[p * 3] < 150) n++; return n; };
  const holes = mask.reduce((n, v) => n + (v ? 1 : 0), 0);
  const texture = await inp.inpaint(img, mask, { detail: 'texture' });
  const auto = await inp.inpaint(img, mask, { detail: 'auto' });
  const error = (r: RawImage) => { let s = 0; for (let p = 0; p < w * h; p++) if (mask[p]) s += Math.abs(r.data[p * 3] - img.data[p * 3]); return s / holes; };
  t.log(`in-between tones: 'texture' ${between(texture)}, 'auto' ${between(auto)} of ${holes} hole pixels; mean error ${error(texture).toFixed(1)}, ${error(auto).toFixed(1)}`);
  t.true(between(texture) > 0.02 * holes, "'texture' leaves in-between tones (otherwise this proves nothing)");
  t.true(between(auto) < 0.005 * holes);
  // the stripes continue in phase: a copy of the photo beside the hole, not a patchwork
  t.true(error(auto) < 0.5 * error(texture));
  await inp.dispose();
});
