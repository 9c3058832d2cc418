// Workers on separate hosts (Linux network namespaces made by the test: test/netns/bed.ts),
// cut off, killed and rejoined: nothing lost, nothing written twice, no temporary file left,
// every output byte-identical to a reference run. Skips, and says why, where namespaces
// cannot be made (not root, no `ip`, no redis-server).
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { Inpainter } from '@inpaint/core';
import { TEMP_MARKER, processFile } from '@inpaint/files';
import { TINY_MODEL } from '@inpaint/test-fixtures';
import { enqueue, openQueue, queueStatus } from '../src/index.js';
import type { InpaintQueue, QueueStatus, WorkerOptions } from '../src/index.js';
import { holdTempEnv } from '@inpaint/test-fixtures';
import { createTestBed, netnsUnavailable, startDelayProxy } from './netns/bed.js';
import type { TestBed } from './netns/bed.js';
import { startHostWorker } from './netns/host-worker.js';
import type { HostWorker } from './netns/host-worker.js';
import { write } from './helpers.js';

const GATE_PLUGIN = fileURLToPath(new URL('./netns/gate-plugin.mjs', import.meta.url));
/** Short locks, so that a lost host's jobs are taken over within seconds. */
const LOCKS = { lockDurationMs: 2000, stalledIntervalMs: 500 };
/** How long Redis is unreachable from every worker: 30 s (fifteen locks) unless INPAINT_TEST_OUTAGE_S says otherwise (INPAINT_TEST_OUTAGE_S=10 for a quicker run, same regime). */
const OUTAGE_S = Number(process.env.INPAINT_TEST_OUTAGE_S ?? 30);
const WIDTH = 32;
const HEIGHT = 24;

const unavailable = await netnsUnavailable();
const bed: TestBed | undefined = unavailable ? undefined : await createTestBed(3);
const workers: HostWorker[] = [];
const queues: InpaintQueue[] = [];
test.after.always(async () => {
  await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
  await bed?.teardown();
});

/** A case that needs the test bed: skipped, with the reason in its title, where there is none. */
function hostTest(title: string, body: (t: ExecutionContext, bed: TestBed) => Promise<void>): void {
  if (!bed) test.skip(`${title} (skipped: ${unavailable})`, () => undefined);
  else test.serial(title, (t) => body(t, bed));
}

interface Item { input: string; mask: string; output: string }

/** `n` small photos (each its own colours) with one mask, and their outputs in the shared folder; the reference outputs made in this process. */
async function batch(b: TestBed, name: string, n: number): Promise<{ items: Item[]; reference: Map<string, Buffer>; out: string }> {
  const d = join(b.dir, name);
  const mask = Buffer.alloc(WIDTH * HEIGHT);
  for (let y = 6; y < 18; y++) mask.fill(255, y * WIDTH + 9, y * WIDTH + 20);
  write(join(d, 'mask.png'), await sharp(mask, { raw: { width: WIDTH, height: HEIGHT, channels: 1 } }).png().toBuffer());
  const items: Item[] = [];
  for (let i = 0; i < n; i++) {
    const px = Buffer.alloc(WIDTH * HEIGHT * 3);
    for (let p = 0; p < WIDTH * HEIGHT; p++) {
      px[p * 3] = (i * 37 + (p % WIDTH) * 5) & 255;
      px[p * 3 + 1] = (i * 11 + Math.floor(p / WIDTH) * 7) & 255;
      px[p * 3 + 2] = (i * 91) & 255;
    }
    const input = join(d, 'in', `p${i}.png`);
    write(input, await sharp(px, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).png().toBuffer());
    items.push({ input, mask: join(d, 'mask.png'), output: join(d, 'out', `p${i}.png`) });
  }
  const inpainter = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  const reference = new Map<string, Buffer>();
  try {
    for (const it of items) {
      const ref = join(d, 'reference', basename(it.output));
      const rec = await processFile({ input: it.input, mask: it.mask, output: ref }, {}, inpainter);
      if (rec.status !== 'ok') throw new Error(`reference run failed: ${rec.reason}`);
      reference.set(it.output, readFileSync(ref));
    }
  } finally {
    await inpainter.dispose();
  }
  return { items, reference, out: join(d, 'out') };
}

/** The operator's queue: through Redis's unix socket, as a command run on the Redis machine. */
async function operatorQueue(b: TestBed, name: string): Promise<InpaintQueue> {
  const q = await openQueue({ redis: b.redisSocket, queue: name });
  queues.push(q);
  return q;
}

