import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { InvalidImageError } from '@inpaint/core';
import { decodeUpstream } from '../src/decode-upstream.js';

const W = 20, H = 12;
const rgb = Buffer.from(Array.from({ length: W * H * 3 }, (_, i) => (i * 37) % 256));
const png = await sharp(rgb, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
const px16 = new Uint16Array(W * H * 3).map((_, i) => (i * 997 + 13) % 65536);
const png16 = await sharp(px16, { raw: { width: W, height: H, channels: 3 } }).toColourspace('rgb16').png().toBuffer();

test('an 8-bit still image: its raw samples at this point of the chain, the chain left as it was', async (t) => {
  const chain = sharp(png).extract({ left: 2, top: 1, width: 10, height: 8 });
  const d = await decodeUpstream(chain, true);
  t.deepEqual([d.image.width, d.image.height, d.image.channels, d.pageHeight, d.reduced], [10, 8, 3, 0, false]);
  t.deepEqual(d.animation, {});
  t.false(d.image.data instanceof Uint16Array);
  t.deepEqual(Buffer.from(d.image.data), await sharp(png).extract({ left: 2, top: 1, width: 10, height: 8 }).raw().toBuffer());
  t.is((await chain.png().toBuffer({ resolveWithObject: true })).info.width, 10, 'the chain still runs');
});

test('a 16-bit image at 16 bits, exact; at 8 bits, and reduced, when 16 bits are not allowed', async (t) => {
  const wide = await decodeUpstream(sharp(png16), true);
  t.true(wide.image.data instanceof Uint16Array);
  t.deepEqual(wide.image.data, px16);
  t.false(wide.reduced);
  const narrow = await decodeUpstream(sharp(png16), false);
  t.false(narrow.image.data instanceof Uint16Array);
  t.true(narrow.reduced);
  t.is(narrow.image.data[5], px16[5] >> 8);
  // a chain that sets its own colour space is decoded as it asks, and nothing is reported reduced
  const grey = await decodeUpstream(sharp(png16).toColourspace('b-w'), true);
  t.deepEqual([grey.image.channels, grey.reduced], [1, false]);
});

test('an animation: the strip of frames, one frame high pageHeight, its delays and loop', async (t) => {
  const strip = Buffer.concat([0, 1, 2].map((f) => rgb.map((v) => (v + f * 50) % 256)));
  const webp = await sharp(strip, { raw: { width: W, height: H * 3, channels: 3, pageHeight: H } }).webp({ lossless: true, delay: [30, 40, 50], loop: 3 }).toBuffer();
  const d = await decodeUpstream(sharp(webp, { animated: true }), true);
  t.deepEqual([d.image.width, d.image.height, d.pageHeight], [W, H * 3, H]);
  t.deepEqual(d.animation, { delay: [30, 40, 50], loop: 3 });
  const still = await decodeUpstream(sharp(webp), true);
  t.deepEqual([still.image.height, still.pageHeight, still.animation], [H, 0, {}], 'without animated: true, the first frame alone');
});

test('what cannot be decoded is the image\'s typed error, naming its file', async (t) => {
  const e = await t.throwsAsync(decodeUpstream(sharp(Buffer.from('not an image')), true), { instanceOf: InvalidImageError, message: /cannot decode the image buffer/ });
  t.like(e, { role: 'image', file: 'buffer', code: 'ERR_INVALID_IMAGE' });
  const dir = mkdtempSync(join(tmpdir(), 'decode-upstream-'));
  const broken = join(dir, 'broken.png');
  writeFileSync(broken, png.subarray(0, 60));
  t.like(await t.throwsAsync(decodeUpstream(sharp(broken), true), { instanceOf: InvalidImageError }), { role: 'image', file: broken });
  const missing = join(dir, 'missing.png');
  t.like(await t.throwsAsync(decodeUpstream(sharp(missing), true), { message: new RegExp(`cannot read the image ${missing}`) }), { code: 'ENOENT', role: 'image' });
});
