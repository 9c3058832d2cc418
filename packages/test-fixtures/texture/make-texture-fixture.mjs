// Writes texture-metrics.json: small images (a textured photo, a hole mask, and three fills:
// the photo itself, a blurred fill, a noisy fill) with the texture metrics @inpaint/core
// computes for them. packages/core/test/texture-metrics.test.ts and
// training/test_texture_metrics.py both check their numbers against this file, so the two
// implementations stay one definition.   node packages/test-fixtures/texture/make-texture-fixture.mjs
import { writeFileSync } from 'node:fs';
import { createRng } from '@inpaint/mask-gen';
import { sharpnessRatio, textureDistance } from '@inpaint/core';

const W = 23, H = 17; // odd sizes: the half scale drops a row and a column
const rng = createRng(7);
const photo = new Uint8Array(W * H * 3);
for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < 3; c++) {
  const stripes = (x + 2 * y + c) % 5 < 2 ? 60 : 0;
  photo[(y * W + x) * 3 + c] = Math.min(255, 80 + 30 * c + stripes + rng.int(0, 40));
}
const mask = new Uint8Array(W * H);
for (let y = 4; y < 13; y++) for (let x = 5; x < 17; x++) mask[y * W + x] = 255;
const blurred = photo.slice(), noisy = photo.slice();
for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
  if (!mask[y * W + x]) continue;
  for (let c = 0; c < 3; c++) {
    let s = 0, n = 0;
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
      const xx = Math.min(W - 1, Math.max(0, x + dx)), yy = Math.min(H - 1, Math.max(0, y + dy));
      s += photo[(yy * W + xx) * 3 + c]; n++;
    }
    blurred[(y * W + x) * 3 + c] = Math.round(s / n);
    noisy[(y * W + x) * 3 + c] = Math.min(255, Math.max(0, photo[(y * W + x) * 3 + c] + rng.int(-60, 60)));
  }
}
const img = (data) => ({ width: W, height: H, channels: 3, data });
const cases = Object.entries({ same: photo, blurred, noisy }).map(([name, fill]) => ({
  name, fill: [...fill],
  sharpnessRatio: sharpnessRatio(img(fill), img(photo), { mask }),
  textureDistance: textureDistance(img(fill), img(photo), { mask }),
}));
writeFileSync(new URL('./texture-metrics.json', import.meta.url), `${JSON.stringify({ width: W, height: H, channels: 3, photo: [...photo], mask: [...mask], cases })}\n`);
console.log(cases.map((c) => `${c.name}: sharpness ${c.sharpnessRatio.toFixed(4)}, texture distance ${c.textureDistance.toFixed(4)}`).join('\n'));
