// The queue commands as processes against a real Redis (started here, or $INPAINT_TEST_REDIS_URL).
import test from 'ava';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { TEMP_MARKER } from '@inpaint/files';
import { holdTempEnv } from '@inpaint/test-fixtures';
import { freePort, startRedis } from '@inpaint/test-fixtures/redis';
import { BIN, TINY, boxMask, cli, photo, tempDir, write } from './helpers.js';

const redis = await startRedis();
test.after.always(() => redis.stop());
const workers: ChildProcess[] = [];
test.after.always(() => { for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL'); });

async function batch(n: number): Promise<string> {
  const d = tempDir();
  const img = await photo(64, 48);
  const mask = await boxMask(64, 48, [10, 10, 40, 30]);
  for (let i = 0; i < n; i++) { write(join(d, `in/p${i}.jpg`), img); write(join(d, `masks/p${i}.png`), mask); }
  return d;
}

/** Start `inpaint worker` and resolve once it says it is on the queue; its stderr lines are collected. */
function worker(queue: string, extra: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<{ child: ChildProcess; lines: string[]; next: (match: (l: string) => boolean) => Promise<string> }> {
  const child = spawn(process.execPath, [BIN, 'worker', '--redis', redis.url, '--queue', queue, '--model', TINY, '--concurrency', '1', ...extra], { stdio: ['ignore', 'ignore', 'pipe'], env });
  workers.push(child);
  const lines: string[] = [];
  const waiters: { match: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  let buf = '';
  child.stderr!.on('data', (c: Buffer) => {
    buf += c.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const l of parts) {
      lines.push(l);
      for (const w of waiters.splice(0)) {
        if (w.match(l)) w.resolve(l);
        else waiters.push(w);
      }
    }
  });
  const next = (match: (l: string) => boolean) => new Promise<string>((resolve, reject) => {
    const seen = lines.find(match);
    if (seen) { resolve(seen); return; }
    waiters.push({ match, resolve });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${lines.join('\n')}`)));
  });
  return next((l) => l.startsWith('worker on queue')).then(() => ({ child, lines, next }));
}

const exited = (c: ChildProcess) => new Promise<number | null>((resolve) => (c.exitCode !== null ? resolve(c.exitCode) : c.once('exit', (code) => resolve(code))));

async function status(queue: string, wait = true) {
  const r = await cli(['status', '--redis', redis.url, '--queue', queue, '--json', ...(wait ? ['--wait'] : [])]);
  return { code: r.code, status: JSON.parse(r.stdout.trim()) as { waiting: number; active: number; completed: number; failed: number; failures: { input: string; reason: string }[] } };
}

async function allWhole(dir: string, n: number): Promise<void> {
  const files = readdirSync(dir);
  if (files.some((f) => f.includes(TEMP_MARKER))) throw new Error(`temporaries left in ${dir}: ${files.join(', ')}`);
  if (files.length !== n) throw new Error(`${files.length} outputs in ${dir}, expected ${n}`);
  for (const f of files) await sharp(join(dir, f)).raw().toBuffer();
}

test('Redis down at start: enqueue, worker and status stop at once with a clear error, exit 2', async (t) => {
  const d = await batch(1);
  const down = `redis://127.0.0.1:${await freePort()}`;
  for (const args of [['enqueue', join(d, 'in'), '--masks', join(d, 'masks'), '--out', join(d, 'out')], ['worker'], ['status', '--wait']]) {
    const r = await cli([...args, '--redis', down]);
    t.is(r.code, 2, args[0]);
    t.regex(r.stderr, new RegExp(`cannot reach Redis at ${down}`), args[0]);
  }
});

test('inpaint worker --plugin: a module that cannot be used stops the worker at once with the typed error, exit 2', async (t) => {
  const r = await cli(['worker', '--redis', redis.url, '--queue', 'plugin-missing', '--plugin', './no/such-plugin.mjs={"value":1}']);
  t.is(r.code, 2);
  t.regex(r.stderr, /plugins\[0\]: the plugin module '.*no\/such-plugin\.mjs' cannot be imported/);
});

test('two worker processes finish one batch between them; enqueueing it again adds nothing', async (t) => {
  const d = await batch(10);
  const [a, b] = await Promise.all([worker('two'), worker('two')]);
  const enq = await cli(['enqueue', join(d, 'in'), '--masks', join(d, 'masks'), '--out', join(d, 'out'), '--redis', redis.url, '--queue', 'two', '--json']);
  t.is(enq.code, 0, enq.stderr);
  t.like(JSON.parse(enq.stdout), { added: 10, queued: 0, done: 0 });
  const s = await status('two');
  t.is(s.code, 0);
  t.like(s.status, { completed: 10, failed: 0, waiting: 0, active: 0 });
  const oks = [a, b].map((w) => w.lines.filter((l) => l.startsWith('ok ')).length);
  t.is(oks[0] + oks[1], 10);
  t.true(oks[0] > 0 && oks[1] > 0, `both workers took jobs: ${oks.join(' + ')}`);
  await allWhole(join(d, 'out'), 10);
  const again = await cli(['enqueue', join(d, 'in'), '--masks', join(d, 'masks'), '--out', join(d, 'out'), '--redis', redis.url, '--queue', 'two', '--json']);
  t.like(JSON.parse(again.stdout), { added: 0, done: 10 });
  for (const w of [a, b]) w.child.kill('SIGTERM');
  t.deepEqual(await Promise.all([exited(a.child), exited(b.child)]), [0, 0]);
});

test('enqueue --boxes: each image\'s COCO shapes of the chosen classes go with its job and the worker draws them (grown); images without any are not queued', async (t) => {
  const d = tempDir();
  const W = 64, H = 48;
  const raw = Buffer.alloc(W * H * 3);
  // noise, not a periodic pattern: a fill made of the photo's own patches could give a periodic one back exactly
  for (let i = 0; i < raw.length; i++) raw[i] = Math.imul(i + 1, 2654435761) >>> 24;
  const png = await sharp(raw, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
  for (const name of ['a', 'b', 'c']) write(join(d, `in/${name}.png`), png);
  write(join(d, 'ann.json'), JSON.stringify({
    images: [{ id: 1, file_name: 'a.png' }, { id: 2, file_name: 'b.png' }],
    annotations: [{ image_id: 1, category_id: 1, bbox: [20, 10, 12, 8] }, { image_id: 1, category_id: 2, bbox: [0, 0, 6, 6] }, { image_id: 2, category_id: 2, bbox: [4, 4, 8, 8] }],
  }));
  const w = await worker('boxes');
  const enq = await cli(['enqueue', join(d, 'in'), '--boxes', join(d, 'ann.json'), '--classes', '1', '--grow', '2', '--out', join(d, 'out'), '--redis', redis.url, '--queue', 'boxes', '--json']);
  t.is(enq.code, 0, enq.stderr);
  t.like(JSON.parse(enq.stdout), { added: 1, unmasked: 2 });
  const s = await status('boxes');
  t.like(s.status, { completed: 1, failed: 0 });
  t.deepEqual(readdirSync(join(d, 'out')), ['a.png']);
  const out = await sharp(join(d, 'out/a.png')).raw().toBuffer();
  let inside = 0;
  for (let p = 0; p < W * H; p++) {
    const x = p % W, y = Math.floor(p / W);
    if (![0, 1, 2].some((c) => out[p * 3 + c] !== raw[p * 3 + c])) continue;
    if (x >= 18 && x < 34 && y >= 8 && y < 20) inside++;
    else t.fail(`pixel ${x},${y} changed outside the class-1 box grown by 2`);
  }
  t.true(inside > 12 * 8, `${inside} pixels changed in the grown box`);
  // a folder of YOLO files: one that does not parse keeps its photo out of the queue, named on stderr; the others go in; exit 1
  write(join(d, 'labels/a.txt'), '0 0.5 0.5 0.2 0.2\n');
  write(join(d, 'labels/b.txt'), '0 0.5 wide 0.2 0.2\n');
  const yolo = await cli(['enqueue', join(d, 'in'), '--boxes', join(d, 'labels'), '--out', join(d, 'out-yolo'), '--redis', redis.url, '--queue', 'boxes-yolo', '--json']);
  t.is(yolo.code, 1, yolo.stderr);
  t.like(JSON.parse(yolo.stdout), { added: 1, unmasked: 1, invalidLabels: 1 });
  t.regex(yolo.stderr, /not queued: .*b\.png: .*labels\/b\.txt, line 1: expected/);
  const both = await cli(['enqueue', join(d, 'in'), '--boxes', join(d, 'ann.json'), '--masks', join(d, 'in'), '--out', join(d, 'out'), '--redis', redis.url, '--queue', 'boxes']);
  t.is(both.code, 2);
  t.regex(both.stderr, /give either --masks <dir\|file\|alpha> or --boxes <dir\|coco\.json> \(not both\)/);
  w.child.kill('SIGTERM');
  t.is(await exited(w.child), 0);
});

test('a worker SIGKILLed mid-job loses nothing: its job stalls, another worker completes the batch, no partial file', async (t) => {
  const d = await batch(4);
  const locks = ['--lock-ms', '1500', '--stalled-ms', '500'];
  const a = await worker('kill', locks, holdTempEnv());
  await cli(['enqueue', join(d, 'in'), '--masks', join(d, 'masks'), '--out', join(d, 'out'), '--redis', redis.url, '--queue', 'kill']);
  // the held write: a temporary output exists, the job is active and locked by worker a
  const held = (await a.next((l) => l.startsWith('holding temporary '))).slice('holding temporary '.length);
  t.true(existsSync(held));
  a.child.kill('SIGKILL');
  await exited(a.child);
  const b = await worker('kill', locks);
  const s = await status('kill');
  t.is(s.code, 0);
  t.like(s.status, { completed: 4, failed: 0 });
  t.false(existsSync(held), "the killed worker's temporary was removed when its job was taken over");
  await allWhole(join(d, 'out'), 4);
  b.child.kill('SIGTERM');
  t.is(await exited(b.child), 0);
});

test('SIGTERM: the worker finishes its active job, takes no more, and exits 0', async (t) => {
  const d = await batch(6);
  await cli(['enqueue', join(d, 'in'), '--masks', join(d, 'masks'), '--out', join(d, 'out'), '--redis', redis.url, '--queue', 'term']);
  const w = await worker('term');
  await w.next((l) => l.startsWith('ok '));
  w.child.kill('SIGTERM');
  t.is(await exited(w.child), 0);
  const { status: s } = await status('term', false);
  t.is(s.active, 0, 'no job left active (locked) by the stopped worker');
  t.is(s.completed + s.waiting, 6);
  t.is(s.completed, w.lines.filter((l) => l.startsWith('ok ')).length);
  await allWhole(join(d, 'out'), s.completed);
});

test('Redis SIGKILLed mid-batch and restarted (AOF): the worker reconnects, every output is written exactly once, status --wait ends 0', async (t) => {
  const own = await startRedis({ aof: true });
  t.teardown(() => own.stop());
  const d = await batch(12);
  const enq = await cli(['enqueue', join(d, 'in'), '--masks', join(d, 'masks'), '--out', join(d, 'out'), '--redis', own.url, '--queue', 'faults']);
  t.is(enq.code, 0, enq.stderr);
  const child = spawn(process.execPath, [BIN, 'worker', '--redis', own.url, '--queue', 'faults', '--model', TINY, '--concurrency', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  workers.push(child);
  let log = '';
  child.stderr!.on('data', (c: Buffer) => { log += c.toString(); });
  for (const t0 = Date.now(); !/^ok /m.test(log) && Date.now() - t0 < 30_000;) await new Promise((r) => setTimeout(r, 50));
  t.regex(log, /^ok /m, 'the worker started on the batch');
  await own.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 1500));
  await own.restart();
  const r = await cli(['status', '--redis', own.url, '--queue', 'faults', '--json', '--wait']);
  t.is(r.code, 0, r.stdout + r.stderr);
  t.like(JSON.parse(r.stdout.trim()), { completed: 12, failed: 0, waiting: 0, active: 0 });
  await allWhole(join(d, 'out'), 12);
  const oks = log.split('\n').filter((l) => l.startsWith('ok ')).map((l) => l.split(' -> ')[1]);
  t.is(new Set(oks).size, oks.length, `no output written twice:\n${log}`);
  child.kill('SIGTERM');
  t.is(await exited(child), 0);
});

test('an input deleted between enqueue and processing fails that job once, with a typed reason; the others complete', async (t) => {
  const d = await batch(3);
  await cli(['enqueue', join(d, 'in'), '--masks', join(d, 'masks'), '--out', join(d, 'out'), '--redis', redis.url, '--queue', 'gone']);
  rmSync(join(d, 'in/p1.jpg'));
  const w = await worker('gone');
  const s = await status('gone');
  t.is(s.code, 1, 'status --wait exits 1 when an image failed');
  t.like(s.status, { completed: 2, failed: 1 });
  t.is(s.status.failures.length, 1);
  t.true(s.status.failures[0].input.endsWith('p1.jpg'));
  t.regex(s.status.failures[0].reason, /ENOENT|not found|cannot read|does not exist/i);
  t.is(w.lines.filter((l) => l.includes('p1.jpg') && !l.startsWith('ok ')).length, 1, `failed once, not retried:\n${w.lines.join('\n')}`);
  await allWhole(join(d, 'out'), 2);
  w.child.kill('SIGTERM');
  t.is(await exited(w.child), 0);
});

test('a worker runs a model file users bring (--model, LaMa 4-channel signature): its fill in the holes', async (t) => {
  const { ADAPTER_MODELS, FILL_RGB } = await import('@inpaint/test-fixtures');
  const d = tempDir();
  write(join(d, 'in/p.png'), await photo(64, 48, 'png'));
  write(join(d, 'masks/p.png'), await boxMask(64, 48, [10, 10, 40, 30]));
  await cli(['enqueue', join(d, 'in'), '--masks', join(d, 'masks'), '--out', join(d, 'out'), '--redis', redis.url, '--queue', 'byom', '--detail', 'smooth', '--clamp', '0']);
  const w = await worker('byom', ['--model', ADAPTER_MODELS['lama-4ch']]);
  t.is((await status('byom')).code, 0);
  const px = await sharp(join(d, 'out/p.png')).raw().toBuffer();
  const at = (20 * 64 + 25) * 3;
  t.deepEqual([...px.subarray(at, at + 3)].map((v, c) => Math.abs(v - FILL_RGB[c]) <= 1), [true, true, true]);
  w.child.kill('SIGTERM');
  t.is(await exited(w.child), 0);
});
