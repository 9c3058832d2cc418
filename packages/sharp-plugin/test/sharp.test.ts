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
import { Inpainter, InvalidParameterError, MaskMismatchError, InvalidMaskError } from '@inpaint/core';
import type { RawImage } from '@inpaint/core';
import { createMask, generateMask } from '@inpaint/mask-gen';
import { register } from '../src/index.js';
import type { MaskSource } from '../src/index.js';

const TINY = new URL('../../core/test/fixtures/pconv-tiny.onnx', import.meta.url).pathname;
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
  await t.throwsAsync(sharp(rotated).inpaint(portraitMask).toBuffer(), { instanceOf: MaskMismatchError, message: /mask is 64x96 but the image is 96x64 .* resizeMask/ });
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
  await t.throwsAsync(pipeline(bad, new PassThrough()), { message: /mask file \/missing\/mask.png cannot be read/ });
  // input as a stream
  const src = new PassThrough();
  const s = sharp();
  src.pipe(s);
  src.end(png);
  t.is((await s.inpaint(maskPath).png().toBuffer({ resolveWithObject: true })).info.width, W);
});

test('errors reject the output promise, reach callbacks, and never hang', async (t) => {
  await t.throwsAsync(sharp(Buffer.from('definitely not an image')).inpaint(maskPath).toBuffer(), { message: /unsupported image format/ });
  await t.throwsAsync(sharp(png).inpaint('/missing/mask.png').toFile(join(dir, 'x.png')), { instanceOf: InvalidMaskError });
  await t.throwsAsync(sharp(png).inpaint(Buffer.from('not a png')).toBuffer(), { instanceOf: InvalidMaskError, message: /not an image sharp can read/ });
  const err = await new Promise<Error | null>((resolve) => { sharp(png).inpaint('/missing/mask.png').toBuffer((e) => resolve(e)); });
  t.true(err instanceof InvalidMaskError);
  t.throws(() => sharp(png).inpaint(maskPath, { threshold: 3 }), { instanceOf: InvalidParameterError, message: /threshold/ });
  t.throws(() => sharp(png).inpaint(maskPath, { bogus: 1 } as never), { instanceOf: InvalidParameterError });
  t.throws(() => sharp(png).inpaint(undefined as never), { instanceOf: InvalidParameterError });
  // an unused failing instance does not crash the process (no unhandled rejection)
  sharp(png).inpaint('/missing/mask.png');
  await new Promise((r) => setTimeout(r, 50));
  t.pass();
});

test('generated masks from mask-gen work as masks', async (t) => {
  const m = generateMask({ width: W, height: H, seed: 4, ratio: [0.1, 0.2] });
  const out = await raw(sharp(await sharp(png).inpaint(m).png().toBuffer()));
  const orig = await raw(sharp(png));
  for (let p = 0; p < W * H; p++) if (!m.data[p]) t.is(out.data[p * 3], orig.data[p * 3]);
});

test('a 16-bit PNG goes through the 8-bit hand-over', async (t) => {
  const px = new Uint16Array(W * H * 3).map((_, i) => (i * 97) % 65536);
  const png16 = await sharp(px, { raw: { width: W, height: H, channels: 3 } }).toColourspace('rgb16').png().toBuffer();
  t.is((await sharp(png16).metadata()).depth, 'ushort');
  const out = await sharp(png16).inpaint(maskPath).png().toBuffer({ resolveWithObject: true });
  t.deepEqual([out.info.width, out.info.height], [W, H]);
});
