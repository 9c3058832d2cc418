import test from 'ava';
import { InvalidParameterError } from '@inpaint/core';
import { BASELINES, inpaintBaseline } from '../src/baselines.js';

/** A 24x16 image: a horizontal gradient, with a 4x4 hole in the middle. */
function scene() {
  const width = 24, height = 16;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill(x * 10, (y * width + x) * 3, (y * width + x) * 3 + 3);
  const mask = new Uint8Array(width * height);
  for (let y = 6; y < 10; y++) for (let x = 10; x < 14; x++) mask[y * width + x] = 1;
  return { image: { width, height, channels: 3 as const, data }, mask };
}

for (const method of BASELINES) {
  test(`${method}: pixels outside the mask unchanged; the hole continues the gradient`, async (t) => {
    const { image, mask } = scene();
    const out = await inpaintBaseline(method, image, mask);
    let outside = 0;
    for (let p = 0; p < mask.length; p++) if (!mask[p] && out.data[p * 3] !== image.data[p * 3]) outside++;
    t.is(outside, 0);
    const centre = out.data[(8 * 24 + 12) * 3];
    t.true(centre > 90 && centre < 150, `centre ${centre} between the hole's left (100) and right (130) borders`);
  });
}

test('only 8-bit RGB images are taken', async (t) => {
  const { mask } = scene();
  await t.throwsAsync(inpaintBaseline('telea', { width: 24, height: 16, channels: 4, data: new Uint8Array(24 * 16 * 4) }, mask), { instanceOf: InvalidParameterError });
});
