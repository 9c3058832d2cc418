import test from 'ava';
import sharp from 'sharp';
import { InpaintError, InvalidParameterError } from '@inpaint/core';
import type { RawImage } from '@inpaint/core';
import { BASELINES, GMIC_BASELINES, OPENCV_BASELINES, gmicPath, inpaintBaseline, isGmicBaseline } from '../src/baselines.js';

/** A 24x16 image: a horizontal gradient, with a 4x4 hole in the middle. */
function scene() {
  const width = 24, height = 16;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill(x * 10, (y * width + x) * 3, (y * width + x) * 3 + 3);
  const mask = new Uint8Array(width * height);
  for (let y = 6; y < 10; y++) for (let x = 10; x < 14; x++) mask[y * width + x] = 1;
  return { image: { width, height, channels: 3 as const, data }, mask };
}

for (const method of OPENCV_BASELINES) {
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

test('the baselines: OpenCV\'s two, then G\'MIC\'s two', (t) => {
  t.deepEqual([...BASELINES], ['telea', 'ns', 'gmic-patch', 'gmic-matchpatch']);
  t.deepEqual(BASELINES.filter(isGmicBaseline), [...GMIC_BASELINES]);
});

/** A real photo (the cat of samples/, 160×104) and a 40×30 hole in it, hole pixels zeroed as eval does. */
async function catWithHole(): Promise<{ photo: RawImage; input: RawImage; mask: Uint8Array }> {
  const { data, info } = await sharp(new URL('../../../samples/photos/cat.jpg', import.meta.url).pathname).resize(160, 104).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const photo: RawImage = { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data) };
  const mask = new Uint8Array(160 * 104);
  for (let y = 40; y < 70; y++) for (let x = 60; x < 100; x++) mask[y * 160 + x] = 1;
  const input = { ...photo, data: photo.data.slice() };
  for (let p = 0; p < mask.length; p++) if (mask[p]) input.data.fill(0, p * 3, p * 3 + 3);
  return { photo, input, mask };
}

const gmic = gmicPath();
for (const method of GMIC_BASELINES) {
  (gmic ? test : test.skip)(`${method} on a real photo: pixels outside the hole are the photo's exactly, the hole is filled with the photo's colours${gmic ? '' : " (skipped: gmic is not on PATH; apt-get install gmic)"}`, async (t) => {
    const { photo, input, mask } = await catWithHole();
    const out = await inpaintBaseline(method, input, mask);
    t.is(out.width, 160);
    t.is(out.channels, 3);
    let outside = 0, unchanged = 0, err = 0, black = 0, holes = 0;
    for (let p = 0; p < mask.length; p++) {
      for (let c = 0; c < 3; c++) {
        const i = p * 3 + c;
        if (!mask[p]) {
          if (out.data[i] !== photo.data[i]) outside++;
        } else {
          holes++;
          if (out.data[i] === input.data[i]) unchanged++;
          err += Math.abs(out.data[i] - photo.data[i]);
          black += photo.data[i];
        }
      }
    }
    t.is(outside, 0, 'G\'MIC\'s changes outside the hole are not taken');
    t.true(unchanged < holes * 0.05, `${unchanged} of ${holes} hole values still black`);
    // a fill from the surroundings is far closer to the cat than the zeroed hole was
    t.true(err < black / 2, `mean error in the hole ${err / holes}, ${black / holes} before`);
  });
}

test.serial('without gmic on PATH the G\'MIC baselines refuse with ERR_MISSING_DEPENDENCY and say how to install it', async (t) => {
  const { input, mask } = await catWithHole();
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    t.is(gmicPath(), null);
    const e = await t.throwsAsync(inpaintBaseline('gmic-matchpatch', input, mask), { instanceOf: InpaintError });
    t.is(e?.code, 'ERR_MISSING_DEPENDENCY');
    t.regex(e?.message ?? '', /apt-get install gmic/);
  } finally {
    process.env.PATH = path;
  }
});
