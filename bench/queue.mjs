#!/usr/bin/env node
// The queue's overhead over `inpaint run` on one machine, in one run: the same N images
// (1024×768 JPEGs, holes about 3 % of the picture, the shipped model) by
//   run       inpaint run --concurrency 2
//   1 worker  inpaint worker --concurrency 2, fed by inpaint enqueue, until status --wait returns
//   2 workers two inpaint worker processes, --concurrency 1 --threads 1 each (two machines' worth on one)
// On 2 cores the point is the overhead per image (target ≤ 5 % over run), not a speed-up.
//   node bench/queue.mjs [--images 200] [--out bench/results/queue.json]
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { syntheticImage } from '@inpaint/cli';
import { startRedis } from '@inpaint/test-fixtures/redis';
import { machine, round } from './machine.mjs';

const arg = (k, d) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const N = Number(arg('--images', 200));
const out = arg('--out', 'bench/results/queue.json');
const BIN = 'packages/cli/bin/inpaint.js';
const dir = mkdtempSync(join(tmpdir(), 'inpaint-bench-queue-'));
mkdirSync(join(dir, 'in')); mkdirSync(join(dir, 'masks'));
const W = 1024, H = 768;
const mask = Buffer.alloc(W * H);
for (const [x0, y0, w, h] of [[100, 80, 160, 90], [600, 400, 120, 150]]) for (let y = y0; y < y0 + h; y++) mask.fill(255, y * W + x0, y * W + x0 + w);
const maskPng = await sharp(mask, { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();
for (let i = 0; i < N; i++) {
  const img = syntheticImage(W, H, i + 1);
  writeFileSync(join(dir, 'in', `p${i}.jpg`), await sharp(Buffer.from(img.data), { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 90 }).toBuffer());
  writeFileSync(join(dir, 'masks', `p${i}.png`), maskPng);
}
const redis = await startRedis();
const cli = (args) => execFileSync(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const seconds = (f) => { const t = performance.now(); f(); return (performance.now() - t) / 1000; };

function workers(queue, count, concurrency, threads) {
  return Promise.all(Array.from({ length: count }, () => new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'worker', '--redis', redis.url, '--queue', queue, '--concurrency', String(concurrency), '--threads', String(threads)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let buf = '';
    child.stderr.on('data', (c) => { buf += c; if (buf.includes('worker on queue')) resolve(child); });
  })));
}

async function viaQueue(queue, count, concurrency, threads) {
  const ws = await workers(queue, count, concurrency, threads);
  let enqueue = 0;
  const s = seconds(() => {
    enqueue = seconds(() => cli(['enqueue', join(dir, 'in'), '--masks', join(dir, 'masks'), '--out', join(dir, `out-${queue}`), '--redis', redis.url, '--queue', queue]));
    cli(['status', '--wait', '--redis', redis.url, '--queue', queue]);
  });
  await Promise.all(ws.map((w) => new Promise((r) => { w.once('exit', r); w.kill('SIGTERM'); })));
  return { s, enqueue };
}

const run = seconds(() => cli(['run', join(dir, 'in'), '--masks', join(dir, 'masks'), '--out', join(dir, 'out-run'), '--concurrency', '2']));
const one = await viaQueue('one', 1, 2, 1);
const two = await viaQueue('two', 2, 1, 1);
await redis.stop();
rmSync(dir, { recursive: true, force: true });
const row = (s, enqueue) => ({ seconds: round(s, 2), ...(enqueue === undefined ? {} : { enqueueSeconds: round(enqueue, 2) }), imagesPerSecond: round(N / s, 2), msPerImage: round((s * 1000) / N, 1), overVsRun: round(s / run - 1, 3) });
const result = {
  command: `node bench/queue.mjs --images ${N}`, machine: machine(), images: N, size: `${W}x${H}`,
  note: 'wall time from the first command to the last output; queue rows include enqueue (hashing every input) and the status --wait poll (every 250 ms)',
  run: row(run), oneWorkerConcurrency2: row(one.s, one.enqueue), twoWorkersConcurrency1: row(two.s, two.enqueue),
  overheadPerImageMs: { oneWorker: round(((one.s - run) * 1000) / N, 1), twoWorkers: round(((two.s - run) * 1000) / N, 1) },
  target: 'overVsRun ≤ 0.05',
};
console.log(JSON.stringify(result, null, 2));
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
