import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { l1, psnr, sharpnessRatio, ssim, textureDistance } from '@inpaint/core';
import type { RawImage } from '@inpaint/core';
import { PCONV_BUCKETS, evaluationMask } from '@inpaint/mask-gen';
import { gmicPath, inpaintBaseline } from '../../src/baselines.js';
import type { BlindKey } from '../../src/commands/blind.js';
import type { EvalResult } from '../../src/commands/eval.js';
import { loadEvalImages } from '../../src/commands/eval-images.js';
import { TINY, cli, photo, tempDir, write } from '../helpers.js';

async function tile(png: string, index: number, size: number): Promise<RawImage> {
  const { data } = await sharp(png).extract({ left: index * (size + 4), top: 0, width: size, height: size }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: size, height: size, channels: 3 };
}

test('eval on two tiny images: baselines are exact on flat images, the JSON matches metrics recomputed from the saved tiles', async (t) => {
  const d = tempDir();
  for (const [name, colour] of [['a.png', { r: 120, g: 60, b: 200 }], ['b.png', { r: 10, g: 240, b: 90 }]] as const) {
    write(join(d, 'img', name), await sharp({ create: { width: 40, height: 40, channels: 3, background: colour } }).png().toBuffer());
  }
  // the OpenCV baselines only: the G'MIC ones have tests of their own below
  const r = await cli(['eval', '--images', join(d, 'img'), '--size', '32', '--model', TINY, '--json', join(d, 'r.json'), '--save', join(d, 'save'), '--seed', '3', '--baselines', 'telea,ns']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /\| holes \| model-auto L1 % \/ PSNR \/ SSIM \/ sharpness \/ texture distance \/ ms \| model-smooth .* \| telea/);
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
  const got = res.buckets[2].methods['model-auto'];
  t.true(Math.abs(got.l1 - mean('l1')) < 1e-3, `${got.l1} vs ${mean('l1')}`);
  t.true(Math.abs(got.psnr - mean('psnr')) < 1e-3);
  t.true(Math.abs(got.ssim - mean('ssim')) < 1e-3);
  t.true(Math.abs(got.sharpness - mean('sharpness')) < 1e-3, `${got.sharpness} vs ${mean('sharpness')}`);
  t.true(Math.abs(got.textureDistance - mean('textureDistance')) < 1e-3, `${got.textureDistance} vs ${mean('textureDistance')}`);
  // the untrained test model strays from a flat colour; the default clamp stage holds its fill to the colour around it
  t.true(got.l1 < 0.5 && got.psnr > 40, `the clamped fill of a flat photo is the flat colour: ${JSON.stringify(got)}`);
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

test('eval --native: thin strokes and objects, rows labelled with the kind; without gmic on PATH its baselines are skipped and said so', async (t) => {
  const d = tempDir();
  write(join(d, 'img', 'a.png'), await photo(120, 80, 'png'));
  const r = await cli(['eval', '--native', '--images', join(d, 'img'), '--model', TINY, '--detail', 'smooth', '--baselines', 'gmic-patch,gmic-matchpatch',
    '--json', join(d, 'r.json'), '--save', join(d, 'save')], process.cwd(), { PATH: '/nonexistent' });
  t.is(r.code, 0, r.stderr);
  t.regex(r.stderr, /gmic is not on PATH: skipping gmic-patch, gmic-matchpatch/);
  const res = JSON.parse(readFileSync(join(d, 'r.json'), 'utf8')) as EvalResult;
  t.deepEqual(res.holes, ['strokes', 'objects']);
  t.deepEqual(res.buckets.map((b) => [b.kind, b.label, b.range]), [
    ['strokes', 'strokes 0.02–0.05', [0.02, 0.05]],
    ['objects', 'objects 0.03–0.08', [0.03, 0.08]],
    ['objects', 'objects 0.08–0.15', [0.08, 0.15]],
    ['objects', 'objects 0.15–0.25', [0.15, 0.25]],
  ]);
  for (const b of res.buckets) t.deepEqual(Object.keys(b.methods), ['model-smooth']);
  t.is(res.nondeterministic, undefined);
  t.regex(r.stdout, /\| strokes 0\.02–0\.05 \| [\d.]+ \//);
  t.regex(r.stdout, /\| objects 0\.15–0\.25 \| /);
  // --save: the strokes' row beside the object rows, whose names are as before
  t.deepEqual(readdirSync(join(d, 'save')).sort(), ['a-b0-r0.png', 'a-b1-r0.png', 'a-b2-r0.png', 'a-strokes-b0-r0.png']);

  const objects = await cli(['eval', '--native', '--holes', 'objects', '--images', join(d, 'img'), '--model', TINY, '--detail', 'smooth', '--baselines', 'none', '--json', join(d, 'o.json')]);
  t.is(objects.code, 0, objects.stderr);
  t.deepEqual((JSON.parse(readFileSync(join(d, 'o.json'), 'utf8')) as EvalResult).buckets.map((b) => b.label), ['objects 0.03–0.08', 'objects 0.08–0.15', 'objects 0.15–0.25']);
});

const gmic = gmicPath();
(gmic ? test : test.skip)(`eval with G'MIC's baselines: their columns, their time, the note that they are not deterministic${gmic ? '' : ' (skipped: gmic is not on PATH; apt-get install gmic)'}`, async (t) => {
  const d = tempDir();
  write(join(d, 'img', 'a.png'), await photo(120, 80, 'png'));
  const r = await cli(['eval', '--native', '--holes', 'strokes', '--images', join(d, 'img'), '--model', TINY, '--detail', 'smooth', '--baselines', 'gmic-patch,gmic-matchpatch', '--json', join(d, 'r.json')]);
  t.is(r.code, 0, r.stderr);
  const res = JSON.parse(readFileSync(join(d, 'r.json'), 'utf8')) as EvalResult;
  t.deepEqual(Object.keys(res.buckets[0].methods), ['model-smooth', 'gmic-patch', 'gmic-matchpatch']);
  for (const m of ['gmic-patch', 'gmic-matchpatch']) {
    const s = res.buckets[0].methods[m];
    t.true(s.ms > 0 && s.psnr > 10 && s.psnr < 100, `${m} ${JSON.stringify(s)}`);
  }
  t.deepEqual(res.nondeterministic, ['gmic-patch', 'gmic-matchpatch']);
  t.regex(r.stdout, /gmic-patch, gmic-matchpatch: G'MIC's fills are not deterministic/);
});

test('eval --blind: one pair per fill, the photo beside the arm\'s fill at 100 % on the sides of the key; guesses.txt to fill in', async (t) => {
  const d = tempDir();
  write(join(d, 'img', 'a.png'), await photo(40, 40, 'png', 3));
  const blind = join(d, 'blind');
  const r = await cli(['eval', '--images', join(d, 'img'), '--size', '32', '--model', TINY, '--detail', 'smooth', '--baselines', 'telea', '--blind', blind, '--blind-arm', 'telea', '--seed', '2']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stderr, /blind test: 6 pairs/);
  const key = JSON.parse(readFileSync(join(blind, 'key.json'), 'utf8')) as BlindKey;
  t.is(key.mode, 'photo-vs-fill');
  t.deepEqual(key.arms, ['telea']);
  t.deepEqual(key.pairs.map((p) => p.pair), ['pair-001', 'pair-002', 'pair-003', 'pair-004', 'pair-005', 'pair-006']);
  t.deepEqual(new Set(key.pairs.map((p) => p.holes)).size, 6, 'one pair per bucket');
  const { images: [gt] } = await loadEvalImages(join(d, 'img'), 32);
  for (const p of key.pairs) {
    const { data, info } = await sharp(join(blind, `${p.pair}.png`)).raw().toBuffer({ resolveWithObject: true });
    t.deepEqual([info.width, info.height], [32 + 4 + 32, 32]);
    const side = (x0: number) => Buffer.concat(Array.from({ length: 32 }, (_, y) => data.subarray((y * info.width + x0) * 3, (y * info.width + x0 + 32) * 3)));
    const photoSide = p.left === 'photo' ? side(0) : side(36), fillSide = p.left === 'photo' ? side(36) : side(0);
    t.true(photoSide.equals(Buffer.from(gt.data)), `${p.pair}: the photo's side is the photo`);
    // the fill's side is Telea's fill of this pair's mask (OpenCV is deterministic)
    const bucket = PCONV_BUCKETS.findIndex(([lo, hi]) => p.holes === `${lo}–${hi}`);
    const mask = evaluationMask({ size: 32, seed: 2, image: 0, bucket });
    const input = gt.data.slice();
    for (let q = 0; q < mask.data.length; q++) if (mask.data[q]) input.fill(0, q * 3, q * 3 + 3);
    const telea = await inpaintBaseline('telea', { ...gt, data: input }, mask.data);
    t.true(fillSide.equals(Buffer.from(telea.data)), `${p.pair}: the fill's side is Telea's fill`);
    t.false(fillSide.equals(Buffer.from(gt.data)), `${p.pair}: the fill's side is not the photo`);
  }
  t.deepEqual(readFileSync(join(blind, 'guesses.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')), key.pairs.map((p) => `${p.pair} ?`));
});

test('eval usage errors exit 2: no --images, --holes without --native, a --blind-arm this run does not fill or without --blind', async (t) => {
  const d = tempDir();
  write(join(d, 'img', 'a.png'), await photo(40, 40, 'png'));
  const img = join(d, 'img');
  for (const [args, message] of [
    [['eval'], /--images/],
    [['eval', '--images', img, '--holes', 'strokes'], /only with --native.*--holes/],
    [['eval', '--images', img, '--model', TINY, '--baselines', 'none', '--blind', join(d, 'b'), '--blind-arm', 'attention'], /--blind-arm.*attention/],
    [['eval', '--images', img, '--blind-arm', 'texture'], /a --blind folder.*for --blind-arm/],
  ] as const) {
    const r = await cli([...args]);
    t.is(r.code, 2, args.join(' '));
    t.regex(r.stderr, message, args.join(' '));
  }
});
