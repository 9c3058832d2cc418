import test from 'ava';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import Vinyl from 'vinyl';
import gulp from 'gulp';
import PluginError from 'plugin-error';
import { Inpainter, InvalidImageError, InvalidMaskError, InvalidParameterError, PluginError as CorePluginError } from '@inpaint/core';
import inpaint, { PLUGIN_NAME } from '../src/index.js';
import type { GulpInpaintOptions, InpaintedFile } from '../src/index.js';

import { TINY_MODEL as TINY } from '@inpaint/test-fixtures';
const W = 48, H = 32;
const inpainter = await Inpainter.create({ model: TINY, threads: 1 });

function pixels(channels = 3): Buffer {
  const b = Buffer.alloc(W * H * channels);
  for (let i = 0; i < W * H; i++) { b[i * channels] = i % 251; b[i * channels + 1] = (i * 7) % 253; b[i * channels + 2] = 90; if (channels === 4) b[i * channels + 3] = i % W > 20 && i % W < 30 ? 0 : 255; }
  return b;
}
const png = await sharp(pixels(), { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
const jpg = await sharp(pixels(), { raw: { width: W, height: H, channels: 3 } }).jpeg().toBuffer();
const rgbaPng = await sharp(pixels(4), { raw: { width: W, height: H, channels: 4 } }).png().toBuffer();
const maskRaw = Buffer.alloc(W * H);
for (let y = 10; y < 20; y++) for (let x = 10; x < 24; x++) maskRaw[y * W + x] = 255;
const maskPng = await sharp(maskRaw, { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();

function tree(files: Record<string, Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'inpaint-gulp-'));
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), data);
  }
  return root;
}

async function run(options: GulpInpaintOptions, files: Vinyl[]): Promise<Vinyl[]> {
  const out: Vinyl[] = [];
  const stream = inpaint(options);
  stream.on('data', (f: Vinyl) => out.push(f));
  const done = new Promise<void>((resolve, reject) => { stream.on('end', resolve); stream.on('error', reject); });
  for (const f of files) stream.write(f);
  stream.end();
  await done;
  return out;
}

/** The stream's error (PluginError is not a native Error, so ava's throwsAsync cannot take it). */
async function failure(p: Promise<unknown>): Promise<PluginError> {
  try {
    await p;
  } catch (e) {
    return e as PluginError;
  }
  throw new Error('expected the stream to fail');
}

const vinyl = (root: string, rel: string, contents: Buffer | null) => new Vinyl({ cwd: root, base: join(root, 'photos'), path: join(root, 'photos', rel), contents });

async function rawOf(buf: Buffer): Promise<Buffer> {
  return sharp(buf).raw().toBuffer();
}

test('pairs masks from a directory; unmasked files pass through unchanged; order is kept', async (t) => {
  const root = tree({ 'masks/a.mask.png': maskPng, 'masks/sub/b.png': maskPng });
  const files = [vinyl(root, 'a.png', png), vinyl(root, 'sub/b.jpg', jpg), vinyl(root, 'c.png', png)];
  const out = await run({ masks: join(root, 'masks'), backend: inpainter, concurrency: 2 }, files);
  t.deepEqual(out.map((f) => f.relative), ['a.png', join('sub', 'b.jpg'), 'c.png']);
  // a: PNG stays PNG, only the hole changed
  t.is((await sharp(out[0].contents as Buffer).metadata()).format, 'png');
  const before = await rawOf(png), after = await rawOf(out[0].contents as Buffer);
  let inside = 0;
  for (let p = 0; p < W * H; p++) {
    const hole = maskRaw[p] !== 0;
    for (let c = 0; c < 3; c++) {
      if (before[p * 3 + c] !== after[p * 3 + c]) { t.true(hole, `pixel ${p} outside the hole changed`); inside++; }
    }
  }
  t.true(inside > 0);
  t.is((await sharp(out[1].contents as Buffer).metadata()).format, 'jpeg');
  t.is(out[2].contents, png, 'no mask: the very same Buffer passes through');
  t.true(Buffer.isBuffer(out[0].contents));
});

