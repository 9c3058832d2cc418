import test from 'ava';
import sharp from 'sharp';
import { decodeFile } from '../src/decode-file.js';
import { encodeImage } from '../src/encode-image.js';
import { webpIsLossless } from '../src/output-encoding.js';

test('encodeImage writes the input’s format: 16-bit PNG stays 16-bit and exact, lossless WebP stays lossless, frames keep delays and loop', async (t) => {
  const deep = await sharp(new Uint16Array(8 * 6 * 3).fill(40001), { raw: { width: 8, height: 6, channels: 3 } }).toColourspace('rgb16').png().toBuffer();
  const file = await decodeFile(deep, {}, 'deep.png');
  const out = await encodeImage(file.image, file, deep);
  t.is((await sharp(out).metadata()).depth, 'ushort');
  t.deepEqual(await sharp(out).raw({ depth: 'ushort' }).toBuffer(), await sharp(deep).raw({ depth: 'ushort' }).toBuffer());
  const webp = await sharp(Buffer.alloc(8 * 6 * 3, 120), { raw: { width: 8, height: 6, channels: 3 } }).webp({ lossless: true }).toBuffer();
  const w = await decodeFile(webp, {}, 'a.webp');
  t.true(webpIsLossless(await encodeImage(w.image, w, webp)));
  const gif = await sharp(Buffer.concat([Buffer.alloc(8 * 6 * 3, 60), Buffer.alloc(8 * 6 * 3, 220)]), { raw: { width: 8, height: 12, channels: 3, pageHeight: 6 } }).gif({ delay: [40, 90], loop: 2 }).toBuffer();
  const g = await decodeFile(gif, {}, 'a.gif');
  const meta = await sharp(await encodeImage(g.image, g, gif)).metadata();
  t.like(meta, { format: 'gif', pages: 2, loop: 2 });
  t.deepEqual(meta.delay, [40, 90]);
});

test('encodeImage keeps the EXIF of the input when asked (a still image)', async (t) => {
  const jpeg = await sharp(Buffer.alloc(8 * 6 * 3, 90), { raw: { width: 8, height: 6, channels: 3 } }).jpeg().withExif({ IFD0: { Copyright: 'inpaint test' } }).toBuffer();
  const file = await decodeFile(jpeg, { keepMetadata: true }, 'a.jpg');
  t.regex((await sharp(await encodeImage(file.image, file, jpeg, { keepMetadata: true })).metadata()).exif?.toString('latin1') ?? '', /inpaint test/);
  t.is((await sharp(await encodeImage(file.image, file, jpeg)).metadata()).exif, undefined);
});
