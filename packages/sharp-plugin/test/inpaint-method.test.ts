import test from 'ava';
import type { ExecutionContext } from 'ava';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { Inpainter, InvalidImageError, InvalidParameterError, MaskMismatchError, InvalidMaskError } from '@inpaint/core';
import type { RawImage } from '@inpaint/core';
import { createMask, generateMask } from '@inpaint/mask-gen';
import { register } from '../src/index.js';
import type { MaskSource } from '../src/index.js';

import { TINY_MODEL as TINY } from '@inpaint/test-fixtures';
const dir = mkdtempSync(join(tmpdir(), 'inpaint-sharp-'));
const W = 96, H = 64;

/** A colourful test photo: gradients and stripes, as raw pixels. */
function photo(w = W, h = H, channels: 3 | 4 = 3): Buffer {
  const b = Buffer.alloc(w * h * channels);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = (y * w + x) * channels;
    b[i] = (x * 255) / w; b[i + 1] = (y * 255) / h; b[i + 2] = ((x + y) % 16) * 16;
    if (channels === 4) b[i + 3] = 255;
  }
  return b;
}
const jpeg = await sharp(photo(), { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
const png = await sharp(photo(), { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
/** White box (hole) on black. */
const holeBox = { x0: 30, y0: 20, x1: 50, y1: 40 };
function maskBytes(w = W, h = H): Uint8Array {
  const m = new Uint8Array(w * h);
  for (let y = holeBox.y0; y < holeBox.y1; y++) for (let x = holeBox.x0; x < holeBox.x1; x++) m[y * w + x] = 255;
  return m;
}
const maskPng = await sharp(Buffer.from(maskBytes()), { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();
const maskPath = join(dir, 'mask.png');
writeFileSync(maskPath, maskPng);
const inHole = (p: number, w = W) => { const x = p % w, y = Math.floor(p / w); return x >= holeBox.x0 && x < holeBox.x1 && y >= holeBox.y0 && y < holeBox.y1; };

const inpainter = await Inpainter.create({ model: TINY, threads: 1 });
register(sharp, { inpainter });

async function raw(s: Sharp): Promise<RawImage> {
  const { data, info } = await s.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 3 };
}

function assertOnlyHoleChanged(t: ExecutionContext, before: RawImage, after: RawImage, w = W) {
  t.is(after.width, before.width);
  let changedInHole = 0;
  for (let p = 0; p < before.width * before.height; p++) {
    for (let c = 0; c < before.channels; c++) {
      const i = p * before.channels + c;
      if (before.data[i] !== after.data[i]) {
        t.true(inHole(p, w), `pixel ${p % w},${Math.floor(p / w)} outside the hole changed`);
        changedInHole++;
      }
    }
  }
  t.true(changedInHole > 0, 'the hole was filled');
}

test('inpaint returns a real Sharp instance; pixels outside the hole are unchanged (PNG output)', async (t) => {
  for (const input of [png, jpeg]) {
    const out = sharp(input).inpaint(maskPath);
    t.true(out instanceof sharp);
    const after = await raw(sharp(await out.png().toBuffer()));
    assertOnlyHoleChanged(t, await raw(sharp(input)), after);
  }
});

test('chaining before and after: resize → inpaint → resize → jpeg, metadata, clone', async (t) => {
  const big = await sharp(photo(), { raw: { width: W, height: H, channels: 3 } }).resize(W * 2, H * 2).png().toBuffer();
  const before = await raw(sharp(big).resize(W, H));
  const mid = sharp(big).resize(W, H).inpaint(maskPng);
  const asPng = await mid.clone().png().toBuffer();
  assertOnlyHoleChanged(t, before, await raw(sharp(asPng)));
  const small = await mid.clone().resize(48).jpeg().toBuffer({ resolveWithObject: true });
  t.is(small.info.format, 'jpeg');
  t.is(small.info.width, 48);
  t.is(small.info.height, 32);
  const meta = await mid.clone().metadata();
  t.is(meta.width, W);
});

test('every mask form gives the same result', async (t) => {
  const m = maskBytes();
  const forms: [string, MaskSource][] = [
    ['path', maskPath],
    ['encoded buffer', maskPng],
    ['sharp instance', sharp(maskPng)],
    ['raw image', { data: Buffer.from(m), width: W, height: H, channels: 1 }],
    ['raw RGB image', { data: Buffer.from(Array.from(m).flatMap((v) => [v, v, v])), width: W, height: H, channels: 3 }],
    ['mask-gen Mask', { data: m, width: W, height: H }],
  ];
  const reference = await sharp(png).inpaint(maskPath).png().toBuffer();
  for (const [name, form] of forms) {
    const got = await sharp(png).inpaint(form).png().toBuffer();
    t.deepEqual((await raw(sharp(got))).data, (await raw(sharp(reference))).data, name);
  }
});

test("'alpha' mask: transparent pixels are holes; alpha is kept unless fillAlpha", async (t) => {
  const rgba = photo(W, H, 4);
  for (let p = 0; p < W * H; p++) if (inHole(p)) rgba[p * 4 + 3] = 0;
  const input = await sharp(rgba, { raw: { width: W, height: H, channels: 4 } }).png().toBuffer();
  const kept = await raw(sharp(await sharp(input).inpaint('alpha').png().toBuffer()));
  t.is(kept.channels, 4);
  for (let p = 0; p < W * H; p++) t.is(kept.data[p * 4 + 3], inHole(p) ? 0 : 255);
  const rgbBefore = await raw(sharp(input));
  let filled = 0;
  for (let p = 0; p < W * H; p++) if (inHole(p) && kept.data[p * 4] !== rgbBefore.data[p * 4]) filled++;
  t.true(filled > 0);
  const opaque = await raw(sharp(await sharp(input).inpaint('alpha', { fillAlpha: true }).png().toBuffer()));
  t.true([...Array(W * H).keys()].every((p) => opaque.data[p * 4 + 3] === 255));
  await t.throwsAsync(sharp(png).inpaint('alpha').toBuffer(), { instanceOf: InvalidMaskError, message: /alpha channel/ });
});

test('EXIF orientation: autoOrient upstream makes a portrait mask fit; without it the size mismatch is reported', async (t) => {
  // stored landscape W×H with orientation 6 (displayed as H×W portrait)
  const rotated = await sharp(photo(), { raw: { width: W, height: H, channels: 3 } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
  const portraitMask = await sharp(Buffer.from(createMask(H, W).data.fill(0).map((_, i) => (i % H > 20 && i % H < 40 && i < H * 50 ? 255 : 0))), { raw: { width: H, height: W, channels: 1 } }).png().toBuffer();
  const out = await sharp(rotated).autoOrient().inpaint(portraitMask).png().toBuffer({ resolveWithObject: true });
  t.deepEqual([out.info.width, out.info.height], [H, W]);
  await t.throwsAsync(sharp(rotated).inpaint(portraitMask).toBuffer(), { instanceOf: MaskMismatchError, message: /mask .*is 64x96 but the image is 96x64 .* resizeMask/ });
});

test('resizeMask: a mask of another size is resized (nearest neighbour) instead of failing', async (t) => {
  const half = await sharp(maskPng).resize(W / 2, H / 2, { kernel: 'nearest' }).png().toBuffer();
  await t.throwsAsync(sharp(png).inpaint(half).toBuffer(), { instanceOf: MaskMismatchError });
  const out = await sharp(png).inpaint(half, { resizeMask: true }).png().toBuffer();
  assertOnlyHoleChanged(t, await raw(sharp(png)), await raw(sharp(out)));
});

test('invert and dilate', async (t) => {
  const inverted = await sharp(maskPng).negate().png().toBuffer();
  const a = await sharp(png).inpaint(inverted, { invert: true }).png().toBuffer();
  const b = await sharp(png).inpaint(maskPng).png().toBuffer();
  t.deepEqual((await raw(sharp(a))).data, (await raw(sharp(b))).data);
  const grown = await raw(sharp(await sharp(png).inpaint(maskPng, { dilate: 3 }).png().toBuffer()));
  const orig = await raw(sharp(png));
  let outside = 0;
  for (let p = 0; p < W * H; p++) if (!inHole(p) && grown.data[p * 3] !== orig.data[p * 3]) outside++;
  t.true(outside > 0, 'dilated pixels around the box were replaced too');
});

test('keepMetadata carries the input ICC profile and EXIF through the hand-over', async (t) => {
  const withMeta = await sharp(photo(), { raw: { width: W, height: H, channels: 3 } }).jpeg().withIccProfile('p3').withExif({ IFD0: { Copyright: 'inpaint test' } }).toBuffer();
  const kept = await sharp(withMeta).inpaint(maskPng).keepMetadata().jpeg().toBuffer();
  const meta = await sharp(kept).metadata();
  t.truthy(meta.icc, 'ICC kept');
  t.truthy(meta.exif, 'EXIF kept');
  t.true(meta.exif!.toString('latin1').includes('inpaint test'));
  const plain = await sharp(withMeta).inpaint(maskPng).jpeg().toBuffer();
  t.falsy((await sharp(plain).metadata()).exif);
});

test('toFile, callbacks and CommonJS sharp all work', async (t) => {
  const out = join(dir, 'out.png');
  const info = await sharp(png).inpaint(maskPath).toFile(out);
  t.is(info.width, W);
  t.true(readFileSync(out).length > 0);
  await new Promise<void>((resolve) => {
    sharp(png).inpaint(maskPath).png().toBuffer((err, data, inf) => {
      t.falsy(err);
      t.true(data.length > 0);
      t.is(inf.width, W);
      resolve();
    });
  });
  const cjs = createRequire(import.meta.url)('sharp') as typeof sharp;
  t.not(cjs, sharp, 'two classes indeed');
  const viaCjs = await cjs(png).inpaint(maskPath).png().toBuffer();
  t.true(viaCjs.length > 0);
});

test('piping: output stream works, and errors are emitted on it', async (t) => {
  const chunks: Buffer[] = [];
  await pipeline(sharp(png).inpaint(maskPath).png(), new Writable({ write(c, _e, cb) { chunks.push(c); cb(); } }));
  t.is((await sharp(Buffer.concat(chunks)).metadata()).width, W);
  const bad = sharp(png).inpaint('/missing/mask.png').png();
  await t.throwsAsync(pipeline(bad, new PassThrough()), { instanceOf: InvalidMaskError, code: 'ERR_INVALID_MASK', message: /cannot read the mask \/missing\/mask.png/ });
  // input as a stream
  const src = new PassThrough();
  const s = sharp();
  src.pipe(s);
  src.end(png);
  t.is((await s.inpaint(maskPath).png().toBuffer({ resolveWithObject: true })).info.width, W);
});

test('errors reject the output promise, reach callbacks, and never hang', async (t) => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  const bad = await t.throwsAsync(sharp(Buffer.from('definitely not an image')).inpaint(maskPath).toBuffer(), { instanceOf: InvalidImageError });
  t.like(bad, { role: 'image', file: 'buffer', code: 'ERR_INVALID_IMAGE' });
  t.regex(bad.message, /cannot decode the image buffer: it is not in an image format sharp reads/);
  t.regex(bad.reason ?? '', /unsupported image format/, 'the decoder\'s own words are kept as the reason');
  const missingMask = await t.throwsAsync(sharp(png).inpaint('/missing/mask.png').toFile(join(dir, 'x.png')), { instanceOf: InvalidMaskError, message: /^cannot read the mask \/missing\/mask\.png: no file exists at this path \(ENOENT\)/ });
  t.like(missingMask, { code: 'ERR_INVALID_MASK', file: '/missing/mask.png', role: 'mask' });
  const badMask = await t.throwsAsync(sharp(png).inpaint(Buffer.from('not a png')).toBuffer(), { instanceOf: InvalidMaskError, message: /cannot decode the mask buffer/ });
  t.is(badMask.role, 'mask');
  const err = await new Promise<Error | null>((resolve) => { sharp(png).inpaint('/missing/mask.png').toBuffer((e) => resolve(e)); });
  t.true(err instanceof InvalidMaskError);
  t.throws(() => sharp(png).inpaint(maskPath, { threshold: 3 }), { instanceOf: InvalidParameterError, message: /threshold/ });
  t.throws(() => sharp(png).inpaint(maskPath, { bogus: 1 } as never), { instanceOf: InvalidParameterError });
  t.throws(() => sharp(png).inpaint(maskPath, [] as never), { instanceOf: InvalidParameterError, message: /options/ });
  t.throws(() => sharp(png).inpaint(undefined as never), { instanceOf: InvalidParameterError });
  // an unused failing instance does not crash the process: its clone shares the hand-over,
  // so once the clone has rejected, the unused one has settled too, without an unhandled rejection
  const unused = sharp(png).inpaint('/missing/mask.png');
  await t.throwsAsync(unused.clone().toBuffer(), { code: 'ERR_INVALID_MASK' });
  await new Promise((r) => setImmediate(r));
  process.off('unhandledRejection', onUnhandled);
  t.deepEqual(unhandled, []);
});

test('generated masks from mask-gen work as masks', async (t) => {
  const m = generateMask({ width: W, height: H, seed: 4, ratio: [0.1, 0.2] });
  const holes = m.data.filter((v) => v !== 0).length;
  t.true(holes >= 0.1 * W * H && holes <= 0.2 * W * H, `${holes} hole pixels`);
  const out = await raw(sharp(await sharp(png).inpaint(m).png().toBuffer()));
  const orig = await raw(sharp(png));
  let changedOutside = 0, changedInside = 0;
  for (let p = 0; p < W * H; p++) {
    const same = out.data[p * 3] === orig.data[p * 3] && out.data[p * 3 + 1] === orig.data[p * 3 + 1] && out.data[p * 3 + 2] === orig.data[p * 3 + 2];
    if (m.data[p] === 0 && !same) changedOutside++;
    if (m.data[p] !== 0 && !same) changedInside++;
  }
  t.is(changedOutside, 0, 'every channel outside the holes unchanged');
  t.true(changedInside > holes / 2, `the holes were filled (${changedInside} of ${holes} changed)`);
});

/** 16-bit samples of a PNG, in its own colour space. */
async function samples16(input: Buffer, grey = false): Promise<Uint16Array> {
  const b = await sharp(input).toColourspace(grey ? 'grey16' : 'rgb16').raw({ depth: 'ushort' }).toBuffer();
  return new Uint16Array(b.buffer, b.byteOffset, b.length / 2);
}

test('a 16-bit PNG is in-painted at 16 bits: 16-bit PNG out, every sample outside the hole identical', async (t) => {
  const px = new Uint16Array(W * H * 3).map((_, i) => (i * 97 + 13) % 65536);
  const png16 = await sharp(px, { raw: { width: W, height: H, channels: 3 } }).toColourspace('rgb16').png().toBuffer();
  t.is((await sharp(png16).metadata()).depth, 'ushort');
  t.deepEqual(await samples16(png16), px, 'decoding the fixture is exact');
  let report: { depth: number } | undefined;
  const out = await sharp(png16).inpaint(maskPath, { onReport: (r) => { report = r; } }).png().toBuffer();
  t.is(report?.depth, 16);
  t.is((await sharp(out).metadata()).depth, 'ushort');
  const after = await samples16(out);
  const m = maskBytes();
  let changed = 0;
  for (let p = 0; p < W * H; p++) for (let c = 0; c < 3; c++) {
    if (!m[p]) t.is(after[p * 3 + c], px[p * 3 + c]);
    else if (after[p * 3 + c] !== px[p * 3 + c]) changed++;
  }
  t.true(changed > 0, 'the hole was filled');
  // samples below 8-bit resolution survive (an 8-bit hand-over would round them to multiples of 257)
  t.true(Array.from(after).some((v) => v % 257 !== 0));
  // with keepMetadata sharp composites at 8 bits: the report says so
  const warnings: string[] = [];
  await sharp(png16).inpaint(maskPath, { onReport: (r) => warnings.push(...r.warnings) }).keepMetadata().png().toBuffer();
  t.is(warnings.length, 1);
  t.regex(warnings[0], /16-bit image was in-painted at 8 bits because metadata was asked for/);
});

test('animated input: every frame in-painted with the same mask, frame count, delays and loop kept', async (t) => {
  const frames = 3;
  const strip = Buffer.concat(Array.from({ length: frames }, (_, f) => photo().map((v, i) => (v + f * 40 + (i % 7)) % 256)));
  const anim = await sharp(strip, { raw: { width: W, height: H * frames, channels: 3, pageHeight: H } }).webp({ lossless: true, delay: [40, 50, 60], loop: 2 }).toBuffer();
  let report: { frames: number } | undefined;
  const out = await sharp(anim, { animated: true }).inpaint(maskPng, { onReport: (r) => { report = r; } }).webp({ lossless: true }).toBuffer();
  t.is(report?.frames, frames);
  const meta = await sharp(out).metadata();
  t.is(meta.pages, frames);
  t.deepEqual(meta.delay, [40, 50, 60]);
  t.is(meta.loop, 2);
  const before = await sharp(anim, { animated: true }).removeAlpha().raw().toBuffer();
  const after = await sharp(out, { animated: true }).removeAlpha().raw().toBuffer();
  const m = maskBytes();
  for (let f = 0; f < frames; f++) {
    let changed = 0;
    for (let p = 0; p < W * H; p++) {
      const i = (f * W * H + p) * 3;
      if (!m[p]) { if (after[i] !== before[i]) t.fail(`frame ${f} pixel ${p} outside the hole changed`); }
      else if (after[i] !== before[i] || after[i + 1] !== before[i + 1]) changed++;
    }
    t.true(changed > 0, `frame ${f} was in-painted`);
  }
  // a strip-sized mask gives each frame its own; a mask fitting neither says so in frames
  const stripMask = Buffer.alloc(W * H * frames);
  stripMask.fill(255, W * H + 5 * W, W * H + 15 * W); // rows 5–14 of frame 1 only
  const perFrame = await sharp(anim, { animated: true }).inpaint({ data: stripMask, width: W, height: H * frames, channels: 1 }).webp({ lossless: true }).toBuffer();
  const pf = await sharp(perFrame, { animated: true }).removeAlpha().raw().toBuffer();
  t.deepEqual(pf.subarray(0, W * H * 3), before.subarray(0, W * H * 3), 'frame 0 has no hole');
  t.notDeepEqual(pf.subarray(W * H * 3, 2 * W * H * 3), before.subarray(W * H * 3, 2 * W * H * 3));
  const odd = await sharp(maskPng).resize(W, H + 1).png().toBuffer();
  await t.throwsAsync(sharp(anim, { animated: true }).inpaint(odd).toBuffer(), { instanceOf: MaskMismatchError, message: /3 frames of 96x64/ });
});

test('mask rule: white and opaque marks holes; holes drawn only in alpha are taken from it, with a warning', async (t) => {
  // transparent strokes on opaque black: the colour marks nothing, the alpha channel marks the hole box
  const rgba = Buffer.alloc(W * H * 4);
  const m = maskBytes();
  for (let p = 0; p < W * H; p++) rgba[p * 4 + 3] = m[p] ? 0 : 255;
  const alphaMask = await sharp(rgba, { raw: { width: W, height: H, channels: 4 } }).png().toBuffer();
  const warnings: string[] = [];
  const out = await sharp(png).inpaint(alphaMask, { onReport: (r) => warnings.push(...r.warnings) }).png().toBuffer();
  assertOnlyHoleChanged(t, await raw(sharp(png)), await raw(sharp(out)));
  t.is(warnings.length, 1);
  t.regex(warnings[0], /transparent pixels \(the minority: strokes erased from an opaque layer\) were taken as the holes/);
  // white but transparent is not a hole (flattened onto black): white opaque box inside a transparent white field
  const rgba2 = Buffer.alloc(W * H * 4, 255);
  for (let p = 0; p < W * H; p++) rgba2[p * 4 + 3] = m[p] ? 255 : 0;
  const flat = await sharp(await sharp(png).inpaint(await sharp(rgba2, { raw: { width: W, height: H, channels: 4 } }).png().toBuffer()).png().toBuffer());
  assertOnlyHoleChanged(t, await raw(sharp(png)), await raw(flat));
});

test('a mask that marks no hole returns the image unchanged with a warning', async (t) => {
  const warnings: string[] = [];
  const empty = await sharp(Buffer.alloc(W * H), { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();
  const out = await sharp(png).inpaint(empty, { onReport: (r) => warnings.push(...r.warnings) }).png().toBuffer();
  t.deepEqual((await raw(sharp(out))).data, (await raw(sharp(png))).data);
  t.is(warnings.length, 1);
  t.regex(warnings[0], /marks no hole/);
});

test('mask files that cannot be used are mask errors naming the file', async (t) => {
  const emptyFile = join(dir, 'empty-mask.png');
  writeFileSync(emptyFile, Buffer.alloc(0));
  const e1 = await t.throwsAsync(sharp(png).inpaint(emptyFile).toBuffer(), { instanceOf: InvalidMaskError, message: /empty/ });
  t.like(e1, { role: 'mask', file: emptyFile });
  const corrupt = join(dir, 'corrupt-mask.png');
  writeFileSync(corrupt, maskPng.subarray(0, 40));
  const e2 = await t.throwsAsync(sharp(png).inpaint(corrupt).toBuffer(), { instanceOf: InvalidMaskError, message: new RegExp(`cannot decode the mask ${corrupt}`) });
  t.like(e2, { role: 'mask', file: corrupt });
  t.truthy(e2.reason);
  t.truthy(e2.hint);
  const e3 = await t.throwsAsync(sharp(png).inpaint(dir).toBuffer(), { instanceOf: InvalidMaskError, message: /it is a directory \(EISDIR\)/ });
  t.like(e3, { code: 'ERR_INVALID_MASK', role: 'mask', file: dir });
  // a path that names no file, relative as users type it
  const e5 = await t.throwsAsync(sharp(png).inpaint('missing.png').toBuffer(), { instanceOf: InvalidMaskError, message: /^cannot read the mask missing\.png: no file exists at this path \(ENOENT\)/ });
  t.like(e5, { code: 'ERR_INVALID_MASK', role: 'mask', file: 'missing.png' });
  t.regex(e5.reason ?? '', /^ENOENT/);
  // the image's own failures are image errors naming its file
  const brokenImage = join(dir, 'broken.jpg');
  writeFileSync(brokenImage, jpeg.subarray(0, 200));
  const e4 = await t.throwsAsync(sharp(brokenImage).inpaint(maskPng).toBuffer(), { instanceOf: InvalidImageError });
  t.like(e4, { role: 'image', file: brokenImage });
});

test("detail: 'smooth' gives the network's fill alone, 'auto' (the default) and 'texture' the photo's detail on it; a bad value throws at once", async (t) => {
  const before = await raw(sharp(png));
  const textured = await raw(sharp(png).inpaint(maskPath));
  const explicit = await raw(sharp(png).inpaint(maskPath, { detail: 'auto' }));
  const texture = await raw(sharp(png).inpaint(maskPath, { detail: 'texture' }));
  const smooth = await raw(sharp(png).inpaint(maskPath, { detail: 'smooth' }));
  t.deepEqual(textured.data, explicit.data);
  t.notDeepEqual(textured.data, smooth.data);
  t.notDeepEqual(texture.data, smooth.data);
  assertOnlyHoleChanged(t, before, texture);
  assertOnlyHoleChanged(t, before, smooth);
  assertOnlyHoleChanged(t, before, textured);
  t.throws(() => sharp(png).inpaint(maskPath, { detail: 'sharp' as never }), { instanceOf: InvalidParameterError, message: /detail/ });
});

test("a canvas export (red opaque strokes on a transparent layer) gives its strokes as the holes, with a warning naming the rule", async (t) => {
  const rgba = Buffer.alloc(W * H * 4);
  for (let p = 0; p < W * H; p++) if (inHole(p)) rgba.set([230, 20, 20, 255], p * 4);
  const canvasPng = await sharp(rgba, { raw: { width: W, height: H, channels: 4 } }).png().toBuffer();
  const warnings: string[] = [];
  const before = await raw(sharp(png));
  const after = await raw(sharp(await sharp(png).inpaint(canvasPng, { onReport: (r) => warnings.push(...r.warnings) }).png().toBuffer()));
  assertOnlyHoleChanged(t, before, after);
  t.true(warnings.some((w) => /opaque pixels \(the minority: strokes painted on a transparent layer\)/.test(w)), warnings.join('; '));
});

test(".inpaint(mask, { model }) runs a model file users bring (LaMa's and MI-GAN's signatures), one session per file; pixels outside exact", async (t) => {
  const { ADAPTER_MODELS, FILL_RGB } = await import('@inpaint/test-fixtures');
  const before = await raw(sharp(png));
  for (const model of [ADAPTER_MODELS.lama, ADAPTER_MODELS['migan-pipeline'], ADAPTER_MODELS.migan, ADAPTER_MODELS['lama-4ch']]) {
    const after = await raw(sharp(await sharp(png).inpaint(maskPath, { model, detail: 'smooth', clamp: 0 }).png().toBuffer()));
    assertOnlyHoleChanged(t, before, after);
    const centre = (35 * W + 40) * 3;
    t.deepEqual([...after.data.subarray(centre, centre + 3)].map((v, c) => Math.abs(v - FILL_RGB[c]) <= 1), [true, true, true], model);
  }
  t.throws(() => sharp(png).inpaint(maskPath, { model: '' }), { instanceOf: InvalidParameterError, message: /model/ });
  t.throws(() => sharp(png).inpaint(maskPath, { modelFormat: 'sd' as never }), { instanceOf: InvalidParameterError, message: /modelFormat/ });
  await t.throwsAsync(sharp(png).inpaint(maskPath, { model: join(dir, 'nope.onnx') }).toBuffer(), { message: /nope\.onnx/ });
});
