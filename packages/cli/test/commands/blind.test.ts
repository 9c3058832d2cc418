import test from 'ava';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { InvalidParameterError } from '@inpaint/core';
import type { RawImage } from '@inpaint/core';
import { createMask } from '@inpaint/mask-gen';
import type { Mask } from '@inpaint/mask-gen';
import { BlindWriter, formatBlindScore, parseGuesses, scoreBlind } from '../../src/commands/blind.js';
import type { BlindKey } from '../../src/commands/blind.js';
import { cropOf } from '../../src/report/crops.js';
import { cli, tempDir } from '../helpers.js';

/** A 96×72 photo-like image (its own pattern per index) and a hole box in it. */
function scene(k: number): { original: RawImage; mask: Mask } {
  const width = 96, height = 72;
  const data = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    const x = p % width, y = Math.floor(p / width);
    data[p * 3] = (x * 3 + k * 40) % 256; data[p * 3 + 1] = (y * 3 + x) % 256; data[p * 3 + 2] = (x * y + k * 7) % 256;
  }
  const mask = createMask(width, height);
  for (let y = 20 + k; y < 40 + k; y++) mask.data.fill(255, y * width + 30, y * width + 60);
  return { original: { width, height, channels: 3, data }, mask };
}

/** The image with its hole pixels set to one value: a fill that is easy to tell from the photo. */
function filled(s: { original: RawImage; mask: Mask }, v: number): RawImage {
  const data = s.original.data.slice();
  for (let p = 0; p < s.mask.data.length; p++) if (s.mask.data[p]) data.fill(v, p * 3, p * 3 + 3);
  return { ...s.original, data };
}

async function sides(file: string): Promise<{ width: number; left: Uint8Array; right: Uint8Array; gap: Uint8Array }> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  const w = (info.width - 4) / 2;
  const take = (x0: number, cw: number) => {
    const out = new Uint8Array(cw * info.height * 3);
    for (let y = 0; y < info.height; y++) out.set(data.subarray((y * info.width + x0) * 3, (y * info.width + x0 + cw) * 3), y * cw * 3);
    return out;
  };
  return { width: w, left: take(0, w), right: take(w + 4, w), gap: take(w, 4) };
}

