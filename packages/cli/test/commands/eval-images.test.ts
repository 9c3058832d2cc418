import test from 'ava';
import { join } from 'node:path';
import sharp from 'sharp';
import { InvalidParameterError } from '@inpaint/core';
import type { RawImage } from '@inpaint/core';
import { loadEvalImages, withHoles } from '../../src/commands/eval-images.js';
import { tempDir, write } from '../helpers.js';

const RED = { r: 220, g: 10, b: 10 }, GREEN = { r: 10, g: 200, b: 40 }, BLUE = { r: 20, g: 30, b: 230 };

/** A 90x30 photo in three 30 px bands, red | green | blue: its centre square is the green band. */
async function bands(format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const band = (background: typeof RED) => sharp({ create: { width: 30, height: 30, channels: 3, background } }).png().toBuffer();
  const base = sharp({ create: { width: 90, height: 30, channels: 3, background: RED } })
    .composite([{ input: await band(GREEN), left: 30, top: 0 }, { input: await band(BLUE), left: 60, top: 0 }]);
  return format === 'png' ? base.png().toBuffer() : base.jpeg({ quality: 100 }).toBuffer();
}

const pixel = (img: RawImage, x: number, y: number) => [...img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3)];

test('512² protocol: the centre square of each photo, resized to the size, as RGB; red and blue cut off', async (t) => {
  const d = tempDir();
  write(join(d, 'wide.png'), await bands());
  const { names, images: [img] } = await loadEvalImages(d, 12);
  t.deepEqual(names, ['wide.png']);
  t.deepEqual([img.width, img.height, img.channels, img.data.length], [12, 12, 3, 12 * 12 * 3]);
  // resized whole with Lanczos before the crop, the square's edge columns carry a little of their neighbours
  for (let y = 0; y < 12; y++) for (let x = 0; x < 12; x++) {
    const [r, g, b] = pixel(img, x, y);
    t.true(g > 180 && r < 40 && b < 60, `${x},${y}: ${r},${g},${b}`);
    if (x >= 3 && x <= 8) t.true(Math.abs(r - GREEN.r) <= 2 && Math.abs(g - GREEN.g) <= 2 && Math.abs(b - GREEN.b) <= 2, `${x},${y}: ${r},${g},${b}`);
  }
});

test('native: each photo at its own size; names sorted, non-images left out, limit keeps the first', async (t) => {
  const d = tempDir();
  write(join(d, 'b.png'), await bands());
  write(join(d, 'a.JPG'), await sharp({ create: { width: 20, height: 10, channels: 4, background: { ...BLUE, alpha: 1 } } }).jpeg().toBuffer());
  write(join(d, 'notes.txt'), 'not a photo');
  const all = await loadEvalImages(d, 'native');
  t.deepEqual(all.names, ['a.JPG', 'b.png']);
  t.deepEqual(all.images.map((im) => [im.width, im.height, im.channels]), [[20, 10, 3], [90, 30, 3]]);
  t.deepEqual(pixel(all.images[1], 0, 0), [RED.r, RED.g, RED.b]);
  t.deepEqual(pixel(all.images[1], 89, 29), [BLUE.r, BLUE.g, BLUE.b]);
  t.deepEqual((await loadEvalImages(d, 'native', 1)).names, ['a.JPG']);
});

test('a folder without images is a usage error naming --images and the folder', async (t) => {
  const d = tempDir();
  write(join(d, 'readme.md'), '# nothing here');
  await t.throwsAsync(loadEvalImages(d, 512), { instanceOf: InvalidParameterError, message: new RegExp(`a folder with images for --images but received .*${d}', which holds none`) });
});

test('withHoles: every hole pixel gets the colour in all three channels, the rest and the original untouched', (t) => {
  const img: RawImage = { data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), width: 3, height: 1, channels: 3 };
  const out = withHoles(img, new Uint8Array([0, 255, 1]), 0);
  t.deepEqual([...out.data], [1, 2, 3, 0, 0, 0, 0, 0, 0]);
  t.deepEqual([...withHoles(img, new Uint8Array([255, 0, 0]), 255).data], [255, 255, 255, 4, 5, 6, 7, 8, 9]);
  t.deepEqual([...img.data], [1, 2, 3, 4, 5, 6, 7, 8, 9], 'the original is not changed');
  t.deepEqual([out.width, out.height, out.channels], [3, 1, 3]);
});