test("missingMask: 'error' fails the file with a PluginError naming the plugin and file", async (t) => {
  const root = tree({ 'masks/x.png': maskPng });
  const err = await failure(run({ masks: join(root, 'masks'), missingMask: 'error', backend: inpainter }, [vinyl(root, 'c.png', png)]));
  t.true(err instanceof PluginError);
  t.is(err.plugin, PLUGIN_NAME);
  t.regex(err.message, /no mask pairs with c\.png/);
  t.true((err as PluginError & { cause?: unknown }).cause instanceof InvalidMaskError, 'the typed error travels as the cause');
});

test('null files pass through; streaming contents are refused', async (t) => {
  const root = tree({});
  const out = await run({ masks: 'alpha', backend: inpainter }, [vinyl(root, 'dir', null)]);
  t.true(out[0].isNull());
  const streaming = new Vinyl({ path: join(root, 'photos/s.png'), base: join(root, 'photos'), contents: new PassThrough() });
  const err = await failure(run({ masks: 'alpha', backend: inpainter }, [streaming]));
  t.true(err instanceof PluginError);
  t.regex(err.message, /streaming contents are not supported/);
});

test("a function or 'alpha' gives the mask; format and suffix change the name", async (t) => {
  const root = tree({});
  const viaFn = await run({ masks: (f) => (f.stem === 'a' ? maskPng : null), backend: inpainter, format: 'webp', suffix: '-fixed' }, [vinyl(root, 'a.png', png), vinyl(root, 'b.png', png)]);
  t.is(viaFn[0].basename, 'a-fixed.webp');
  t.is((await sharp(viaFn[0].contents as Buffer).metadata()).format, 'webp');
  t.is(viaFn[1].basename, 'b.png', 'no mask: untouched, name too');
  // 'alpha': the transparent pixels (columns 21 to 29) are the hole; their colour is filled, alpha is kept
  const alpha = await run({ masks: 'alpha', backend: inpainter }, [vinyl(root, 'r.png', rgbaPng)]);
  const before = await sharp(rgbaPng).raw().toBuffer({ resolveWithObject: true });
  const after = await sharp(alpha[0].contents as Buffer).raw().toBuffer({ resolveWithObject: true });
  t.like(after.info, { width: W, height: H, channels: 4 });
  let transparent = 0, filled = 0, opaqueChanged = 0, alphaChanged = 0;
  for (let p = 0; p < W * H; p++) {
    const rgbBefore = before.data.subarray(p * 4, p * 4 + 3), rgbAfter = after.data.subarray(p * 4, p * 4 + 3);
    if (before.data[p * 4 + 3] !== after.data[p * 4 + 3]) alphaChanged++;
    if (before.data[p * 4 + 3] === 0) {
      transparent++;
      if (!rgbBefore.equals(rgbAfter)) filled++;
    } else if (!rgbBefore.equals(rgbAfter)) opaqueChanged++;
  }
  t.is(transparent, 9 * H);
  t.is(filled, transparent, 'every transparent pixel got a new colour');
  t.is(opaqueChanged, 0, 'opaque pixels are bit-identical');
  t.is(alphaChanged, 0, 'alpha is never touched');
});

test('a corrupt image is a PluginError with the file name', async (t) => {
  const root = tree({ 'masks/bad.png': maskPng });
  const err = await failure(run({ masks: join(root, 'masks'), backend: inpainter }, [vinyl(root, 'bad.png', Buffer.from('garbage'))]));
  t.true(err instanceof PluginError);
  t.is(err.fileName, join(root, 'photos', 'bad.png'));
  t.regex(err.message, /cannot decode the image .*bad\.png: it is not in an image format sharp reads/);
  t.true((err as PluginError & { cause?: unknown }).cause instanceof InvalidImageError);
});

test('bad options throw InvalidParameterError synchronously, the same class as every package', (t) => {
  const cases: [unknown, string][] = [
    [undefined, 'options'], [[], 'options'], [{ masks: 42 }, 'options.masks'], [{ masks: 'm', missingMask: 'ignore' }, 'options.missingMask'],
    [{ masks: 'm', concurrency: 0 }, 'options.concurrency'], [{ masks: 'm', format: 'bmp' }, 'options.format'], [{ masks: 'm', continueOnError: 'yes' }, 'options.continueOnError'],
  ];
  for (const [options, parameter] of cases) {
    const e = t.throws(() => inpaint(options as GulpInpaintOptions), { instanceOf: InvalidParameterError });
    t.is(e.parameter, parameter);
    t.regex(e.message, new RegExp(`for ${parameter.replace('.', '\\.')} but received`));
  }
});

