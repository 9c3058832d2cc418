import test from 'ava';
import sharp from 'sharp';
import { encodeAs, inputEncoding, tiffEncoding, webpIsLossless } from '../src/output-encoding.js';

const W = 16, H = 8;
function pixels(seed: number): Buffer {
  const b = Buffer.alloc(W * H * 3);
  for (let i = 0; i < b.length; i++) b[i] = (i * (seed + 3)) % 256;
  return b;
}

test('header readers: WebP lossless (VP8L) vs lossy, TIFF compression and predictor', async (t) => {
  const rgb = { raw: { width: W, height: H, channels: 3 as const } };
  t.true(webpIsLossless(await sharp(pixels(1), rgb).webp({ lossless: true }).toBuffer()));
  t.false(webpIsLossless(await sharp(pixels(1), rgb).webp({ quality: 80 }).toBuffer()));
  const animRaw = { raw: { width: W, height: H * 2, channels: 3 as const, pageHeight: H } };
  const strip = Buffer.concat([pixels(1), pixels(2)]);
  t.true(webpIsLossless(await sharp(strip, animRaw).webp({ lossless: true }).toBuffer()), 'animated, lossless frames');
  t.false(webpIsLossless(await sharp(strip, animRaw).webp({ quality: 70 }).toBuffer()), 'animated, lossy frames');
  t.false(webpIsLossless(Buffer.from('not a webp at all')));
  t.deepEqual(tiffEncoding(await sharp(pixels(1), rgb).tiff({ compression: 'lzw', predictor: 'horizontal' }).toBuffer()), { compression: 'lzw', predictor: 'horizontal' });
  t.like(tiffEncoding(await sharp(pixels(1), rgb).tiff({ compression: 'deflate' }).toBuffer()), { compression: 'deflate' });
  t.like(tiffEncoding(await sharp(pixels(1), rgb).tiff({ compression: 'none' }).toBuffer()), { compression: 'none' });
  t.like(tiffEncoding(await sharp(pixels(1), rgb).tiff({ compression: 'jpeg' }).toBuffer()), { compression: 'jpeg' });
});

test('encodeAs: the input encoding by default, the requested format with its defaults otherwise', async (t) => {
  const rgb = { raw: { width: W, height: H, channels: 3 as const } };
  const lossless = await sharp(pixels(2), rgb).webp({ lossless: true }).toBuffer();
  const kept = await encodeAs(sharp(lossless), inputEncoding(await sharp(lossless).metadata(), lossless)).toBuffer();
  t.true(webpIsLossless(kept));
  t.deepEqual(await sharp(kept).raw().toBuffer(), await sharp(lossless).raw().toBuffer());
  const lzw = await sharp(pixels(3), rgb).tiff({ compression: 'lzw' }).toBuffer();
  t.like(tiffEncoding(await encodeAs(sharp(lzw), inputEncoding(await sharp(lzw).metadata(), lzw)).toBuffer()), { compression: 'lzw' });
  const asPng = await encodeAs(sharp(lzw), inputEncoding(await sharp(lzw).metadata(), lzw), 'png').toBuffer();
  t.is((await sharp(asPng).metadata()).format, 'png');
});
