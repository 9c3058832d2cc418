import test from 'ava';
import sharp from 'sharp';
import { createMask, generateMask, resizeMask } from '@inpaint/mask-gen';
import { InvalidMaskError } from '@inpaint/core';
import { resolveMask, resolveMaskWithWarnings } from '../src/mask-source.js';

const image = (width: number, height: number) => ({ width, height, channels: 3 as const, data: new Uint8Array(width * height * 3) });

test('one resize: a mask given as a PNG and as a raw Mask resize to the same pixels (mask-gen resizeMask)', async (t) => {
  const small = generateMask({ width: 61, height: 100, seed: 7, ratio: [0.2, 0.3] });
  const png = await sharp(Buffer.from(small.data), { raw: { width: 61, height: 100, channels: 1 } }).png().toBuffer();
  for (const [w, h] of [[100, 61], [122, 200], [40, 33]]) {
    const fromPng = await resolveMask(png, image(w, h), { resizeMask: true });
    const fromRaw = await resolveMask(small, image(w, h), { resizeMask: true });
    t.deepEqual(fromPng.data, fromRaw.data, `${w}x${h}`);
    t.deepEqual(fromRaw.data, resizeMask(small, w, h).data);
  }
});

test('invert and dilate apply after resolving; options say nothing unless asked', async (t) => {
  const m = createMask(9, 9);
  m.data[4 * 9 + 4] = 255;
  const dilated = await resolveMask(m, image(9, 9), { dilate: 1 });
  t.is(dilated.data.filter(Boolean).length, 5, 'radius 1: the pixel and its 4 neighbours');
  const inverted = await resolveMask(m, image(9, 9), { invert: true });
  t.is(inverted.data.filter(Boolean).length, 80);
  t.deepEqual((await resolveMaskWithWarnings(m, image(9, 9))).warnings, []);
});

test('a mask path that names no file is an InvalidMaskError naming the path, like an undecodable mask', async (t) => {
  const missing = await t.throwsAsync(resolveMask('/missing/mask.png', image(9, 9)), { instanceOf: InvalidMaskError });
  t.like(missing, { code: 'ERR_INVALID_MASK', file: '/missing/mask.png', role: 'mask' });
  t.regex(missing.message, /^cannot read the mask \/missing\/mask\.png: no file exists at this path \(ENOENT\)/);
  const undecodable = await t.throwsAsync(resolveMask(Buffer.from('not a png'), image(9, 9)), { instanceOf: InvalidMaskError });
  t.like(undecodable, { code: 'ERR_INVALID_MASK', role: 'mask' });
});
