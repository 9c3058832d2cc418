#!/usr/bin/env node
// The queue across "hosts": Linux network namespaces on one machine (packages/queue/test/netns,
// the multi-host tests' test bed; root, `ip` and redis-server needed), Redis in one, worker
// hosts in three others, on 198.18.35.0/24 only. Measures
//   throughput   the same batch with 1, 2 and 3 worker hosts (one job at a time, one thread
//                each). One machine: the curve shows the queue's overhead per host, not more cores.
//   failures     what a link cut (longer than the lock), a host SIGKILLed mid-batch and Redis
//                unreachable from every worker (10 s and 30 s) cost: jobs run again, and seconds
//                over the same batch without the failure
//   redis        Redis memory per queued job (INFO memory before and after enqueueing N jobs)
//                and per finished job kept (completed jobs are kept for status and idempotency)
// Small images and the tiny test model, so that jobs are quick and the queue's own costs show.
//   node --import=tsx bench/queue-hosts.mjs [--images 60] [--queued 5000] [--kept 300] [--out bench/results/queue-hosts.json]
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { Redis } from 'ioredis';
import { TINY_MODEL } from '@inpaint/test-fixtures';
import { enqueue, openQueue, queueStatus } from '@inpaint/queue';
import { createTestBed, netnsUnavailable } from '../packages/queue/test/netns/bed.ts';
import { startHostWorker } from '../packages/queue/test/netns/host-worker.ts';
import { machine, round } from './machine.mjs';

const arg = (k, d) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const N = Number(arg('--images', 60));
const QUEUED = Number(arg('--queued', 5000));
const KEPT = Number(arg('--kept', 300));
const out = arg('--out', 'bench/results/queue-hosts.json');
const W = 64, H = 48;
const LOCKS = { lockDurationMs: 2000, stalledIntervalMs: 500 };

const why = await netnsUnavailable();
if (why) {
  console.error(`bench/queue-hosts.mjs: ${why}`);
  process.exit(2);
}
const bed = await createTestBed(3);
const redisInfo = new Redis(bed.redisSocket);
redisInfo.on('error', () => undefined); // after teardown

