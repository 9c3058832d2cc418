import test from 'ava';
import { Inpainter } from '@inpaint/core';
import { TINY_MODEL } from '@inpaint/test-fixtures';
import sharp from 'sharp';
import { inpaintEncoded } from '../src/inpaint-file.js';
import { holeMask, photo } from './helpers.js';

const inpainter = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
test.after.always(() => inpainter.dispose());

const mask = holeMask;

test('inpaintEncoded keeps the input format, or writes the asked one; bad options are typed errors', async (t) => {
  const jpeg = await photo('jpeg');
  const same = await inpaintEncoded(jpeg, await mask(), {}, inpainter, 'upload');
  t.is(same.format, 'jpeg');
  t.is((await sharp(same.data).metadata()).format, 'jpeg');
  t.is(same.report?.holePixels, 80);
  const png = await inpaintEncoded(jpeg, await mask(), { format: 'png', detail: 'smooth' }, inpainter);
  t.is((await sharp(png.data).metadata()).format, 'png');
  const avif = await inpaintEncoded(jpeg, await mask(), { format: 'avif' }, inpainter); // sharp knows AVIF as an alias of heif
  t.is(avif.format, 'avif');
  t.is((await sharp(avif.data).metadata()).compression, 'av1');
  await t.throwsAsync(inpaintEncoded(jpeg, await mask(), { dilate: -1 }, inpainter), { code: 'ERR_INVALID_PARAMETER' });
  await t.throwsAsync(inpaintEncoded(Buffer.from('nope'), await mask(), {}, inpainter, 'upload'), { code: 'ERR_INVALID_IMAGE', message: /cannot decode the image upload/ });
});

test.serial('the file road makes at most two full-size copies of a still image between decode and encode (the decode included); the spy sees a third one', async (t) => {
  const { countFullSizeBuffers } = await import('./allocation-spy.js');
  const { inpaintFile } = await import('../src/inpaint-file.js');
  const { checkFileOptions } = await import('../src/file-options.js');
  // 203×131 RGB: 79 779 bytes, odd, so no float32 tensor and no one-channel mask has this size
  const W = 203, H = 131, bytes = W * H * 3;
  const raw = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) raw[i] = (i * 29) % 253;
  const png = await sharp(raw, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
  const hole = await sharp({ create: { width: W, height: H, channels: 3, background: '#000' } }).composite([{ input: { create: { width: 30, height: 20, channels: 3, background: '#fff' } }, left: 90, top: 50 }]).png().toBuffer();
  const o = checkFileOptions({ detail: 'smooth' });
  await inpaintFile(png, hole, o, inpainter, 'warm-up'); // sessions and caches made outside the count
  const copies = await countFullSizeBuffers(bytes, () => inpaintFile(png, hole, o, inpainter, 'photo.png'));
  t.true(copies >= 1, 'the decode is seen (the spy works)');
  t.true(copies <= 2, `${copies} full-size copies`);
  // the spy is honest: one more copy on the road is counted
  const copying = { inpaintWithReport: async (...a: Parameters<typeof inpainter.inpaintWithReport>) => { const r = await inpainter.inpaintWithReport(...a); return { ...r, image: { ...r.image, data: r.image.data.slice() } }; } };
  t.is(await countFullSizeBuffers(bytes, () => inpaintFile(png, hole, o, copying, 'photo.png')), copies + 1);
});

test.serial('through a pool, the file road makes at most two full-size copies of a still image: the decode and the one the worker takes by transfer (it fills that in place)', async (t) => {
  const { countFullSizeBuffers } = await import('./allocation-spy.js');
  const { inpaintFile } = await import('../src/inpaint-file.js');
  const { checkFileOptions } = await import('../src/file-options.js');
  const { InpaintPool } = await import('@inpaint/core');
  const W = 203, H = 131, bytes = W * H * 3; // odd: no tensor or mask has this size
  const raw = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) raw[i] = (i * 31) % 251;
  const png = await sharp(raw, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
  const hole = await sharp({ create: { width: W, height: H, channels: 3, background: '#000' } }).composite([{ input: { create: { width: 30, height: 20, channels: 3, background: '#fff' } }, left: 90, top: 50 }]).png().toBuffer();
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const maskPath = join(mkdtempSync(join(tmpdir(), 'inpaint-copies-')), 'hole.png'); // a path: the road decodes the mask, so both may move
  writeFileSync(maskPath, hole);
  const o = checkFileOptions({ detail: 'smooth' });
  const pool = await InpaintPool.create({ model: TINY_MODEL, size: 1 });
  try {
    const first = await inpaintFile(png, maskPath, o, pool, 'warm-up');
    // the worker's side makes none (core's tests: the task's pixels are filled in place); this thread's:
    const copies = await countFullSizeBuffers(bytes, () => inpaintFile(png, maskPath, o, pool, 'photo.png'));
    t.true(copies >= 2, `the decode and the movable copy are seen: ${copies}`);
    t.true(copies <= 2, `${copies} full-size copies`);
    // the pool gives the in-process road's pixels
    const alone = await inpaintFile(png, maskPath, o, inpainter, 'photo.png');
    t.deepEqual(await sharp(first.data).raw().toBuffer(), await sharp(alone.data).raw().toBuffer());
  } finally {
    await pool.dispose();
  }
});

test('inpaintFileTo streams the encoded output into place: the same bytes as inpaintFile, no temporary left; nothing written on failure', async (t) => {
  const { mkdtempSync, readFileSync, readdirSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { inpaintFile, inpaintFileTo } = await import('../src/inpaint-file.js');
  const d = mkdtempSync(join(tmpdir(), 'inpaint-file-'));
  const png = await photo('png');
  const { report } = await inpaintFileTo(join(d, 'out.png'), png, await mask(), {}, inpainter, 'a.png');
  t.is(report.holePixels, 80);
  t.deepEqual(await sharp(readFileSync(join(d, 'out.png'))).raw().toBuffer(), await sharp((await inpaintFile(png, await mask(), {}, inpainter, 'a.png')).data).raw().toBuffer());
  await t.throwsAsync(inpaintFileTo(join(d, 'bad.png'), Buffer.from('nope'), await mask(), {}, inpainter, 'bad.png'), { code: 'ERR_INVALID_IMAGE' });
  t.deepEqual(readdirSync(d), ['out.png']);
});
