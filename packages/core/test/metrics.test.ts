import test from 'ava';
import type { RawImage } from '../src/index.js';
import { l1, psnr, ssim } from '../src/index.js';
import { randomImage } from './helpers.js';

const flat = (w: number, h: number, v: number, channels: 1 | 3 | 4 = 3): RawImage => ({ width: w, height: h, channels, data: new Uint8Array(w * h * channels).fill(v) });

test('identities: equal images give L1 0, PSNR Infinity, SSIM 1', (t) => {
  const a = randomImage(32, 24, 3);
  t.is(l1(a, a), 0);
  t.is(psnr(a, a), Infinity);
  t.true(Math.abs(ssim(a, a) - 1) < 1e-12);
});

test('hand-computed values: constant offsets', (t) => {
  // every sample differs by 51 = 20 % of 255
  t.true(Math.abs(l1(flat(16, 16, 100), flat(16, 16, 151)) - 20) < 1e-9);
  // MSE 100 → 10·log10(255² / 100) = 28.1308 dB
  t.true(Math.abs(psnr(flat(16, 16, 100), flat(16, 16, 110)) - 28.130803608679106) < 1e-9);
  // constant images: no variance, SSIM = luminance term (2·μx·μy + C1) / (μx² + μy² + C1)
  const c1 = (0.01 * 255) ** 2;
  const want = (2 * 100 * 150 + c1) / (100 * 100 + 150 * 150 + c1);
  t.true(Math.abs(ssim(flat(20, 20, 100), flat(20, 20, 150)) - want) < 1e-12);
});

test('alpha is ignored, hole-only metrics count only the hole', (t) => {
  const a = flat(16, 16, 100, 4);
  const b = flat(16, 16, 100, 4);
  for (let p = 0; p < 256; p++) b.data[p * 4 + 3] = 0; // alpha differs everywhere
  t.is(l1(a, b), 0);
  // one 4x4 block differs by 51
  const c = flat(16, 16, 100);
  const d = flat(16, 16, 100);
  const mask = new Uint8Array(256);
  for (let y = 4; y < 8; y++) for (let x = 4; x < 8; x++) { mask[y * 16 + x] = 255; for (let ch = 0; ch < 3; ch++) d.data[(y * 16 + x) * 3 + ch] = 151; }
  t.true(Math.abs(l1(c, d, { mask }) - 20) < 1e-9);
  t.true(Math.abs(l1(c, d) - 20 * 16 / 256) < 1e-9);
  t.true(psnr(c, d, { mask }) < psnr(c, d));
});

test('SSIM falls with noise and is symmetric', (t) => {
  const a = randomImage(40, 40, 3, 1);
  const noisy: RawImage = { ...a, data: a.data.map((v, i) => Math.min(255, Math.max(0, v + ((i * 7919) % 41) - 20))) };
  const s = ssim(a, noisy);
  t.true(s < 0.99 && s > 0);
  t.true(Math.abs(s - ssim(noisy, a)) < 1e-12);
  t.throws(() => ssim(flat(8, 8, 1), flat(8, 8, 1)), { message: /at least 11x11/ });
  t.throws(() => l1(flat(8, 8, 1), flat(9, 8, 1)), { message: /one size/ });
});
