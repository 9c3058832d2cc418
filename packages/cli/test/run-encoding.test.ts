import test from 'ava';
import type { ExecutionContext } from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { tiffEncoding, webpIsLossless } from '@inpaint/files';
import { TINY, boxMask, cli, tempDir, write } from './helpers.js';

const W = 48, H = 32;
const HOLE = [4, 4, 12, 12];
const inHole = (p: number) => { const x = p % W, y = Math.floor(p / W); return x >= HOLE[0] && x < HOLE[2] && y >= HOLE[1] && y < HOLE[3]; };

function pixels(seed: number, channels = 3): Buffer {
  const b = Buffer.alloc(W * H * channels);
  for (let i = 0; i < b.length; i++) b[i] = (i * (seed + 3) + (i >> 5) * 11) % 256;
  return b;
}

function pixels16(): Uint16Array {
  return new Uint16Array(W * H * 3).map((_, i) => (i * 4099 + 17) % 65536);
}

/** Samples of two decodes, compared outside the hole; returns how many hole samples changed. */
function compareOutside(t: ExecutionContext, before: ArrayLike<number>, after: ArrayLike<number>, channels: number, label: string): number {
  t.is(after.length, before.length, `${label}: size`);
  let changedInHole = 0, changedOutside = 0;
  for (let i = 0; i < before.length; i++) {
    if (before[i] === after[i]) continue;
    if (inHole(Math.floor(i / channels) % (W * H))) changedInHole++;
    else changedOutside++;
  }
  t.is(changedOutside, 0, `${label}: samples outside the hole changed`);
  return changedInHole;
}

async function raw8(input: string | Buffer, animated = false): Promise<Buffer> {
  return sharp(input, animated ? { animated: true } : {}).removeAlpha().raw().toBuffer();
}

async function raw16(input: string | Buffer): Promise<Uint16Array> {
  const b = await sharp(input).toColourspace('rgb16').raw({ depth: 'ushort' }).toBuffer();
  return new Uint16Array(b.buffer, b.byteOffset, b.length / 2);
}

test('inpaint run keeps lossless inputs lossless and 16-bit inputs 16-bit; pixels outside holes identical', async (t) => {
  const d = tempDir();
  const rgb = { raw: { width: W, height: H, channels: 3 as const } };
  const sixteen = { raw: { width: W, height: H, channels: 3 as const } };
  write(join(d, 'in/lzw.tif'), await sharp(pixels(1), rgb).tiff({ compression: 'lzw' }).toBuffer());
  write(join(d, 'in/deflate.tif'), await sharp(pixels(2), rgb).tiff({ compression: 'deflate', predictor: 'horizontal' }).toBuffer());
  write(join(d, 'in/lossless.webp'), await sharp(pixels(3), rgb).webp({ lossless: true }).toBuffer());
  write(join(d, 'in/deep.png'), await sharp(pixels16(), sixteen).toColourspace('rgb16').png().toBuffer());
  write(join(d, 'in/deep.tif'), await sharp(pixels16(), sixteen).toColourspace('rgb16').tiff({ compression: 'lzw' }).toBuffer());
  write(join(d, 'in/photo.jpg'), await sharp(pixels(4), rgb).jpeg({ quality: 92, chromaSubsampling: '4:4:4' }).toBuffer());
  write(join(d, 'mask.png'), await boxMask(W, H, HOLE));
  const r = await cli(['run', join(d, 'in'), '--masks', join(d, 'mask.png'), '--out', join(d, 'out'), '--model', TINY, '--json']);
  t.is(r.code, 0, r.stderr + r.stdout);
  for (const name of ['lzw.tif', 'deflate.tif', 'lossless.webp']) {
    t.true(compareOutside(t, await raw8(join(d, 'in', name)), await raw8(join(d, 'out', name)), 3, name) > 0, `${name}: hole filled`);
  }
  t.like(tiffEncoding(readFileSync(join(d, 'out/lzw.tif'))), { compression: 'lzw' });
  t.deepEqual(tiffEncoding(readFileSync(join(d, 'out/deflate.tif'))), { compression: 'deflate', predictor: 'horizontal' });
  t.true(webpIsLossless(readFileSync(join(d, 'out/lossless.webp'))));
  for (const name of ['deep.png', 'deep.tif']) {
    t.is((await sharp(join(d, 'out', name)).metadata()).depth, 'ushort', `${name} stays 16-bit`);
    t.true(compareOutside(t, await raw16(join(d, 'in', name)), await raw16(join(d, 'out', name)), 3, name) > 0, `${name}: hole filled`);
  }
  t.is((await sharp(join(d, 'out/photo.jpg')).metadata()).chromaSubsampling, '4:4:4', "JPEG keeps the input's chroma subsampling");
  const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { input?: string; strategy?: string; inpaint?: { depth: number; windows: number } });
  const deep = records.find((x) => x.input?.endsWith('deep.png'))!;
  t.is(deep.inpaint?.depth, 16);
  t.truthy(deep.strategy, 'records carry core\'s strategy');
  t.true((deep.inpaint?.windows ?? 0) >= 1);
});