const bytes = (v: ArrayBufferView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
const equal = (a: ArrayBufferView, b: ArrayBufferView) => bytes(a).equals(bytes(b));

async function writeSet(dir: string, arms: string[], seed: number, n = 6): Promise<BlindKey> {
  const blind = await BlindWriter.create(dir, { arms, seed, total: n });
  for (let k = 0; k < n; k++) {
    const s = scene(k);
    await blind.add({ photo: `photo-${k}.png`, holes: k < 3 ? 'strokes 0.02–0.05' : 'objects 0.03–0.08', repeat: 0, ...s, fills: { texture: filled(s, 0), 'gmic-matchpatch': filled(s, 255) } });
  }
  return blind.finish();
}

test('photo against fill: each pair shows the photo and the fill at 100 % on the sides the key names, a blank gap between, order and sides from the seed', async (t) => {
  const dir = tempDir();
  const key = await writeSet(dir, ['texture'], 7);
  t.is(key.mode, 'photo-vs-fill');
  t.deepEqual(key.holes, ['strokes 0.02–0.05', 'objects 0.03–0.08']);
  t.deepEqual(readdirSync(dir).sort(), ['guesses.txt', 'key.json', ...[1, 2, 3, 4, 5, 6].map((n) => `pair-00${n}.png`)]);
  t.deepEqual(JSON.parse(readFileSync(join(dir, 'key.json'), 'utf8')), key);
  const photoSides = new Set<string>();
  for (const p of key.pairs) {
    const k = Number(/photo-(\d)/.exec(p.photo)![1]);
    const s = scene(k);
    const expect = (side: string) => cropOf(side === 'photo' ? s.original : filled(s, 0), p.crop).data;
    const got = await sides(join(dir, `${p.pair}.png`));
    t.is(got.width, 96, 'no scaling: the whole 96×72 image at 100 %');
    t.true(equal(got.left, expect(p.left)), `${p.pair} left is ${p.left}`);
    t.true(equal(got.right, expect(p.right)), `${p.pair} right is ${p.right}`);
    t.false(equal(got.left, got.right), 'the two sides differ (in the hole)');
    t.true(got.gap.every((v) => v === 255), 'a plain white gap, no outline');
    t.deepEqual([p.left, p.right].sort(), ['photo', 'texture']);
    photoSides.add(p.left);
  }
  t.is(photoSides.size, 2, 'the photo is on the left in some pairs, on the right in others');
  t.deepEqual(new Set(key.pairs.map((p) => p.photo)).size, 6);
  // the same seed: the same numbering and sides; another seed: another
  const again = await writeSet(tempDir(), ['texture'], 7);
  t.deepEqual(again.pairs, key.pairs);
  const otherDir = tempDir();
  const other = await writeSet(otherDir, ['texture'], 8);
  t.notDeepEqual(other.pairs.map((p) => [p.photo, p.left]), key.pairs.map((p) => [p.photo, p.left]));
  // the template tells nothing: one line 'pair-NNN ?' per pair, the same text whatever the seed
  const template = readFileSync(join(dir, 'guesses.txt'), 'utf8');
  t.deepEqual(template.split('\n').filter((l) => l && !l.startsWith('#')), key.pairs.map((p) => `${p.pair} ?`));
  t.is(template, readFileSync(join(otherDir, 'guesses.txt'), 'utf8'));
  t.regex(template, /Which side is the real photo\?/);
});

test('fill against fill: both arms\' fills, on the sides the key names; a folder with a blind test in it is refused', async (t) => {
  const dir = tempDir();
  const key = await writeSet(dir, ['texture', 'gmic-matchpatch'], 1, 4);
  t.is(key.mode, 'a-b');
  for (const p of key.pairs) {
    const s = scene(Number(/photo-(\d)/.exec(p.photo)![1]));
    const fill = (arm: string) => cropOf(filled(s, arm === 'texture' ? 0 : 255), p.crop).data;
    const got = await sides(join(dir, `${p.pair}.png`));
    t.true(equal(got.left, fill(p.left)) && equal(got.right, fill(p.right)), p.pair);
    t.deepEqual([p.left, p.right].sort(), ['gmic-matchpatch', 'texture']);
  }
  t.regex(readFileSync(join(dir, 'guesses.txt'), 'utf8'), /Which side looks more natural\?/);
  await t.throwsAsync(BlindWriter.create(dir, { arms: ['texture'], seed: 0, total: 1 }), { instanceOf: InvalidParameterError, message: /key\.json/ });
  await t.throwsAsync(BlindWriter.create(tempDir(), { arms: ['texture', 'texture'], seed: 0, total: 1 }), { instanceOf: InvalidParameterError });
  await t.throwsAsync(BlindWriter.create(tempDir(), { arms: ['a', 'b', 'c'], seed: 0, total: 1 }), { instanceOf: InvalidParameterError });
});

/** A hand-written key: five pairs in two buckets. */
function handKey(mode: 'photo-vs-fill' | 'a-b'): BlindKey {
  const crop = { left: 0, top: 0, width: 8, height: 8 };
  const [a, b] = mode === 'photo-vs-fill' ? ['photo', 'texture'] : ['complete', 'gmic-matchpatch'];
  const pair = (n: number, holes: string, left: string, right: string) => ({ pair: `pair-00${n}`, photo: `p${n}.jpg`, holes, repeat: 0, crop, left, right });
  return {
    mode, arms: mode === 'photo-vs-fill' ? ['texture'] : [a, b], question: '?', seed: 0, holes: ['strokes 0.02–0.05', 'objects 0.03–0.08'],
    pairs: [
      pair(1, 'strokes 0.02–0.05', a, b),
      pair(2, 'objects 0.03–0.08', b, a),
      pair(3, 'strokes 0.02–0.05', b, a),
      pair(4, 'objects 0.03–0.08', a, b),
      pair(5, 'objects 0.03–0.08', a, b),
    ],
  };
}

function handSet(mode: 'photo-vs-fill' | 'a-b', guesses: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'key.json'), JSON.stringify(handKey(mode)));
  writeFileSync(join(dir, 'guesses.txt'), guesses);
  return dir;
}

