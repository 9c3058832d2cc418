import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { l1, psnr, sharpnessRatio, ssim, textureDistance } from '@inpaint/core';
import type { RawImage } from '@inpaint/core';
import { TINY, cli, tempDir, write } from '../helpers.js';

async function tile(png: string, index: number, size: number): Promise<RawImage> {
  const { data } = await sharp(png).extract({ left: index * (size + 4), top: 0, width: size, height: size }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: size, height: size, channels: 3 };
}

test('eval on two tiny images: baselines are exact on flat images, the JSON matches metrics recomputed from the saved tiles', async (t) => {
  const d = tempDir();
  for (const [name, colour] of [['a.png', { r: 120, g: 60, b: 200 }], ['b.png', { r: 10, g: 240, b: 90 }]] as const) {
    write(join(d, 'img', name), await sharp({ create: { width: 40, height: 40, channels: 3, background: colour } }).png().toBuffer());
  }
  const r = await cli(['eval', '--images', join(d, 'img'), '--size', '32', '--model', TINY, '--json', join(d, 'r.json'), '--save', join(d, 'save'), '--seed', '3']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /\| holes \| model-texture L1 % \/ PSNR \/ SSIM \/ sharpness \/ texture distance \/ ms \| model-smooth .* \| telea/);
  const res = JSON.parse(readFileSync(join(d, 'r.json'), 'utf8')) as { buckets: { range: number[]; methods: Record<string, { l1: number; psnr: number; ssim: number; sharpness: number; textureDistance: number; ms: number }> }[]; images: string[]; model: Record<string, string>; machine: { cores: number } };
  t.is(res.buckets.length, 6);
  t.deepEqual(res.buckets[0].range, [0.01, 0.1]);
  t.deepEqual(res.images, ['a.png', 'b.png']);
  t.is(res.model.architecture, 'pconv-unet');
  t.true(res.machine.cores >= 1);
  for (const b of res.buckets) {
    // a flat image is filled by diffusion up to rounding (±1 level): near-zero error
    for (const m of ['telea', 'ns']) {
      const s = b.methods[m];
      t.true(s.l1 < 0.5 && s.psnr > 40 && s.ssim > 0.98, `${m} ${JSON.stringify(s)}`);
    }
  }
  // recompute bucket 2's scores of the default fill from the saved rows: [masked, texture, smooth, telea, ns, ground truth]
  const scores = await Promise.all(['a', 'b'].map(async (stem) => {
    const row = join(d, 'save', `${stem}-b2-r0.png`);
    const [masked, out, gt] = [await tile(row, 0, 32), await tile(row, 1, 32), await tile(row, 5, 32)];
    // the masked input shows the holes in white (these flat photos have no white of their own)
    const mask = new Uint8Array(32 * 32).map((_, p) => (masked.data[p * 3] === 255 && masked.data[p * 3 + 1] === 255 && masked.data[p * 3 + 2] === 255 ? 255 : 0));
    return { l1: l1(out, gt), psnr: Math.min(100, psnr(out, gt)), ssim: ssim(out, gt), sharpness: sharpnessRatio(out, gt, { mask }), textureDistance: textureDistance(out, gt, { mask }) };
  }));
  const mean = (k: 'l1' | 'psnr' | 'ssim' | 'sharpness' | 'textureDistance') => (scores[0][k] + scores[1][k]) / 2;
  const got = res.buckets[2].methods['model-texture'];
  t.true(Math.abs(got.l1 - mean('l1')) < 1e-3, `${got.l1} vs ${mean('l1')}`);
  t.true(Math.abs(got.psnr - mean('psnr')) < 1e-3);
  t.true(Math.abs(got.ssim - mean('ssim')) < 1e-3);
  t.true(Math.abs(got.sharpness - mean('sharpness')) < 1e-3, `${got.sharpness} vs ${mean('sharpness')}`);
  t.true(Math.abs(got.textureDistance - mean('textureDistance')) < 1e-3, `${got.textureDistance} vs ${mean('textureDistance')}`);
  t.true(got.l1 > 0, 'the untrained test model is not exact');
  t.true(readdirSync(join(d, 'save')).includes('grid.png'));
});

test('eval --model scores a model file users bring (a graph with LaMa\'s signature) on the same protocol', async (t) => {
  const { ADAPTER_MODELS } = await import('@inpaint/test-fixtures');
  const d = tempDir();
  write(join(d, 'img', 'a.png'), await sharp({ create: { width: 40, height: 40, channels: 3, background: { r: 51, g: 153, b: 230 } } }).png().toBuffer());
  const r = await cli(['eval', '--images', join(d, 'img'), '--size', '32', '--model', ADAPTER_MODELS.lama, '--baselines', 'none', '--detail', 'smooth', '--json', join(d, 'r.json')]);
  t.is(r.code, 0, r.stderr);
  const res = JSON.parse(readFileSync(join(d, 'r.json'), 'utf8')) as { model: Record<string, string>; buckets: { methods: Record<string, { psnr: number }> }[] };
  t.is(res.model.format, 'lama');
  // the graph fills with exactly this photo's colour: every fill is exact (PSNR capped at 100)
  for (const b of res.buckets) t.true(b.methods['model-smooth'].psnr > 45, String(b.methods['model-smooth'].psnr));
});