/** A worker on `host` for queue `name`: one job at a time, one thread, the tiny model. */
async function hostWorker(b: TestBed, host: number, name: string, extra: WorkerOptions = {}, redis = b.redisUrl): Promise<HostWorker> {
  const w = await startHostWorker(b, b.hosts[host], { redis, queue: name, model: TINY_MODEL, concurrency: 1, threadsPerJob: 1, ...LOCKS, ...extra });
  workers.push(w);
  return w;
}

/** `inpaint status --wait`'s loop: until nothing is waiting, active or delayed (every 200 ms, at most `timeoutMs`). */
async function settled(q: InpaintQueue, timeoutMs: number): Promise<QueueStatus> {
  const until = Date.now() + timeoutMs;
  for (let polls = 0; polls < timeoutMs / 200 + 1; polls++) {
    const s = await queueStatus(q);
    if (s.waiting + s.active + s.delayed === 0) return s;
    if (Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`queue ${q.name} not settled within ${timeoutMs} ms: ${JSON.stringify(await queueStatus(q))}`);
}

/** Wait (bounded) until `ok()` holds, polling every 50 ms. */
async function until(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (let polls = 0; polls < timeoutMs / 50 + 1 && Date.now() <= end; polls++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

/** Completions the workers have reported so far (their event lines reach the test after the queue says completed). */
function reportedCompletions(ws: readonly HostWorker[]): number {
  return ws.reduce((n, w) => n + w.events.filter((e) => e.event === 'completed').length, 0);
}

/** Wait (bounded) for the workers' completion events of a settled queue; the assertions count them. */
async function completionsReported(ws: readonly HostWorker[], count: number): Promise<void> {
  await until('every completion reported by its worker', () => reportedCompletions(ws) >= count, 15_000).catch(() => undefined);
}

/** Nothing lost, nothing written twice, no temporary left, every output the reference's bytes. */
async function assertWhole(t: ExecutionContext, items: readonly Item[], reference: Map<string, Buffer>, out: string, ws: readonly HostWorker[]): Promise<void> {
  await completionsReported(ws, items.length);
  const names = readdirSync(out);
  t.deepEqual(names.filter((n) => n.includes(TEMP_MARKER)), [], 'no temporary file left');
  t.is(names.length, items.length, 'one output per image');
  for (const it of items) t.true(readFileSync(it.output).equals(reference.get(it.output)!), `${basename(it.output)} is byte-identical to the reference run`);
  const completions = new Map<string, number>();
  for (const w of ws) for (const e of w.events) if (e.event === 'completed') completions.set(e.output!, (completions.get(e.output!) ?? 0) + 1);
  t.deepEqual([...completions.values()].filter((c) => c !== 1), [], 'each job completed exactly once');
  t.is(completions.size, items.length);
}

/** How many times each output was renamed into place (writes of the final file, not of temporaries), by every worker given. */
function writesOf(ws: readonly HostWorker[]): Map<string, number> {
  const writes = new Map<string, number>();
  for (const w of ws) for (const r of w.renames) if (!basename(r.to).includes(TEMP_MARKER)) writes.set(r.to, (writes.get(r.to) ?? 0) + 1);
  return writes;
}

hostTest("a host's link cut for longer than the lock: the others take its job over; when it returns, its stale result neither replaces the finished output nor leaves a temporary", async (t) => {
  t.timeout(60_000);
  const { items, reference, out } = await batch(bed!, 'cut', 6);
  const gate = join(bed!.dir, 'cut', 'gate');
  const held = join(bed!.dir, 'cut', 'held');
  const q = await operatorQueue(bed!, 'cut');
  // host 1 alone first: it takes a job and holds it after the model ran, before writing (its fill painted 7, unlike any other host's)
  const stale = await hostWorker(bed!, 0, 'cut', { plugins: [{ module: GATE_PLUGIN, options: { gate, held, value: 7, maxMs: 45_000 } }] });
  await enqueue(q, items, {});
  await until('host 1 holds a job', () => existsSync(held), 15_000);
  const cutAt = Date.now();
  await bed!.setLink(bed!.hosts[0], false);
  const others = await Promise.all([hostWorker(bed!, 1, 'cut'), hostWorker(bed!, 2, 'cut')]);
  const s = await settled(q, 30_000);
  t.like(s, { completed: 6, failed: 0 });
  // the queue is settled before every worker's completion event has come through its stdout
  await completionsReported(others, 6);
  const takenOver = others.flatMap((w) => w.events).filter((e) => e.event === 'completed').length;
  t.is(takenOver, 6, 'hosts 2 and 3 completed every job, the held one included');
  const lastDone = Math.max(...others.flatMap((w) => w.events).filter((e) => e.event === 'completed').map((e) => e.t));
  t.log(`link cut to batch done: ${((lastDone - cutAt) / 1000).toFixed(1)} s (lock ${LOCKS.lockDurationMs} ms, stalled check every ${LOCKS.stalledIntervalMs} ms)`);
  const before = new Map(items.map((it) => [it.output, statSync(it.output).ino]));
  // the link returns, then the held job goes on: it must not publish its (different) result
  await bed!.setLink(bed!.hosts[0], true);
  write(gate, '');
  await stale.next((e) => e.event !== 'ready', 30_000);
  await new Promise((r) => setTimeout(r, 500));
  t.log(`the cut-off host, back: ${stale.events.filter((e) => e.event === 'error').map((e) => e.message).join('; ')}`);
  t.deepEqual(items.filter((it) => statSync(it.output).ino !== before.get(it.output)).map((it) => basename(it.output)), [], 'no finished output replaced after the batch was done');
  t.deepEqual([...writesOf([stale]).keys()], [], 'the cut-off host renamed nothing into place');
  await assertWhole(t, items, reference, out, [stale, ...others]);
  t.like(await queueStatus(q), { completed: 6, failed: 0, active: 0 });
  for (const w of [stale, ...others]) await w.stop();
});

/** Start a worker on each of the three hosts for queue `name`. */
function allHosts(b: TestBed, name: string, extra: (host: number) => Promise<[WorkerOptions, NodeJS.ProcessEnv?]> = async () => [{}]): Promise<HostWorker[]> {
  return Promise.all([0, 1, 2].map(async (h) => {
    const [options, env] = await extra(h);
    return startHostWorker(b, b.hosts[h], { redis: b.redisUrl, queue: name, model: TINY_MODEL, concurrency: 1, threadsPerJob: 1, ...LOCKS, ...options }, env).then((w) => { workers.push(w); return w; });
  }));
}

/** When each output was completed, from every worker's events. */
const completedAt = (ws: readonly HostWorker[]) => new Map(ws.flatMap((w) => w.events.filter((e) => e.event === 'completed').map((e) => [e.output!, e.t] as const)));

hostTest('a whole host SIGKILLed mid-job: its job is taken over when the lock expires, its temporary removed, the batch completed once', async (t) => {
  t.timeout(60_000);
  const { items, reference, out } = await batch(bed!, 'kill', 24);
  const q = await operatorQueue(bed!, 'kill');
  // host 2 holds its first write before the rename (hold-temp preload), so it is mid-job when it dies
  const ws = await allHosts(bed!, 'kill', async (h) => [{}, h === 1 ? holdTempEnv({}) : undefined]);
  await enqueue(q, items, {});
  await until('host 2 is writing its first output', () => ws[1].log.some((l) => l.startsWith('holding temporary ')), 20_000);
  const heldTemp = ws[1].log.find((l) => l.startsWith('holding temporary '))!.slice('holding temporary '.length);
  t.true(existsSync(heldTemp));
  const killedAt = Date.now();
  t.true(await bed!.killHost(bed!.hosts[1]) >= 1, 'every process of host 2 killed');
  const s = await settled(q, 30_000);
  t.like(s, { completed: 24, failed: 0 });
  const heldOutput = items.find((it) => heldTemp.includes(`.${basename(it.output)}.`))!.output;
  const doneBy = ws.map((w) => w.events.filter((e) => e.output === heldOutput).map((e) => `${w.host.name} ${e.event} ${e.t - killedAt} ms after the kill`)).flat();
  t.false(existsSync(heldTemp), `the killed host's temporary was removed by the host that took its job over (${doneBy.join('; ')})`);
  const retried = completedAt(ws).get(heldOutput)! - killedAt;
  t.log(`host 2 killed mid-job: 1 job retried, completed ${(retried / 1000).toFixed(1)} s after the kill (lock ${LOCKS.lockDurationMs} ms); the others kept working`);
  await assertWhole(t, items, reference, out, ws);
  t.deepEqual([...writesOf([ws[0], ws[2]]).values()].filter((n) => n !== 1), [], 'the live hosts renamed each output into place once');
  await Promise.all([ws[0].stop(), ws[2].stop()]);
});

hostTest(`Redis unreachable from every worker for ${OUTAGE_S} s, then back: the workers wait and resume, nothing lost, nothing failed (status --wait would end 0)`, async (t) => {
  t.timeout(60_000 + OUTAGE_S * 3000);
  const { items, reference, out } = await batch(bed!, 'outage', 24);
  const q = await operatorQueue(bed!, 'outage');
  // host 1 waits 2 s after its first output's rename, before its job completes: Redis is cut in between
  const ws = await allHosts(bed!, 'outage', async (h) => [{}, h === 0 ? { INPAINT_TEST_HOLD_AFTER_RENAME_MS: '2000' } : undefined]);
  await enqueue(q, items, {});
  await until('host 1 has renamed its first output into place', () => ws[0].log.some((l) => l.startsWith('holding after rename ')), 20_000);
  const published = ws[0].log.find((l) => l.startsWith('holding after rename '))!.slice('holding after rename '.length);
  await bed!.setLink('redis', false);
  const cutAt = Date.now();
  const during = await queueStatus(q); // the operator, on the Redis machine, still sees the queue
  await new Promise((r) => setTimeout(r, OUTAGE_S * 1000));
  const doneDuring = ws.flatMap((w) => w.events).filter((e) => e.event === 'completed' && e.t > cutAt + 1000).length;
  await bed!.setLink('redis', true);
  const backAt = Date.now();
  const s = await settled(q, 45_000 + OUTAGE_S * 2000);
  t.like(s, { completed: 24, failed: 0 }, 'status --wait ends 0: nothing failed');
  t.is(doneDuring, 0, 'no job completed while Redis was unreachable');
  const last = Math.max(...completedAt(ws).values());
  const retried = ws.flatMap((w) => w.events).filter((e) => e.event === 'error' && /Missing lock|could not renew/.test(e.message ?? '')).length;
  const earlier = ws.flatMap((w) => w.events).filter((e) => e.event === 'completed' && e.earlier).map((e) => e.output);
  t.log(`outage ${OUTAGE_S} s with ${during.completed} of 24 done; batch done ${((last - backAt) / 1000).toFixed(1)} s after Redis came back; ${retried} lock errors (jobs run again), of which ${earlier.length} had renamed their output before the cut and completed with that run's record`);
  t.true(earlier.includes(published), `the job whose output host 1 renamed just before the cut completed with that run's record (${earlier.join(', ') || 'none did'})`);
  await assertWhole(t, items, reference, out, ws);
  t.deepEqual([...writesOf(ws).values()].filter((n) => n !== 1), [], 'each output renamed into place once: a job cut off mid-way did not publish, a job whose completion was lost did not publish again');
  await Promise.all(ws.map((w) => w.stop()));
});

hostTest('50 ms latency and 1 % loss on every link: nothing lost; throughput measured against the same batch without them', async (t) => {
  t.timeout(120_000);
  const shape = { delayMs: 50, lossPercent: 1 };
  const rates: Record<string, number> = {};
  for (const shaped of [false, true]) {
    const name = shaped ? 'slow' : 'fast';
    const { items, reference, out } = await batch(bed!, name, 30);
    const q = await operatorQueue(bed!, name);
    let proxies: { url: string; stop(): void }[] = [];
    if (shaped && !(await bed!.shapeAll(shape))) {
      t.log('no netem in this kernel (CONFIG_NET_SCH_NETEM unset): every worker reaches Redis through a relay in its namespace that holds each chunk 50 ms each way, and 1 % of them 200 ms more (a resent segment)');
      proxies = await Promise.all(bed!.hosts.map((h) => startDelayProxy(bed!, h, shape)));
    }
    const ws = await allHosts(bed!, name, async (h) => [proxies[h] ? { redis: proxies[h].url } : {}]);
    const t0 = Date.now();
    await enqueue(q, items, {});
    const s = await settled(q, 60_000);
    await completionsReported(ws, items.length);
    const seconds = (Math.max(...completedAt(ws).values()) - t0) / 1000;
    rates[name] = items.length / seconds;
    t.like(s, { completed: 30, failed: 0 });
    await assertWhole(t, items, reference, out, ws);
    t.deepEqual([...writesOf(ws).values()].filter((n) => n !== 1), [], 'each output renamed into place once');
    await Promise.all(ws.map((w) => w.stop()));
    for (const p of proxies) p.stop();
    await bed!.shapeAll(null);
  }
  t.log(`3 hosts, 30 images of ${WIDTH}x${HEIGHT}: ${rates.fast.toFixed(1)} images/s on plain links, ${rates.slow.toFixed(1)} images/s with 50 ms latency and 1 % loss`);
  t.true(rates.slow > 0);
});
