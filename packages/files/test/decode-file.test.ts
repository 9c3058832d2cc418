import test from 'ava';
import { join } from 'node:path';
import sharp from 'sharp';
import { decodeFile } from '../src/decode-file.js';
import { tempDir, write } from './helpers.js';

test('decodeFile: 8-bit as a plain Uint8Array, 16-bit PNG at 16 bits, frames of a GIF stacked; its encoding read', async (t) => {
  const d = tempDir();
  const rgb = Buffer.alloc(8 * 6 * 3, 77);
  write(join(d, 'a.png'), await sharp(rgb, { raw: { width: 8, height: 6, channels: 3 } }).png().toBuffer());
  const eight = await decodeFile(join(d, 'a.png'));
  t.like(eight.image, { width: 8, height: 6, channels: 3 });
  t.is(eight.image.data.constructor, Uint8Array);
  t.is(eight.image.data[0], 77);
  t.is(eight.pageHeight, 0);
  t.is(eight.encoding.format, 'png');
  const deep = await sharp(new Uint16Array(8 * 6 * 3).fill(40000), { raw: { width: 8, height: 6, channels: 3 } }).toColourspace('rgb16').png().toBuffer();
  const sixteen = await decodeFile(deep, {}, 'deep.png');
  t.true(sixteen.image.data instanceof Uint16Array);
  t.is(sixteen.image.data[0], 40000);
  t.true((await decodeFile(deep, { keepMetadata: true }, 'deep.png')).reduced);
  const strip = Buffer.concat([Buffer.alloc(8 * 6 * 3, 10), Buffer.alloc(8 * 6 * 3, 200)]);
  const gif = await sharp(strip, { raw: { width: 8, height: 12, channels: 3, pageHeight: 6 } }).gif({ delay: [50, 70], loop: 3 }).toBuffer();
  const frames = await decodeFile(gif, {}, 'anim.gif');
  t.is(frames.pageHeight, 6);
  t.is(frames.image.height, 12);
  t.deepEqual(frames.animation, { delay: [50, 70], loop: 3 });
});

test('decodeFile: typed errors name the file; an output format that cannot hold frames is refused before decoding', async (t) => {
  const d = tempDir();
  write(join(d, 'bad.png'), 'not an image');
  await t.throwsAsync(decodeFile(join(d, 'bad.png')), { code: 'ERR_INVALID_IMAGE', message: /cannot decode the image .*bad\.png/ });
  await t.throwsAsync(decodeFile(join(d, 'gone.png')), { code: 'ENOENT' });
  const strip = Buffer.concat([Buffer.alloc(8 * 6 * 3, 9), Buffer.alloc(8 * 6 * 3, 240)]);
  const gif = await sharp(strip, { raw: { width: 8, height: 12, channels: 3, pageHeight: 6 } }).gif().toBuffer();
  await t.throwsAsync(decodeFile(gif, { format: 'png' }, 'anim.gif'), { code: 'ERR_INVALID_IMAGE', message: /animated .*png cannot hold frames/ });
});

test('decodeFile movable: the pixels live in memory that can move to a worker thread (sharp’s own cannot), same samples', async (t) => {
  const png = await sharp(Buffer.alloc(64 * 48 * 3, 91), { raw: { width: 64, height: 48, channels: 3 } }).png().toBuffer();
  const moved = await decodeFile(png, { movable: true }, 'a.png');
  const kept = await decodeFile(png, {}, 'a.png');
  t.deepEqual([...moved.image.data.subarray(0, 6)], [...kept.image.data.subarray(0, 6)]);
  const canMove = (data: ArrayBufferView) => {
    try {
      structuredClone(data.buffer, { transfer: [data.buffer as ArrayBuffer] });
    } catch {
      return false; // Node 21+ refuses to move memory a native addon owns
    }
    return data.byteLength === 0;
  };
  t.true(canMove(moved.image.data), 'moved: the view is detached');
  t.false(canMove(kept.image.data), 'sharp’s memory is copied, not moved (or refused)');
});