test('photo against fill: the score counts how often the fill was taken for the photo, per bucket and in all; score.json', async (t) => {
  // pair 1: photo L, guess R → fooled; 2: photo R, guess R → found; 3: photo R, guess L → fooled; 4: photo L, guess L; 5: photo L, guess R → fooled
  const dir = handSet('photo-vs-fill', '# comments and blank lines are ignored\n\npair-001 R\npair-002 r\npair-003 L\npair-004 l\npair-005.png R\n');
  const s = await scoreBlind(dir);
  t.deepEqual(s.rows, [
    { holes: 'strokes 0.02–0.05', pairs: 2, fillTakenForPhoto: 2, fillTakenForPhotoPercent: 100 },
    { holes: 'objects 0.03–0.08', pairs: 3, fillTakenForPhoto: 1, fillTakenForPhotoPercent: 33.3 },
    { holes: 'all', pairs: 5, fillTakenForPhoto: 3, fillTakenForPhotoPercent: 60 },
  ]);
  t.deepEqual(JSON.parse(readFileSync(join(dir, 'score.json'), 'utf8')), s);
  t.regex(formatBlindScore(s), /\| all \| 5 \| 3 \(60\.0 %\) \|/);
});

test('fill against fill: the score counts how often each arm was preferred', async (t) => {
  // sides (left, right): 1 complete|gmic, 2 gmic|complete, 3 gmic|complete, 4 complete|gmic, 5 complete|gmic
  const dir = handSet('a-b', 'pair-001 L\npair-002 L\npair-003 R\npair-004 L\npair-005 R\n');
  const s = await scoreBlind(dir);
  t.deepEqual(s.rows.map((r) => [r.holes, r.pairs, r.preferred]), [
    ['strokes 0.02–0.05', 2, { complete: 2, 'gmic-matchpatch': 0 }],
    ['objects 0.03–0.08', 3, { complete: 1, 'gmic-matchpatch': 2 }],
    ['all', 5, { complete: 3, 'gmic-matchpatch': 2 }],
  ]);
  t.regex(formatBlindScore(s), /\| all \| 5 \| 3 \(60\.0 %\) \| 2 \(40\.0 %\) \|/);
});

test('guesses still at ?, missing, or not L or R are an error naming the pairs', async (t) => {
  const pairs = ['pair-001', 'pair-002', 'pair-003'];
  t.throws(() => parseGuesses('pair-001 L\npair-002 ?\npair-003 ?\n', pairs), { instanceOf: InvalidParameterError, message: /2 pairs: pair-002, pair-003/ });
  t.throws(() => parseGuesses('pair-001 L\npair-002 R\n', pairs), { instanceOf: InvalidParameterError, message: /no line for pair-003/ });
  t.throws(() => parseGuesses('pair-001 L\npair-002 R\npair-003 left\n', pairs), { instanceOf: InvalidParameterError, message: /pair-003 left/ });
  t.throws(() => parseGuesses('pair-001 L\npair-002 R\npair-003 R\npair-009 R\n', pairs), { instanceOf: InvalidParameterError, message: /pair-009/ });
  await t.throwsAsync(scoreBlind(handSet('a-b', 'pair-001 L\npair-002 ?\npair-003 R\npair-004 ?\npair-005 R\n')), { instanceOf: InvalidParameterError, message: /pair-002, pair-004/ });
  await t.throwsAsync(scoreBlind(tempDir()), { instanceOf: InvalidParameterError, message: /key\.json/ });
});

test('inpaint eval --blind-score prints the counts (exit 0), and names the pairs without a guess (exit 2)', async (t) => {
  const ok = await cli(['eval', '--blind-score', handSet('photo-vs-fill', 'pair-001 R\npair-002 R\npair-003 L\npair-004 L\npair-005 R\n')]);
  t.is(ok.code, 0, ok.stderr);
  t.regex(ok.stdout, /\| objects 0\.03–0\.08 \| 3 \| 1 \(33\.3 %\) \|/);
  const open = await cli(['eval', '--blind-score', handSet('photo-vs-fill', 'pair-001 R\npair-002 ?\npair-003 L\npair-004 L\npair-005 ?\n')]);
  t.is(open.code, 2);
  t.regex(open.stderr, /pair-002, pair-005/);
});
