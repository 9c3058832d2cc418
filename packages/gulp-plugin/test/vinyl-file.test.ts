import test from 'ava';
import { join } from 'node:path';
import { Inpainter } from '@inpaint/core';
import { createFileRunner } from '@inpaint/files';
import { TINY_MODEL } from '@inpaint/test-fixtures';
import sharp from 'sharp';
import Vinyl from 'vinyl';
import { inpaintVinyl } from '../src/vinyl-file.js';

const inpainter = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
const W = 32, H = 24;
const raw = Buffer.alloc(W * H * 3);
for (let i = 0; i < raw.length; i++) raw[i] = (i * 13) % 250;
const png = await sharp(raw, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
const hole = await sharp({ create: { width: W, height: H, channels: 3, background: '#000' } }).composite([{ input: { create: { width: 8, height: 6, channels: 3, background: '#fff' } }, left: 10, top: 8 }]).png().toBuffer();
test.after.always(() => inpainter.dispose());
const file = (name: string) => new Vinyl({ cwd: '/w', base: '/w/photos', path: join('/w/photos', name), contents: png });

test('inpaintVinyl: a new file named by the policy with the in-painted bytes and its record; no mask: the same file back', async (t) => {
  const run = createFileRunner({ suffix: '-fixed', format: 'webp' }, inpainter);
  const out = await inpaintVinyl(file('sub/a.png'), run, () => hole, false);
  t.is(out.path, '/w/photos/sub/a-fixed.webp');
  t.is((await sharp(out.contents as Buffer).metadata()).format, 'webp');
  t.like(out.inpaint, { status: 'ok', mask: '(given)', output: '/w/photos/sub/a-fixed.webp' });
  const plain = file('b.png');
  const same = await inpaintVinyl(plain, run, () => null, false);
  t.is(same, plain);
  t.like(same.inpaint, { status: 'skipped' });
});

test('inpaintVinyl: a failure throws its typed error, or rides on the record with continueOnError', async (t) => {
  const run = createFileRunner({}, inpainter);
  const broken = new Vinyl({ cwd: '/w', base: '/w/photos', path: '/w/photos/x.png', contents: Buffer.from('garbage') });
  await t.throwsAsync(inpaintVinyl(broken, run, () => hole, false), { code: 'ERR_INVALID_IMAGE' });
  const kept = await inpaintVinyl(broken, run, () => hole, true);
  t.is(kept, broken);
  t.like(kept.inpaint, { status: 'failed', code: 'ERR_INVALID_IMAGE' });
});
