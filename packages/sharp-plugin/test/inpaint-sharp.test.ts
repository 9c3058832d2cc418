import test from 'ava';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { Inpainter } from '@inpaint/core';
import { inpaintSharp } from '../src/api.js';

import { TINY_MODEL as TINY } from '@inpaint/test-fixtures';
const proto = (s: unknown) => (s as { prototype: object }).prototype;
const cjs = createRequire(import.meta.url)('sharp') as unknown;

// ava runs each test file in its own process: nothing else has registered here
test.serial('importing @inpaint/sharp/api patches nothing; importing @inpaint/sharp patches both builds', async (t) => {
  t.false('inpaint' in proto(sharp));
  t.false('inpaint' in proto(cjs));
  await import('../src/index.js');
  t.true('inpaint' in proto(sharp));
  t.true('inpaint' in proto(cjs));
});

test('inpaintSharp() fills the holes through the public API and keeps every other pixel', async (t) => {
  const W = 64, H = 48;
  const data = Buffer.alloc(W * H * 3);
  // noise, not a periodic pattern: a fill made of the photo's own patches could give a periodic one back exactly
  for (let i = 0; i < data.length; i++) data[i] = Math.imul(i + 1, 2654435761) >>> 24;
  const mask = new Uint8Array(W * H);
  for (let y = 10; y < 30; y++) for (let x = 20; x < 40; x++) mask[y * W + x] = 255;
  const inpainter = await Inpainter.create({ model: TINY });
  const filled = await inpaintSharp(sharp(data, { raw: { width: W, height: H, channels: 3 } }), { data: mask, width: W, height: H }, { backend: inpainter });
  const { data: out, info } = await filled.raw().toBuffer({ resolveWithObject: true });
  t.deepEqual([info.width, info.height, info.channels], [W, H, 3]);
  let changedInside = 0;
  for (let p = 0; p < W * H; p++) {
    const same = out[p * 3] === data[p * 3] && out[p * 3 + 1] === data[p * 3 + 1] && out[p * 3 + 2] === data[p * 3 + 2];
    if (mask[p]) changedInside += same ? 0 : 1;
    else if (!same) t.fail(`pixel ${p} outside the hole changed`);
  }
  t.true(changedInside > 300, `${changedInside} of 400 hole pixels changed`);
  await inpainter.dispose();
});

test('inpaintSharp() rejects what is not a pipeline or a mask', async (t) => {
  await t.throwsAsync(inpaintSharp({} as never, 'mask.png'), { code: 'ERR_INVALID_PARAMETER' });
  await t.throwsAsync(inpaintSharp(sharp(Buffer.alloc(12), { raw: { width: 2, height: 2, channels: 3 } }), undefined as never), { code: 'ERR_INVALID_PARAMETER' });
});
