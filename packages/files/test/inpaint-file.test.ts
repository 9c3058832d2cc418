import test from 'ava';
import { Inpainter } from '@inpaint/core';
import { TINY_MODEL } from '@inpaint/test-fixtures';
import sharp from 'sharp';
import { inpaintEncoded } from '../src/inpaint-file.js';

const inpainter = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
test.after.always(() => inpainter.dispose());

async function photo(format: 'png' | 'jpeg'): Promise<Buffer> {
  const raw = Buffer.alloc(40 * 30 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 37) % 251;
  return sharp(raw, { raw: { width: 40, height: 30, channels: 3 } }).toFormat(format).toBuffer();
}
const mask = () => sharp({ create: { width: 40, height: 30, channels: 3, background: '#000' } }).composite([{ input: { create: { width: 10, height: 8, channels: 3, background: '#fff' } }, left: 12, top: 10 }]).png().toBuffer();

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
