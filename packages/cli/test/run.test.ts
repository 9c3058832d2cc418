import test from 'ava';
import type { ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { holdTempEnv } from '@inpaint/test-fixtures';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { BIN, TINY, boxMask, cli, photo, tempDir, write } from './helpers.js';

async function fixture() {
  const d = tempDir();
  write(join(d, 'in/a.jpg'), await photo(48, 32));
  write(join(d, 'in/sub/b.png'), await photo(48, 32, 'png', 3));
  write(join(d, 'in/c.jpg'), await photo(48, 32, 'jpeg', 5));
  write(join(d, 'masks/a.png'), await boxMask(48, 32));
  write(join(d, 'masks/sub/b.mask.png'), await boxMask(48, 32));
  return d;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

test('pairs masks, keeps the folder structure and formats, skips unmasked images; --json is parseable', async (t) => {
  const d = await fixture();
  const r = await cli(['run', join(d, 'in'), '--masks', join(d, 'masks'), '--out', join(d, 'out'), '--model', TINY, '--json']);
  t.is(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const summary = lines.pop()!;
  t.like(summary, { type: 'summary', total: 3, ok: 2, skipped: 1, failed: 0 });
  t.like(lines.find((l) => String(l.input).endsWith('c.jpg')), { status: 'skipped', reason: 'no mask pairs with this image' });
  t.deepEqual(allFiles(join(d, 'out')), ['a.jpg', join('sub', 'b.png')]);
  t.is((await sharp(join(d, 'out/sub/b.png')).metadata()).format, 'png');
  // PNG: pixels outside the hole are unchanged
  const before = await sharp(join(d, 'in/sub/b.png')).raw().toBuffer();
  const after = await sharp(join(d, 'out/sub/b.png')).raw().toBuffer();
  let inHole = 0;
  for (let p = 0; p < 48 * 32; p++) {
    const x = p % 48, y = Math.floor(p / 48);
    const hole = x >= 4 && x < 12 && y >= 4 && y < 12;
    for (let c = 0; c < 3; c++) if (before[p * 3 + c] !== after[p * 3 + c]) { t.true(hole); inHole++; }
  }
  t.true(inHole > 0);
});

test("--detail smooth gives the network's fill alone; the default adds the photo's detail inside the hole only; a bad value is a usage error", async (t) => {
  const d = await fixture();
  const run = (out: string, extra: string[]) => cli(['run', join(d, 'in/sub'), '--masks', join(d, 'masks/sub'), '--out', join(d, out), '--model', TINY, ...extra]);
  t.is((await run('smooth', ['--detail', 'smooth'])).code, 0);
  t.is((await run('texture', [])).code, 0);
  const smooth = await sharp(join(d, 'smooth/b.png')).raw().toBuffer();
  const texture = await sharp(join(d, 'texture/b.png')).raw().toBuffer();
  let differ = 0;
  for (let p = 0; p < 48 * 32; p++) {
    const x = p % 48, y = Math.floor(p / 48);
    const same = smooth[p * 3] === texture[p * 3] && smooth[p * 3 + 1] === texture[p * 3 + 1] && smooth[p * 3 + 2] === texture[p * 3 + 2];
    if (!(x >= 4 && x < 12 && y >= 4 && y < 12)) t.true(same);
    else if (!same) differ++;
  }
  t.true(differ > 0, 'texture changed the fill');
  const bad = await run('bad', ['--detail', 'sharp']);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--detail/);
});

test('--format, --suffix, globs and single mask files', async (t) => {
  const d = await fixture();
  const r = await cli(['run', join(d, 'in/*.jpg'), '--masks', join(d, 'masks/a.png'), '--out', join(d, 'out'), '--model', TINY, '--format', 'webp', '--suffix', '-fixed']);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(allFiles(join(d, 'out')), ['a-fixed.webp', 'c-fixed.webp']);
});

test('existing outputs: reported without flags, skipped with --skip-existing, replaced with --overwrite', async (t) => {
  const d = await fixture();
  const args = ['run', join(d, 'in'), '--masks', join(d, 'masks'), '--out', join(d, 'out'), '--model', TINY];
  t.is((await cli(args)).code, 0);
  const again = await cli(args);
  t.is(again.code, 1);
  t.regex(again.stdout, /output exists; pass --overwrite/);
  const resumed = await cli([...args, '--skip-existing', '--json']);
  t.is(resumed.code, 0);
  t.like(JSON.parse(resumed.stdout.trim().split('\n').pop()!), { ok: 0, skipped: 3 });
  const over = await cli([...args, '--overwrite']);
  t.is(over.code, 0);
});

test('a corrupt image and a mask of another size fail alone; the batch goes on; exit 1', async (t) => {
  const d = await fixture();
  write(join(d, 'in/bad.jpg'), 'this is not a jpeg');
  write(join(d, 'masks/bad.png'), await boxMask(48, 32));
  write(join(d, 'masks/c.png'), await boxMask(24, 16, [2, 2, 6, 6]));
  const r = await cli(['run', join(d, 'in'), '--masks', join(d, 'masks'), '--out', join(d, 'out'), '--model', TINY, '--json']);
  t.is(r.code, 1);
  const recs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { input?: string; status?: string; reason?: string });
  t.regex(recs.find((x) => x.input?.endsWith('bad.jpg'))!.reason!, /cannot decode the image .*bad\.jpg: it is not in an image format sharp reads/);
  t.regex(recs.find((x) => x.input?.endsWith('c.jpg'))!.reason!, /mask .*c\.png is 24x16 but the image is 48x32.*resizeMask/);
  t.like(recs.pop(), { ok: 2, failed: 2 });
  const fixedUp = await cli(['run', join(d, 'in/c.jpg'), '--masks', join(d, 'masks'), '--out', join(d, 'out2'), '--model', TINY, '--resize-mask']);
  t.is(fixedUp.code, 0);
});

test('--missing-mask error fails unmasked images; a missing input is reported', async (t) => {
  const d = await fixture();
  const r = await cli(['run', join(d, 'in'), join(d, 'nope'), '--masks', join(d, 'masks'), '--out', join(d, 'out'), '--model', TINY, '--missing-mask', 'error']);
  t.is(r.code, 1);
  t.regex(r.stdout, /failed .*c\.jpg no mask pairs/);
  t.regex(r.stdout, /failed .*nope no such file/);
});

test('usage errors exit 2 with a clear message; --help works for every command', async (t) => {
  const bad = [
    ['run', 'x', '--out', 'o'],
    ['run', 'x', '--masks', 'm', '--out', 'o', '--bogus'],
    ['run', 'x', '--masks', 'm', '--out', 'o', '--strategy', 'magic'],
    ['masks', '--out', 'o', '--ratio', '0.5-0.2'],
    ['masks', '--out', 'o', '--size', '12by12'],
    ['eval', '--images', 'x', '--baselines', 'photoshop'],
    ['frobnicate'],
  ];
  for (const args of bad) {
    const r = await cli(args);
    t.is(r.code, 2, args.join(' '));
    t.regex(r.stderr, /error: |\(add --help for usage\)/);
  }
  for (const c of ['run', 'masks', 'eval', 'bench']) {
    const r = await cli([c, '--help']);
    t.is(r.code, 0);
    t.regex(r.stdout, new RegExp(`Usage: inpaint ${c}`));
  }
});

/** Resolve once `count` lines of the child's stdout (or stderr) satisfy `match`; reject if it exits first. */
function linesUntil(child: ChildProcess, match: (line: string) => boolean, count = 1, stream: 'stdout' | 'stderr' = 'stdout'): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    let buffered = '';
    child[stream]!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const l of lines) if (match(l)) seen.push(l);
      if (seen.length >= count) resolve(seen);
    });
    child.once('exit', (code) => reject(new Error(`exited (${code}) after ${seen.length} of ${count} expected lines`)));
  });
}