test('each file carries its record: strategy, counts, warnings; continueOnError keeps going past a failure', async (t) => {
  const empty = await sharp(Buffer.alloc(W * H), { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();
  const root = tree({ 'masks/a.png': maskPng, 'masks/bad.png': maskPng, 'masks/e.png': empty });
  const files = [vinyl(root, 'a.png', png), vinyl(root, 'bad.png', Buffer.from('garbage')), vinyl(root, 'e.png', png), vinyl(root, 'z.png', png)];
  const out = (await run({ masks: join(root, 'masks'), backend: inpainter, continueOnError: true }, files)) as InpaintedFile[];
  t.deepEqual(out.map((f) => f.basename), ['a.png', 'bad.png', 'e.png', 'z.png'], 'every file, in order');
  t.like(out[0].inpaint, { status: 'ok', mask: join(root, 'masks', 'a.png') });
  t.truthy(out[0].inpaint?.strategy);
  t.true((out[0].inpaint?.inpaint?.holePixels ?? 0) > 0);
  t.like(out[1].inpaint, { status: 'failed', code: 'ERR_INVALID_IMAGE' });
  t.deepEqual(out[1].contents, Buffer.from('garbage'), 'a failed file passes through unchanged');
  t.like(out[2].inpaint, { status: 'ok' });
  t.regex(out[2].inpaint!.warnings.join(), /marks no hole/);
  t.like(out[3].inpaint, { status: 'skipped', reason: 'no mask pairs with this image' });
});

test('end to end: gulp.src (encoding: false) → inpaint with its own pool → gulp.dest', async (t) => {
  const root = tree({ 'photos/one.png': png, 'photos/deep/two.jpg': jpg, 'photos/three.png': png, 'masks/one.png': maskPng, 'masks/deep/two.mask.png': maskPng });
  await pipeline(
    gulp.src(join(root, 'photos/**/*.{png,jpg}'), { encoding: false }),
    inpaint({ masks: join(root, 'masks'), model: TINY, concurrency: 2 }),
    gulp.dest(join(root, 'out')),
  );
  t.deepEqual(readdirSync(join(root, 'out')).sort(), ['deep', 'one.png', 'three.png']);
  t.deepEqual(readdirSync(join(root, 'out/deep')), ['two.jpg']);
  t.deepEqual(readFileSync(join(root, 'out/three.png')), png, 'unmasked file copied byte for byte');
  t.notDeepEqual(await rawOf(readFileSync(join(root, 'out/one.png'))), await rawOf(png));
});

test("detail passes through to the fill: 'smooth' and the default 'auto' differ inside the hole only", async (t) => {
  const root = tree({ 'photos/a.png': png, 'masks/a.png': maskPng });
  const [smooth] = await run({ masks: join(root, 'masks'), backend: inpainter, detail: 'smooth' }, [vinyl(root, 'a.png', png)]);
  const [texture] = await run({ masks: join(root, 'masks'), backend: inpainter }, [vinyl(root, 'a.png', png)]);
  const a = await rawOf(smooth.contents as Buffer), b = await rawOf(texture.contents as Buffer);
  let inside = 0;
  for (let p = 0; p < W * H; p++) {
    const same = a[p * 3] === b[p * 3] && a[p * 3 + 1] === b[p * 3 + 1] && a[p * 3 + 2] === b[p * 3 + 2];
    if (maskRaw[p]) inside += same ? 0 : 1;
    else t.true(same, `pixel ${p} outside the hole differs`);
  }
  t.true(inside > 0);
});

test('model: a file users bring (MI-GAN pipeline signature) fills through the plugin\'s own pool; outside the hole exact', async (t) => {
  const { ADAPTER_MODELS, FILL_RGB } = await import('@inpaint/test-fixtures');
  const root = tree({ 'photos/a.png': png, 'masks/a.png': maskPng });
  const [out] = await run({ masks: join(root, 'masks'), model: ADAPTER_MODELS['migan-pipeline'], concurrency: 1, detail: 'smooth', clamp: 0 }, [vinyl(root, 'a.png', png)]);
  const a = await rawOf(png), b = await rawOf(out.contents as Buffer);
  for (let p = 0; p < W * H; p++) {
    if (maskRaw[p]) t.deepEqual([...b.subarray(p * 3, p * 3 + 3)].map((v, c) => Math.abs(v - FILL_RGB[c]) <= 1), [true, true, true]);
    else t.deepEqual([...b.subarray(p * 3, p * 3 + 3)], [...a.subarray(p * 3, p * 3 + 3)]);
  }
});

test("modelFormat reaches the plugin's own pool: a contract the model does not have is refused, the right one fills", async (t) => {
  const { ADAPTER_MODELS } = await import('@inpaint/test-fixtures');
  const root = tree({ 'photos/a.png': png, 'masks/a.png': maskPng });
  const model = ADAPTER_MODELS['migan-pipeline'];
  const err = await failure(run({ masks: join(root, 'masks'), model, modelFormat: 'inpaint', concurrency: 1 }, [vinyl(root, 'a.png', png)]));
  t.true(err instanceof PluginError);
  t.is((err as PluginError & { cause?: { code?: string } }).cause?.code, 'ERR_MODEL_REFUSED', 'the pool was made with modelFormat');
  const [out] = await run({ masks: join(root, 'masks'), model, modelFormat: 'migan-pipeline', concurrency: 1, detail: 'smooth' }, [vinyl(root, 'a.png', png)]);
  t.like((out as InpaintedFile).inpaint, { status: 'ok' });
});

test("plugins by module reach the plugin's own pool: the plugin's value in the holes, exact outside; one that cannot be used fails the stream with core's PluginError as its cause", async (t) => {
  const paintHoles = fileURLToPath(new URL('../../core/test/fixtures/paint-holes-plugin.mjs', import.meta.url));
  const root = tree({ 'photos/a.png': png, 'masks/a.png': maskPng });
  const [out] = await run({ masks: join(root, 'masks'), model: TINY, concurrency: 1, detail: 'smooth', plugins: [{ module: paintHoles, options: { value: 3 } }] }, [vinyl(root, 'a.png', png)]);
  const a = await rawOf(png), b = await rawOf(out.contents as Buffer);
  for (let p = 0; p < W * H; p++) t.deepEqual([...b.subarray(p * 3, p * 3 + 3)], maskRaw[p] ? [3, 3, 3] : [...a.subarray(p * 3, p * 3 + 3)], `pixel ${p}`);
  const err = await failure(run({ masks: join(root, 'masks'), model: TINY, concurrency: 1, plugins: [{ module: join(root, 'no/such-plugin.mjs') }] }, [vinyl(root, 'a.png', png)]));
  t.true(err instanceof PluginError);
  const cause = (err as PluginError & { cause?: unknown }).cause;
  t.true(cause instanceof CorePluginError, 'the typed error');
  t.regex((cause as Error).message, /plugins\[0\]: the plugin module '.*no\/such-plugin\.mjs' cannot be imported/);
});

test('masks: { boxes } draws the masks from a detector\'s YOLO labels (classes, grow); a photo without labels passes through', async (t) => {
  const root = tree({ 'labels/a.txt': Buffer.from('0 0.5 0.5 0.25 0.25\n1 0.1 0.1 0.1 0.1\n') }); // 12x8 at (18, 12); class 1 is left out
  const out = await run({ masks: { boxes: join(root, 'labels'), classes: [0], grow: 1 }, backend: inpainter }, [vinyl(root, 'a.png', png), vinyl(root, 'c.png', png)]);
  const [a, c] = out as InpaintedFile[];
  t.like(a.inpaint, { status: 'ok', mask: join(root, 'labels/a.txt') });
  t.like(c.inpaint, { status: 'skipped' });
  const before = await rawOf(png), after = await rawOf(a.contents as Buffer);
  let inside = 0;
  for (let p = 0; p < W * H; p++) {
    const x = p % W, y = Math.floor(p / W);
    const same = before[p * 3] === after[p * 3] && before[p * 3 + 1] === after[p * 3 + 1] && before[p * 3 + 2] === after[p * 3 + 2];
    if (x >= 17 && x < 31 && y >= 11 && y < 21) inside += same ? 0 : 1;
    else if (!same) { t.fail(`pixel ${x},${y} outside the grown box changed`); return; }
  }
  t.true(inside > 12 * 8 / 2, `${inside} pixels of the box changed`);
});