test('inpaint run: animated GIF and WebP get every frame in-painted with delays and loop kept; no frame is dropped silently', async (t) => {
  const d = tempDir();
  const frames = 3;
  const strip = Buffer.concat(Array.from({ length: frames }, (_, f) => pixels(f + 5)));
  const anim = { raw: { width: W, height: H * frames, channels: 3 as const, pageHeight: H } };
  write(join(d, 'in/anim.webp'), await sharp(strip, anim).webp({ lossless: true, delay: [30, 40, 50], loop: 4 }).toBuffer());
  write(join(d, 'in/anim.gif'), await sharp(strip, anim).gif({ delay: [30, 40, 50], loop: 0 }).toBuffer());
  write(join(d, 'mask.png'), await boxMask(W, H, HOLE));
  const r = await cli(['run', join(d, 'in'), '--masks', join(d, 'mask.png'), '--out', join(d, 'out'), '--model', TINY, '--json']);
  t.is(r.code, 0, r.stderr + r.stdout);
  for (const [name, loop] of [['anim.webp', 4], ['anim.gif', 0]] as const) {
    const meta = await sharp(join(d, 'out', name)).metadata();
    t.is(meta.pages, frames, `${name}: every frame kept`);
    t.deepEqual(meta.delay, [30, 40, 50], `${name}: delays kept`);
    t.is(meta.loop, loop, `${name}: loop kept`);
  }
  // lossless WebP: exact outside the hole in every frame, and every frame's hole filled
  const before = await raw8(join(d, 'in/anim.webp'), true);
  const after = await raw8(join(d, 'out/anim.webp'), true);
  for (let f = 0; f < frames; f++) {
    const size = W * H * 3;
    t.true(compareOutside(t, before.subarray(f * size, (f + 1) * size), after.subarray(f * size, (f + 1) * size), 3, `frame ${f}`) > 0);
  }
  const rec = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { input?: string; inpaint?: { frames: number } }).find((x) => x.input?.endsWith('anim.webp'));
  t.is(rec?.inpaint?.frames, frames);
  // a format that cannot hold frames is a typed per-file error, not a silent first frame
  const png = await cli(['run', join(d, 'in/anim.gif'), '--masks', join(d, 'mask.png'), '--out', join(d, 'png'), '--model', TINY, '--format', 'png', '--json']);
  t.is(png.code, 1);
  t.regex(png.stdout, /is animated \(3 frames\), and png cannot hold frames; pass --format gif or webp/);
});

test('inpaint run: mask problems are named as mask problems; alpha-only and empty masks give warnings', async (t) => {
  const d = tempDir();
  const rgb = { raw: { width: W, height: H, channels: 3 as const } };
  for (const n of ['zero', 'corrupt', 'alpha', 'empty']) write(join(d, `in/${n}.png`), await sharp(pixels(7), rgb).png().toBuffer());
  write(join(d, 'masks/zero.png'), Buffer.alloc(0));
  write(join(d, 'masks/corrupt.png'), (await boxMask(W, H, HOLE)).subarray(0, 50));
  const rgba = Buffer.alloc(W * H * 4);
  for (let p = 0; p < W * H; p++) rgba[p * 4 + 3] = inHole(p) ? 0 : 255;
  write(join(d, 'masks/alpha.png'), await sharp(rgba, { raw: { width: W, height: H, channels: 4 } }).png().toBuffer());
  write(join(d, 'masks/empty.png'), await boxMask(W, H, [0, 0, 0, 0]));
  const r = await cli(['run', join(d, 'in'), '--masks', join(d, 'masks'), '--out', join(d, 'out'), '--model', TINY, '--json']);
  t.is(r.code, 1);
  const recs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { input?: string; status?: string; reason?: string; warnings?: string[] });
  const rec = (n: string) => recs.find((x) => x.input?.endsWith(`${n}.png`))!;
  t.like(rec('zero'), { status: 'failed' });
  t.regex(rec('zero').reason!, /the mask .*zero\.png is empty/);
  t.like(rec('corrupt'), { status: 'failed' });
  t.regex(rec('corrupt').reason!, /cannot decode the mask .*corrupt\.png/);
  t.like(rec('alpha'), { status: 'ok' });
  t.regex(rec('alpha').warnings!.join(), /transparent pixels \(the minority: strokes erased from an opaque layer\) were taken as the holes/);
  t.true(compareOutside(t, await raw8(join(d, 'in/alpha.png')), await raw8(join(d, 'out/alpha.png')), 3, 'alpha') > 0);
  t.like(rec('empty'), { status: 'ok' });
  t.regex(rec('empty').warnings!.join(), /marks no hole/);
  t.deepEqual(await raw8(join(d, 'out/empty.png')), await raw8(join(d, 'in/empty.png')));
});

test('inpaint run: --out that would replace the inputs or is a file is a usage error (exit 2)', async (t) => {
  const d = tempDir();
  write(join(d, 'in/a.png'), await sharp(pixels(1), { raw: { width: W, height: H, channels: 3 } }).png().toBuffer());
  write(join(d, 'mask.png'), await boxMask(W, H, HOLE));
  write(join(d, 'a-file'), 'x');
  const same = await cli(['run', join(d, 'in'), '--masks', join(d, 'mask.png'), '--out', join(d, 'in'), '--model', TINY]);
  t.is(same.code, 2);
  t.regex(same.stderr, /Expected a folder other than the input folder .* for --out but received 'the input folder /);
  const file = await cli(['run', join(d, 'in'), '--masks', join(d, 'mask.png'), '--out', join(d, 'a-file'), '--model', TINY]);
  t.is(file.code, 2);
  t.regex(file.stderr, /Expected a directory .* for --out but received 'the file /);
});