test('SIGKILL while a temporary output exists: the next run removes it and completes', async (t) => {
  const d = tempDir();
  write(join(d, 'in/p.jpg'), await photo(64, 64));
  write(join(d, 'masks/p.png'), await boxMask(64, 64));
  const args = [BIN, 'run', join(d, 'in'), '--masks', join(d, 'masks'), '--out', join(d, 'out'), '--model', TINY];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: holdTempEnv() });
  const [line] = await linesUntil(child, (l) => l.startsWith('holding temporary '), 1, 'stderr');
  const tmp = line.slice('holding temporary '.length);
  t.true(existsSync(tmp), 'the temporary file exists when the process is killed');
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  t.true(existsSync(tmp), 'SIGKILL leaves it behind');
  t.false(existsSync(join(d, 'out/p.jpg')), 'no output under the final name');
  const r = await cli(args.slice(1));
  t.is(r.code, 0, r.stderr);
  t.false(existsSync(tmp), 'the next start removed it');
  t.deepEqual(readdirSync(join(d, 'out')), ['p.jpg']);
  await t.notThrowsAsync(sharp(join(d, 'out/p.jpg')).raw().toBuffer());
});

test('interrupted runs never leave partial outputs; a resumed run finishes the batch', async (t) => {
  const d = tempDir();
  const N = 24;
  const img = await photo(256, 256);
  const mask = await boxMask(256, 256, [40, 40, 200, 200]);
  for (let i = 0; i < N; i++) { write(join(d, `in/p${i}.jpg`), img); write(join(d, `masks/p${i}.png`), mask); }
  const args = [BIN, 'run', join(d, 'in'), '--masks', join(d, 'masks'), '--out', join(d, 'out'), '--model', TINY, '--concurrency', '1', '--strategy', 'full'];
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    // stop it once two outputs are written: --json prints a record as each file finishes
    const child = spawn(process.execPath, [...args, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
    await linesUntil(child, (line) => line.includes('"status":"ok"'), 2);
    child.kill(signal);
    await new Promise((resolve) => child.on('exit', resolve));
    const files = readdirSync(join(d, 'out'));
    const outputs = files.filter((f) => f.endsWith('.jpg'));
    t.true(outputs.length < N, `${signal}: interrupted before the end`);
    for (const f of outputs) {
      const bytes = readFileSync(join(d, 'out', f));
      await t.notThrowsAsync(sharp(bytes).raw().toBuffer(), `${signal}: ${f} is a whole image`);
    }
    if (signal === 'SIGTERM') t.deepEqual(files.filter((f) => f.includes('.inpaint-tmp-')), [], 'SIGTERM cleans its temporaries');
    // resume
    const r = await cli(args.slice(1).concat('--skip-existing'));
    t.is(r.code, 0, r.stderr);
    t.is(readdirSync(join(d, 'out')).filter((f) => f.endsWith('.jpg')).length, N);
    t.deepEqual(readdirSync(join(d, 'out')).filter((f) => f.includes('.inpaint-tmp-')), [], 'the next run removes stale temporaries');
    for (const f of readdirSync(join(d, 'out'))) await t.notThrowsAsync(sharp(join(d, 'out', f)).raw().toBuffer());
    if (signal === 'SIGTERM') for (const f of readdirSync(join(d, 'out'))) (await import('node:fs')).rmSync(join(d, 'out', f));
  }
});

/** out/b.png against in/sub/b.png: each pixel of the fixture's 8×8 hole at (4, 4), seen through `seen`, is `want`; every other pixel is the input's. */
async function assertHoleFill(t: ExecutionContext, d: string, seen: (px: number[]) => unknown[], want: unknown[]): Promise<void> {
  const out = await sharp(join(d, 'out/b.png')).raw().toBuffer();
  const inp = await sharp(join(d, 'in/sub/b.png')).raw().toBuffer();
  for (let p = 0; p < 48 * 32; p++) {
    const x = p % 48, y = Math.floor(p / 48);
    const px = [...out.subarray(p * 3, p * 3 + 3)];
    if (x >= 4 && x < 12 && y >= 4 && y < 12) t.deepEqual(seen(px), want, `hole pixel ${p}`);
    else t.deepEqual(px, [...inp.subarray(p * 3, p * 3 + 3)]);
  }
}

test('--model runs a model file users bring (a graph with LaMa\'s published signature): its fill in the holes, the rest as before', async (t) => {
  const { ADAPTER_MODELS, FILL_RGB } = await import('@inpaint/test-fixtures');
  const d = await fixture();
  const r = await cli(['run', join(d, 'in/sub'), '--masks', join(d, 'masks/sub'), '--out', join(d, 'out'), '--model', ADAPTER_MODELS.lama, '--detail', 'smooth', '--clamp', '0', '--json']);
  t.is(r.code, 0, r.stderr);
  await assertHoleFill(t, d, (px) => px.map((v, c) => Math.abs(v - FILL_RGB[c]) <= 1), [true, true, true]);
  const bad = await cli(['run', join(d, 'in/sub'), '--masks', join(d, 'masks/sub'), '--out', join(d, 'out2'), '--model', join(d, 'masks/sub/b.mask.png')]);
  t.not(bad.code, 0);
  t.regex(bad.stderr + bad.stdout, /b\.mask\.png is not an ONNX model/);
});

test('--model-format names the contract of a model file; a value outside the choices is a usage error', async (t) => {
  const { ADAPTER_MODELS, FILL_RGB } = await import('@inpaint/test-fixtures');
  const d = await fixture();
  const args = (out: string, format: string) => ['run', join(d, 'in/sub'), '--masks', join(d, 'masks/sub'), '--out', join(d, out), '--model', ADAPTER_MODELS['lama-4ch'], '--model-format', format, '--detail', 'smooth', '--clamp', '0'];
  const r = await cli(args('out', 'lama-4ch'));
  t.is(r.code, 0, r.stderr);
  const out = await sharp(join(d, 'out/b.png')).raw().toBuffer();
  const hole = (4 * 48 + 4) * 3;
  t.deepEqual([...out.subarray(hole, hole + 3)].map((v, c) => Math.abs(v - FILL_RGB[c]) <= 1), [true, true, true]);
  const wrong = await cli(args('out2', 'lama'));
  t.is(wrong.code, 1, 'the file does not follow the named contract: the file fails');
  t.regex(wrong.stdout + wrong.stderr, /lama/);
  const bogus = await cli(args('out3', 'bogus'));
  t.is(bogus.code, 2);
  t.regex(bogus.stderr, /Allowed choices are auto, inpaint, lama, migan-pipeline, migan, lama-4ch/);
});

const PAINT_HOLES = fileURLToPath(new URL('../../core/test/fixtures/paint-holes-plugin.mjs', import.meta.url));

test('--plugin path={json} runs a user plugin in every worker: its value in the holes, the rest as before; a module that cannot be used stops the run before any file', async (t) => {
  const d = await fixture();
  const run = (out: string, plugin: string) => cli(['run', join(d, 'in/sub'), '--masks', join(d, 'masks/sub'), '--out', join(d, out), '--model', TINY, '--detail', 'smooth', '-c', '1', '--plugin', plugin]);
  const r = await run('out', `${PAINT_HOLES}={"value":7}`);
  t.is(r.code, 0, r.stderr);
  await assertHoleFill(t, d, (px) => px, [7, 7, 7]);
  const missing = await run('out2', join(d, 'no/such-plugin.mjs'));
  t.is(missing.code, 2);
  t.regex(missing.stderr, /plugins\[0\]: the plugin module '.*no\/such-plugin\.mjs' cannot be imported .*give an installed package's name/);
  t.false(existsSync(join(d, 'out2')), 'no output written, no folder made');
  const notJson = await run('out3', `${PAINT_HOLES}={value:7}`);
  t.is(notJson.code, 2);
  t.regex(notJson.stderr, /the options after '=' are not JSON/);
});

// The README's two --boxes examples, run as written (with the test model): a YOLO label file
// per photo and one COCO file, on the sample cat (the nose: 296..376 x 268..322 of 640x414).
const CAT = fileURLToPath(new URL('../../../samples/photos/cat.jpg', import.meta.url));
const NOSE = [296, 268, 80, 54];
async function changedOutside(input: string, output: string, box: number[], grow: number): Promise<{ inside: number; outside: number }> {
  const a = await sharp(input).raw().toBuffer({ resolveWithObject: true }), b = await sharp(output).raw().toBuffer();
  const W = a.info.width;
  let inside = 0, outside = 0;
  for (let p = 0; p < W * a.info.height; p++) {
    const x = p % W, y = Math.floor(p / W);
    const diff = Math.abs(a.data[p * 3] - b[p * 3]) + Math.abs(a.data[p * 3 + 1] - b[p * 3 + 1]) + Math.abs(a.data[p * 3 + 2] - b[p * 3 + 2]) > 0;
    const near = x >= box[0] - grow - 8 && x < box[0] + box[2] + grow + 8 && y >= box[1] - grow - 8 && y < box[1] + box[3] + grow + 8; // JPEG blocks
    if (diff && near) inside++; else if (diff) outside++;
  }
  return { inside, outside };
}

test('README: inpaint run photos/ --boxes labels/ (YOLO) and --boxes annotations.json (COCO), --classes, --grow: only the boxes change', async (t) => {
  const d = tempDir();
  write(join(d, 'photos/cat.png'), await sharp(CAT).png().toBuffer());
  write(join(d, 'photos/dog.png'), await sharp(CAT).flop().png().toBuffer()); // no labels: skipped
  const [x, y, w, h] = NOSE;
  // YOLO: class cx cy w h, normalised; class 15 is left out by --classes 0
  write(join(d, 'labels/cat.txt'), `0 ${(x + w / 2) / 640} ${(y + h / 2) / 414} ${w / 640} ${h / 414}\n15 0.1 0.1 0.05 0.05\n`);
  write(join(d, 'annotations.json'), JSON.stringify({ images: [{ id: 1, file_name: 'cat.png' }], annotations: [{ image_id: 1, category_id: 0, bbox: NOSE }] }));
  for (const [how, args, label] of [
    ['yolo', ['--boxes', join(d, 'labels'), '--classes', '0', '--grow', '8'], join(d, 'labels/cat.txt')],
    ['coco', ['--boxes', join(d, 'annotations.json'), '--grow', '8'], join(d, 'annotations.json')],
  ] as const) {
    const out = join(d, `fixed-${how}`);
    const r = await cli(['run', join(d, 'photos'), ...args, '--out', out, '--model', TINY, '--json']);
    t.is(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    t.like(lines.pop(), { type: 'summary', total: 2, ok: 1, skipped: 1, failed: 0 });
    t.like(lines.find((l) => String(l.input).endsWith('cat.png')), { status: 'ok' });
    t.true(String(lines.find((l) => String(l.input).endsWith('cat.png'))!.mask).endsWith(label.split('/').pop()!), how);
    t.like(lines.find((l) => String(l.input).endsWith('dog.png')), { status: 'skipped', reason: 'no boxes for this image' });
    const { inside, outside } = await changedOutside(join(d, 'photos/cat.png'), join(out, 'cat.png'), [...NOSE], 8);
    t.is(outside, 0, `${how}: nothing changed away from the nose`);
    t.true(inside > w * h, `${how}: ${inside} pixels changed around the nose (box grown by 8)`);
  }
  const bad = await cli(['run', join(d, 'photos'), '--out', join(d, 'x'), '--model', TINY]);
  t.not(bad.code, 0);
  t.regex(bad.stderr, /--masks .* or --boxes/);
});
