import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inpainter, InvalidParameterError } from '@inpaint/core';
import { TINY_MODEL } from '@inpaint/test-fixtures';
import sharp from 'sharp';
import type { FileOutcome } from '../src/run-files.js';
import { GIVEN_MASK, NO_BOXES, NO_MASK, createFileRunner, isLabelledMask, runFiles } from '../src/run-files.js';
import { parseYolo } from '../src/labels.js';
import { tempDir, write } from './helpers.js';

const inpainter = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
test.after.always(() => inpainter.dispose());
const W = 40, H = 30;
const photo = async () => {
  const raw = Buffer.alloc(W * H * 3);
  // noise, not a periodic pattern: a fill made of the photo's own patches could give a periodic one back exactly
  for (let i = 0; i < raw.length; i++) raw[i] = Math.imul(i + 1, 2654435761) >>> 24;
  return sharp(raw, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
};
const mask = () => sharp({ create: { width: W, height: H, channels: 3, background: '#000' } }).composite([{ input: { create: { width: 10, height: 8, channels: 3, background: '#fff' } }, left: 12, top: 10 }]).png().toBuffer();

async function all(it: AsyncIterable<FileOutcome>): Promise<FileOutcome[]> {
  const out: FileOutcome[] = [];
  for await (const o of it) out.push(o);
  return out;
}

test('runFiles pairs, skips an unmasked file, writes the others under their names; existing outputs fail, skip or are replaced', async (t) => {
  const d = tempDir();
  write(join(d, 'in/a.png'), await photo());
  write(join(d, 'in/sub/b.png'), await photo());
  write(join(d, 'in/c.png'), await photo());
  write(join(d, 'masks/a.mask.png'), await mask());
  write(join(d, 'masks/sub/b.png'), await mask());
  const files = ['a.png', join('sub', 'b.png'), 'c.png'].map((relative) => ({ path: join(d, 'in', relative), relative }));
  const first = await all(runFiles(files, { masks: join(d, 'masks'), out: join(d, 'out'), suffix: '-x', concurrency: 2 }, inpainter));
  const by = (outcomes: FileOutcome[], name: string) => outcomes.find((o) => o.record.input.endsWith(name))!.record;
  t.like(by(first, 'a.png'), { status: 'ok', mask: join(d, 'masks/a.mask.png'), output: join(d, 'out/a-x.png') });
  t.like(by(first, 'b.png'), { status: 'ok', output: join(d, 'out/sub/b-x.png') });
  t.like(by(first, 'c.png'), { status: 'skipped', reason: NO_MASK, mask: null, output: null });
  t.true(existsSync(join(d, 'out/sub/b-x.png')));
  const written = readFileSync(join(d, 'out/a-x.png'));
  t.not((await sharp(written).raw().toBuffer()).compare(await sharp(await photo()).raw().toBuffer()), 0, 'the hole was filled');
  const again = await all(runFiles(files.slice(0, 1), { masks: join(d, 'masks'), out: join(d, 'out'), suffix: '-x' }, inpainter));
  t.like(again[0].record, { status: 'failed', reason: 'output exists; pass --overwrite to replace it or --skip-existing to resume' });
  const skipped = await all(runFiles(files.slice(0, 1), { masks: join(d, 'masks'), out: join(d, 'out'), suffix: '-x', skipExisting: true }, inpainter));
  t.like(skipped[0].record, { status: 'skipped' });
  const replaced = await all(runFiles(files.slice(0, 1), { masks: join(d, 'masks'), out: join(d, 'out'), suffix: '-x', overwrite: true }, inpainter));
  t.like(replaced[0].record, { status: 'ok' });
});

test('without an output folder the bytes come back; a given mask is recorded as given; missingMask error is a typed failure', async (t) => {
  const run = createFileRunner({ missingMask: 'error', format: 'webp' }, inpainter);
  const got = await run({ path: '/photos/a.png', relative: 'a.png', contents: await photo(), mask: await mask() });
  t.like(got.record, { status: 'ok', mask: GIVEN_MASK, output: '/photos/a.webp' });
  t.is((await sharp(got.data!).metadata()).format, 'webp');
  const none = await run({ path: '/photos/b.png', relative: 'b.png', contents: await photo(), mask: null });
  t.like(none.record, { status: 'failed', code: 'ERR_INVALID_MASK', role: 'mask', file: '/photos/b.png' });
  t.regex(none.record.reason!, /no mask pairs with b\.png/);
  t.is((none.error as { code?: string }).code, 'ERR_INVALID_MASK');
});

test('options are checked once, when the runner is made', (t) => {
  t.throws(() => createFileRunner({ dilate: -1 }, inpainter), { instanceOf: InvalidParameterError, message: /dilate/ });
  t.throws(() => createFileRunner({ missingMask: 'ignore' as 'skip' }, inpainter, 'options'), { instanceOf: InvalidParameterError, message: /options\.missingMask/ });
});

test('through a pool: a mask object the caller gives serves file after file, and one mask file serves every frame (nothing of theirs is moved away)', async (t) => {
  const { InpaintPool } = await import('@inpaint/core');
  const pool = await InpaintPool.create({ size: 1, model: TINY_MODEL });
  t.teardown(() => pool.dispose());
  const shared = { width: W, height: H, data: new Uint8Array(W * H) };
  for (let y = 10; y < 18; y++) shared.data.fill(255, y * W + 12, y * W + 22);
  const run = createFileRunner({}, pool);
  for (const name of ['a.png', 'b.png']) t.like((await run({ path: `/p/${name}`, contents: await photo(), mask: shared })).record, { status: 'ok', inpaint: { holePixels: 80 } });
  t.is(shared.data.length, W * H, 'the caller’s mask is still whole');
  const d = tempDir();
  write(join(d, 'm.png'), await mask());
  const frames = Buffer.concat([Buffer.alloc(W * H * 3, 40), Buffer.alloc(W * H * 3, 200)]);
  const gif = await sharp(frames, { raw: { width: W, height: H * 2, channels: 3, pageHeight: H } }).gif().toBuffer();
  t.like((await run({ path: '/p/anim.gif', contents: gif, mask: join(d, 'm.png') })).record, { status: 'ok', inpaint: { frames: 2, holePixels: 160 } });
});

/** Which pixels of an output differ from the photo's. */
async function changed(output: Buffer, input: Buffer): Promise<Uint8Array> {
  const a = await sharp(input).removeAlpha().raw().toBuffer(), b = await sharp(output).removeAlpha().raw().toBuffer();
  const out = new Uint8Array(W * H);
  for (let p = 0; p < out.length; p++) out[p] = a[p * 3] !== b[p * 3] || a[p * 3 + 1] !== b[p * 3 + 1] || a[p * 3 + 2] !== b[p * 3 + 2] ? 1 : 0;
  return out;
}
const inBox = (p: number, [x, y, w, h]: number[]) => p % W >= x && p % W < x + w && Math.floor(p / W) >= y && Math.floor(p / W) < y + h;

test('boxes: YOLO txt and JSON files paired by name become the masks; pixels change inside the boxes only; no labels is skipped (or an error); classes pick', async (t) => {
  const d = tempDir();
  for (const name of ['a.png', 'b.png', 'c.png']) write(join(d, 'in', name), await photo());
  write(join(d, 'labels/a.txt'), '0 0.5 0.5 0.25 0.2\n3 0.1 0.1 0.1 0.1\n'); // 10x6 at (15, 12); class 3 in a corner
  write(join(d, 'labels/b.json'), '[[2, 3, 8, 6]]');
  const files = ['a.png', 'b.png', 'c.png'].map((relative) => ({ path: join(d, 'in', relative), relative }));
  const out = await all(runFiles(files, { boxes: join(d, 'labels'), classes: [0], out: join(d, 'out') }, inpainter));
  const by = (name: string) => out.find((o) => o.record.input.endsWith(name))!.record;
  t.like(by('a.png'), { status: 'ok', mask: join(d, 'labels/a.txt') });
  t.like(by('b.png'), { status: 'ok', mask: join(d, 'labels/b.json') });
  t.like(by('c.png'), { status: 'skipped', reason: NO_BOXES, mask: null });
  const input = await photo();
  for (const [name, box] of [['a.png', [15, 12, 10, 6]], ['b.png', [2, 3, 8, 6]]] as const) {
    const diff = await changed(readFileSync(join(d, 'out', name)), input);
    let inside = 0;
    for (let p = 0; p < diff.length; p++) if (diff[p]) { if (inBox(p, [...box])) inside++; else t.fail(`${name}: pixel ${p} outside its box changed`); }
    t.true(inside > box[2] * box[3] / 2, `${name}: ${inside} pixels of the box changed`);
  }
  t.false(inBox(0, [15, 12, 10, 6]));
  const strict = await all(runFiles(files.slice(2), { boxes: join(d, 'labels'), missingMask: 'error' }, inpainter));
  t.like(strict[0].record, { status: 'failed', code: 'ERR_INVALID_MASK' });
  t.regex(strict[0].record.reason!, /no boxes for c\.png/);
});

test('boxes: one COCO file, photos matched by file_name, polygons drawn and grown; a box across the edge is clipped with a warning in the record', async (t) => {
  const d = tempDir();
  write(join(d, 'in/a.png'), await photo());
  write(join(d, 'ann.json'), JSON.stringify({
    images: [{ id: 7, file_name: 'a.png' }],
    annotations: [{ image_id: 7, category_id: 1, bbox: [4, 4, 10, 10], segmentation: [[4, 4, 14, 4, 4, 14]] }, { image_id: 7, category_id: 1, bbox: [34, 24, 10, 10] }],
  }));
  const [{ record, data }] = await all(runFiles([{ path: join(d, 'in/a.png'), relative: 'a.png' }], { boxes: join(d, 'ann.json'), grow: 1 }, inpainter));
  t.like(record, { status: 'ok', mask: join(d, 'ann.json') });
  t.is(record.warnings.length, 1);
  t.regex(record.warnings[0], /box 1 \(34,24 to 44,34\) reaches outside the 40x30 image; clipped to it/);
  const diff = await changed(data!, await photo());
  t.is(diff[25 * W + 36], 1, 'the clipped box is filled');
  t.is(diff[12 * W + 12], 0, 'outside the triangle (grown by 1)');
  t.is(diff[5 * W + 5], 1, 'inside the triangle');
});

test('a file that brings its labels (a queued job) is in-painted as with the boxes option: same pixels, same record; no shapes is skipped as no boxes', async (t) => {
  const d = tempDir();
  write(join(d, 'in/a.png'), await photo());
  write(join(d, 'labels/a.txt'), '0 0.5 0.5 0.25 0.2\n0 0.95 0.5 0.2 0.2\n');
  const file = { path: join(d, 'in/a.png'), relative: 'a.png' };
  const [byOption] = await all(runFiles([file], { boxes: join(d, 'labels'), grow: 2 }, inpainter));
  const labels = parseYolo(readFileSync(join(d, 'labels/a.txt'), 'utf8'), join(d, 'labels/a.txt'));
  t.true(isLabelledMask({ labels }));
  t.false(isLabelledMask('masks/a.png'));
  t.false(isLabelledMask(Buffer.from('labels')));
  const run = createFileRunner({}, inpainter);
  const brought = await run({ ...file, mask: { labels, grow: 2 } });
  t.like(brought.record, { status: 'ok', mask: join(d, 'labels/a.txt') });
  t.deepEqual(brought.record.warnings, byOption.record.warnings);
  t.is(brought.record.warnings.length, 1, 'the box across the edge is clipped, with its warning');
  t.true(brought.data!.equals(byOption.data!), 'the same pixels as the boxes option');
  const changedPixels = (await changed(brought.data!, await photo())).reduce((a, b) => a + b, 0);
  t.true(changedPixels > 10 * 6, `${changedPixels} pixels changed`);
  const none = await run({ ...file, mask: { labels: { ...labels, boxes: [] } } });
  t.like(none.record, { status: 'skipped', reason: NO_BOXES });
});

test('boxes: a label file that does not parse fails its photo, naming file and line; boxes and masks together are refused', async (t) => {
  const d = tempDir();
  write(join(d, 'in/a.png'), await photo());
  write(join(d, 'labels/a.txt'), '0 0.5 0.5 0.2 0.2\n0 0.5 0.5 wide 0.2\n');
  const [{ record }] = await all(runFiles([{ path: join(d, 'in/a.png'), relative: 'a.png' }], { boxes: join(d, 'labels') }, inpainter));
  t.like(record, { status: 'failed', code: 'ERR_INVALID_MASK', file: join(d, 'labels/a.txt'), role: 'mask' });
  t.regex(record.reason!, /a\.txt, line 2: expected `class cx cy w h`/);
  t.throws(() => createFileRunner({ boxes: 'labels/', masks: 'masks/' }, inpainter), { instanceOf: InvalidParameterError, message: /either masks or boxes/ });
  t.throws(() => createFileRunner({ boxes: 'labels/', grow: -2 }, inpainter), { instanceOf: InvalidParameterError, message: /grow/ });
});
