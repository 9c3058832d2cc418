import test from 'ava';
import { l1, psnr, sharpnessRatio, ssim, textureDistance } from '@inpaint/core';
import type { RawImage } from '@inpaint/core';
import { createMask } from '@inpaint/mask-gen';
import { PSNR_CAP, ScoreTotals } from '../../src/commands/eval-scores.js';

const W = 24, H = 24;
/** A textured photo: gradients and a checker. */
const photo: RawImage = { data: new Uint8Array(W * H * 3).map((_, i) => { const p = Math.floor(i / 3), x = p % W, y = Math.floor(p / W); return (i % 3 === 0 ? x * 10 : i % 3 === 1 ? y * 10 : ((x + y) % 2) * 200) & 255; }), width: W, height: H, channels: 3 };
const mask = createMask(W, H);
for (let y = 8; y < 16; y++) mask.data.fill(255, y * W + 8, y * W + 16);
/** The photo with its hole filled flat grey, and with it filled at a slight offset. */
const fill = (f: (v: number) => number): RawImage => ({ ...photo, data: photo.data.map((v, i) => (mask.data[Math.floor(i / 3)] ? f(v) : v)) });
const grey = fill(() => 128), near = fill((v) => Math.min(255, v + 3));

test('the means of the fills added: core\'s metrics of each fill, averaged, 4 decimals; ms to 1', (t) => {
  const totals = new ScoreTotals();
  totals.add(grey, photo, mask, 10.04);
  totals.add(near, photo, mask, 20.02);
  const mean = totals.mean();
  const expect = (f: (out: RawImage) => number) => Math.round(((f(grey) + f(near)) / 2) * 1e4) / 1e4;
  t.is(mean.l1, expect((o) => l1(o, photo)));
  t.is(mean.psnr, expect((o) => psnr(o, photo)));
  t.is(mean.ssim, expect((o) => ssim(o, photo)));
  t.is(mean.sharpness, expect((o) => sharpnessRatio(o, photo, { mask })));
  t.is(mean.textureDistance, expect((o) => textureDistance(o, photo, { mask })));
  t.is(mean.ms, 15);
  t.true(mean.l1 > 0 && mean.psnr > 10 && mean.ssim < 1, JSON.stringify(mean));
});

test('an exact fill counts as PSNR_CAP dB, so that averages and the JSON stay finite', (t) => {
  t.is(psnr(photo, photo), Infinity);
  const totals = new ScoreTotals();
  totals.add(photo, photo, mask, 1);
  totals.add(near, photo, mask, 1);
  t.is(totals.mean().psnr, Math.round(((PSNR_CAP + psnr(near, photo)) / 2) * 1e4) / 1e4);
  t.is(PSNR_CAP, 100);
  t.true(Number.isFinite(totals.mean().psnr));
});
