import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { fileURLToPath } from 'node:url';
import { PluginError } from '@inpaint/core';
import type { FileRecord } from '@inpaint/files';
import { parseYolo } from '@inpaint/files';
import { TINY_MODEL } from '@inpaint/test-fixtures';
import { enqueue, openQueue, queueStatus, startWorker } from '../src/index.js';
import type { InpaintWorker } from '../src/index.js';
import { startRedis, tempDir, write } from './helpers.js';

const redis = await startRedis();
test.after.always(() => redis.stop());

async function batch(n: number, { corrupt = 0 } = {}) {
  const d = tempDir();
  const mask = await sharp(Buffer.from(new Uint8Array(32 * 24).map((_, i) => (i % 32 > 8 && i % 32 < 20 && i > 32 * 6 && i < 32 * 18 ? 255 : 0))), { raw: { width: 32, height: 24, channels: 1 } }).png().toBuffer();
  write(join(d, 'mask.png'), mask);
  const items = [];
  for (let i = 0; i < n; i++) {
    const input = join(d, 'in', `p${i}.png`);
    write(input, i < corrupt ? Buffer.from('not a png') : await sharp(Buffer.alloc(32 * 24 * 3, i * 9 + 1), { raw: { width: 32, height: 24, channels: 3 } }).png().toBuffer());
    items.push({ input, mask: join(d, 'mask.png'), output: join(d, 'out', `p${i}.png`) });
  }
  return { d, items };
}

/** Resolve once the worker has finished `n` jobs (completed, or failed for good). */
function finished(worker: InpaintWorker, n: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const one = () => { if (++seen === n) resolve(); };
    worker.bull.on('completed', one);
    worker.bull.on('failed', (job) => { if (job && (job.finishedOn || job.attemptsMade >= (job.opts.attempts ?? 1))) one(); });
  });
}

test('enqueue is idempotent; a worker completes the batch; a corrupt image fails once with its typed reason', async (t) => {
  const { items } = await batch(5, { corrupt: 1 });
  const q = await openQueue({ redis: redis.url, queue: 'idem' });
  t.deepEqual(await enqueue(q, items, {}), { added: 5, queued: 0, done: 0, failed: 0 });
  t.deepEqual(await enqueue(q, items, {}), { added: 0, queued: 5, done: 0, failed: 0 }, 'the same batch adds nothing');
  const worker = await startWorker({ redis: redis.url, queue: 'idem', concurrency: 2, model: TINY_MODEL });
  await finished(worker, 5);
  await worker.close();
  const s = await queueStatus(q);
  t.like(s, { completed: 4, failed: 1, active: 0, waiting: 0 });
  t.is(s.failures.length, 1);
  t.is(s.failures[0].input, items[0].input);
  t.is(s.failures[0].attempts, 1, 'a deterministic failure is not retried');
  t.regex(s.failures[0].reason, /^ERR_INVALID_IMAGE: cannot decode the image/);
  for (const it of items.slice(1)) t.true(existsSync(it.output));
  t.false(existsSync(items[0].output));
  t.deepEqual(await enqueue(q, items, {}), { added: 0, queued: 0, done: 4, failed: 1 }, 'done and failed jobs are counted, not re-added');
  t.like(await enqueue(q, items.slice(1, 2), { overwrite: true }), { added: 1 }, '--overwrite queues a done image again');
  await q.close();
});

test("a job may bring the image's labels instead of a mask file: the worker draws them (grown) and fills inside them only; the record names the label file", async (t) => {
  const d = tempDir();
  const W = 32, H = 24;
  const raw = Buffer.alloc(W * H * 3);
  // noise, not a periodic pattern: a fill made of the photo's own patches could give a periodic one back exactly
  for (let i = 0; i < raw.length; i++) raw[i] = Math.imul(i + 1, 2654435761) >>> 24;
  const input = join(d, 'in/a.png'), output = join(d, 'out/a.png');
  write(input, await sharp(raw, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer());
  const labels = parseYolo('0 0.5 0.5 0.25 0.25\n', join(d, 'labels/a.txt')); // 8x6 at (12, 9)
  const q = await openQueue({ redis: redis.url, queue: 'labels' });
  t.like(await enqueue(q, [{ input, mask: { labels, grow: 1 }, output }], {}), { added: 1 });
  const worker = await startWorker({ redis: redis.url, queue: 'labels', concurrency: 1, model: TINY_MODEL });
  const done = new Promise<FileRecord>((resolve) => worker.bull.on('completed', (job) => resolve(job.returnvalue)));
  const record = await done;
  await worker.close();
  await q.close();
  t.like(record, { status: 'ok', mask: labels.source, output });
  const out = await sharp(output).raw().toBuffer();
  let inside = 0;
  for (let p = 0; p < W * H; p++) {
    const x = p % W, y = Math.floor(p / W);
    const differs = [0, 1, 2].some((c) => out[p * 3 + c] !== raw[p * 3 + c]);
    const inGrownBox = x >= 11 && x < 21 && y >= 8 && y < 16;
    if (differs && !inGrownBox) t.fail(`pixel ${x},${y} outside the grown box changed`);
    if (differs) inside++;
  }
  t.true(inside > 8 * 6, `${inside} pixels inside the grown box changed`);
});

test("a worker's plugins by module run in its job threads: the plugin's value in the holes, the rest as before; one that cannot be used fails startWorker", async (t) => {
  const paintHoles = fileURLToPath(new URL('../../core/test/fixtures/paint-holes-plugin.mjs', import.meta.url));
  const { d, items } = await batch(1);
  const q = await openQueue({ redis: redis.url, queue: 'plugins' });
  try {
    await enqueue(q, items, { detail: 'smooth' });
    const worker = await startWorker({ redis: redis.url, queue: 'plugins', concurrency: 1, model: TINY_MODEL, plugins: [{ module: paintHoles, options: { value: 5 } }] });
    await finished(worker, 1);
    await worker.close();
    t.like(await queueStatus(q), { completed: 1, failed: 0 });
    const out = await sharp(items[0].output).raw().toBuffer();
    const mask = await sharp(join(d, 'mask.png')).extractChannel(0).raw().toBuffer();
    let holes = 0;
    for (let p = 0; p < 32 * 24; p++) {
      const px = [...out.subarray(p * 3, p * 3 + 3)];
      if (mask[p] !== 0) holes++;
      t.deepEqual(px, mask[p] !== 0 ? [5, 5, 5] : [1, 1, 1], `pixel ${p}`);
    }
    t.true(holes > 0);
    const missing = await t.throwsAsync(startWorker({ redis: redis.url, queue: 'plugins', model: TINY_MODEL, plugins: [{ module: './no/such-plugin.mjs' }] }), { instanceOf: PluginError });
    t.is(missing.parameter, 'plugins[0]');
    t.regex(missing.message, /cannot be imported/);
  } finally {
    await q.close();
  }
});