async function images(name, n) {
  const d = join(bed.dir, name);
  mkdirSync(join(d, 'in'), { recursive: true });
  const mask = Buffer.alloc(W * H);
  for (let y = 12; y < 30; y++) mask.fill(255, y * W + 20, y * W + 40);
  writeFileSync(join(d, 'mask.png'), await sharp(mask, { raw: { width: W, height: H, channels: 1 } }).png().toBuffer());
  const items = [];
  for (let i = 0; i < n; i++) {
    const px = Buffer.alloc(W * H * 3);
    for (let p = 0; p < W * H; p++) { px[p * 3] = (i * 37 + p) & 255; px[p * 3 + 1] = (i * 11 + (p >> 6) * 5) & 255; px[p * 3 + 2] = (i * 91) & 255; }
    const input = join(d, 'in', `p${i}.png`);
    writeFileSync(input, await sharp(px, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer());
    items.push({ input, mask: join(d, 'mask.png'), output: join(d, 'out', `p${i}.png`) });
  }
  return items;
}

const workersOn = (hosts, queue) => Promise.all(hosts.map((h) => startHostWorker(bed, bed.hosts[h], { redis: bed.redisUrl, queue, model: TINY_MODEL, concurrency: 1, threadsPerJob: 1, ...LOCKS })));

async function settle(q, timeoutMs) {
  for (let i = 0, end = Date.now() + timeoutMs; i < timeoutMs / 100 && Date.now() < end; i++) {
    const s = await queueStatus(q);
    if (s.waiting + s.active + s.delayed === 0) return s;
    await sleep(100);
  }
  throw new Error(`queue ${q.name} not settled in ${timeoutMs} ms`);
}

/** Jobs started more than once (attemptsStarted > 1). */
async function rerun(q) {
  const jobs = await q.bull.getJobs(['completed', 'failed'], 0, -1);
  return jobs.filter((j) => j.attemptsStarted > 1).length;
}

/** One batch of N on `hosts`, with `fault(workers)` run once the first job is done; seconds from enqueue to the last completion. */
async function batch(name, hosts, fault) {
  const items = await images(name, N);
  const q = await openQueue({ redis: bed.redisSocket, queue: name });
  const ws = await workersOn(hosts, name);
  const t0 = Date.now();
  await enqueue(q, items, {});
  let faultNote;
  if (fault) {
    for (let i = 0; i < 400 && !ws.some((w) => w.events.some((e) => e.event === 'completed')); i++) await sleep(50);
    faultNote = await fault(ws);
  }
  const s = await settle(q, 180_000);
  const last = Math.max(...ws.flatMap((w) => w.events.filter((e) => e.event === 'completed').map((e) => e.t)));
  const result = { seconds: round((last - t0) / 1000), imagesPerSecond: round(N / ((last - t0) / 1000)), completed: s.completed, failed: s.failed, jobsRunAgain: await rerun(q), ...faultNote };
  await Promise.all(ws.map((w) => w.stop()));
  await q.close();
  if (s.completed !== N || s.failed !== 0) throw new Error(`${name}: ${JSON.stringify(s)}`);
  return result;
}

const result = { command: `node --import=tsx bench/queue-hosts.mjs --images ${N} --queued ${QUEUED} --kept ${KEPT}`, machine: machine(), loadAverageAtStart: loadavg().map((l) => round(l)), images: N, size: `${W}x${H}`, model: 'the tiny test model (test-fixtures pconv-tiny.onnx)', locks: LOCKS,
  note: 'hosts are network namespaces on one machine: the throughput curve shows what each host costs the queue, not more cores; other work on the machine at the time shows in loadAverageAtStart' };
try {
  result.throughput = {};
  for (const hosts of [[0], [0, 1], [0, 1, 2]]) result.throughput[`${hosts.length} host${hosts.length > 1 ? 's' : ''}`] = await batch(`hosts-${hosts.length}`, hosts);
  const base = result.throughput['3 hosts'].seconds;
  const cost = (r) => ({ ...r, secondsLost: round(r.seconds - base) });
  result.failures = {
    linkCut: cost(await batch('cut', [0, 1, 2], async () => {
      await bed.setLink(bed.hosts[0], false);
      await sleep(LOCKS.lockDurationMs * 3);
      await bed.setLink(bed.hosts[0], true);
      return { what: `host 1's link down for ${LOCKS.lockDurationMs * 3} ms (3 locks) mid-batch` };
    })),
    hostKilled: cost(await batch('kill', [0, 1, 2], async () => {
      const killed = await bed.killHost(bed.hosts[1]);
      return { what: `every process of host 2 SIGKILLed mid-batch (${killed})` };
    })),
  };
  for (const s of [10, 30]) {
    result.failures[`redisUnreachable${s}s`] = cost(await batch(`outage-${s}`, [0, 1, 2], async () => {
      await bed.setLink('redis', false);
      await sleep(s * 1000);
      await bed.setLink('redis', true);
      return { what: `Redis's link down for ${s} s mid-batch (every worker cut off)` };
    }));
    const r = result.failures[`redisUnreachable${s}s`];
    r.secondsLostAfterOutage = round(r.seconds - base - s); // beyond the outage itself
  }

  // Redis memory: QUEUED waiting jobs (no worker); then KEPT jobs run to completion and kept
  const used = async () => Number(/used_memory:(\d+)/.exec(await redisInfo.info('memory'))[1]);
  const [one] = await images('memory', 1);
  const like = (i) => join(bed.dir, 'memory', 'out', `2026-12-05/batch-${Math.floor(i / 1000)}/IMG_${String(i).padStart(6, '0')}.png`);
  const q = await openQueue({ redis: bed.redisSocket, queue: 'memory' });
  const before = await used();
  const t0 = Date.now();
  await enqueue(q, Array.from({ length: QUEUED }, (_, i) => ({ input: one.input, mask: one.mask, output: like(i) })), {});
  const enqueueSeconds = (Date.now() - t0) / 1000;
  const waiting = await used();
  await q.close();
  const done = await openQueue({ redis: bed.redisSocket, queue: 'memory-done' });
  const beforeDone = await used();
  await enqueue(done, Array.from({ length: KEPT }, (_, i) => ({ input: one.input, mask: one.mask, output: like(i) })), {});
  const ws = await workersOn([0, 1, 2], 'memory-done');
  await settle(done, 600_000);
  await Promise.all(ws.map((w) => w.stop()));
  const kept = await used();
  await done.close();
  result.redis = {
    waitingJobs: QUEUED,
    completedJobs: KEPT,
    pathsLike: like(0),
    enqueueJobsPerSecond: round(QUEUED / enqueueSeconds),
    usedMemoryBeforeBytes: before,
    bytesPerWaitingJob: Math.round((waiting - before) / QUEUED),
    bytesPerCompletedJobKept: Math.round((kept - beforeDone) / KEPT),
    note: 'INFO memory used_memory; a completed job keeps its data and its file record (the return value) until the retention (100 000 jobs, 7 days) drops it',
  };
} finally {
  redisInfo.disconnect();
  await bed.teardown();
}
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
