import test from 'ava';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateMask } from '@inpaint/mask-gen';
import { Piscina } from 'piscina';
import { DisposedError, InpaintPool, Inpainter, InvalidMaskError, InvalidParameterError, MaskMismatchError, ModelNotFoundError } from '../src/index.js';
import type { PoolReply, ReleaseTask } from '../src/worker.js';
import { TINY_MODEL, randomImage } from './helpers.js';

test('pool results equal the single Inpainter byte for byte, with bounded in-flight work', async (t) => {
  const pool = await InpaintPool.create({ model: TINY_MODEL, size: 2, maxQueue: 0 });
  const single = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  const jobs = Array.from({ length: 6 }, (_, i) => ({
    image: randomImage(90, 60, 3, i),
    mask: generateMask({ width: 90, height: 60, seed: i, ratio: [0.1, 0.3] }),
  }));
  // count tasks inside the workers from the pool's own hooks: start before a task is handed
  // over, done/failed after it came back
  let running = 0, maxRunning = 0;
  pool.hooks.start.tap('count', () => { running++; maxRunning = Math.max(maxRunning, running); });
  pool.hooks.done.tap('count', () => { running--; });
  const results = await Promise.all(jobs.map((j) => pool.inpaint(j.image, j.mask)));
  t.is(running, 0);
  t.is(maxRunning, 2, `at most size + maxQueue in the workers, and the pool uses them: saw ${maxRunning}`);
  for (const [i, j] of jobs.entries()) t.deepEqual(results[i].data, (await single.inpaint(j.image, j.mask)).data);
  await single.dispose();
  await pool.dispose();
});

test('pool keeps the event loop free while workers run', async (t) => {
  const pool = await InpaintPool.create({ model: TINY_MODEL, size: 1 });
  // while the workers run, the main thread keeps taking turns of its event loop: count them
  let finished = false;
  const work = Promise.all(Array.from({ length: 4 }, (_, i) => pool.inpaint(randomImage(256, 256, 3, i), generateMask({ width: 256, height: 256, seed: i, ratio: [0.3, 0.5] }), { strategy: 'full' })))
    .finally(() => { finished = true; });
  let turns = 0;
  while (!finished) {
    await new Promise((r) => setImmediate(r));
    turns++;
  }
  await work;
  t.true(turns > 10, `the event loop took ${turns} turns while the pool worked`);
  await pool.dispose();
});

test('pool errors keep their class; a bad model fails at create; disposed pool rejects', async (t) => {
  await t.throwsAsync(InpaintPool.create({ model: '/nope.onnx', size: 1 }), { instanceOf: ModelNotFoundError });
  const pool = await InpaintPool.create({ model: TINY_MODEL, size: 1 });
  await t.throwsAsync(pool.inpaint(randomImage(10, 10, 3), new Uint8Array(5)), { instanceOf: MaskMismatchError });
  const img = randomImage(20, 20, 3);
  const full = new Uint8Array(400).fill(255);
  const failed: unknown[] = [];
  pool.hooks.failed.tap('collect', (e) => failed.push(e));
  const e = await t.throwsAsync(pool.inpaint(img, full), { instanceOf: InvalidMaskError, message: /every pixel as a hole/ });
  t.is(e.code, 'ERR_INVALID_MASK');
  t.deepEqual(failed, [e], 'the failed hook saw the same typed error');
  const bad = await t.throwsAsync(pool.inpaint(img, new Uint8Array(400), { feather: -1 }), { instanceOf: InvalidParameterError });
  t.is(bad.parameter, 'feather', 'parameter details survive the worker thread');
  await pool.dispose();
  await t.throwsAsync(pool.inpaint(img, new Uint8Array(400)), { instanceOf: DisposedError });
});

test('pool plugins see every report on the caller thread', async (t) => {
  const reports: string[] = [];
  const pool = await InpaintPool.create({ model: TINY_MODEL, size: 1, plugins: [{ apply: (p) => p.hooks.done.tapPromise('log', async (r) => { reports.push(`${r.width}x${r.height} ${r.strategy}`); }) }] });
  await pool.inpaint(randomImage(40, 30, 3, 1), generateMask({ width: 40, height: 30, seed: 1, ratio: [0.1, 0.2] }));
  await pool.inpaint(randomImage(20, 20, 3, 2), new Uint8Array(400));
  t.deepEqual(reports.map((r) => r.split(' ')[0]), ['40x30', '20x20']);
  t.is(reports[1], '20x20 none');
  await pool.dispose();
});

test('each worker releases its own session once, before the pool stops its thread', async (t) => {
  // worker.ts#release, driven as InpaintPool#dispose drives it: one release task per worker,
  // held at a barrier so that no worker takes two while another takes none
  const piscina = new Piscina({ filename: new URL('../src/worker.ts', import.meta.url).href, minThreads: 2, maxThreads: 2, workerData: { inpainter: { model: TINY_MODEL, threads: 1 } } });
  const mask = generateMask({ width: 64, height: 48, seed: 1, ratio: [0.1, 0.3] });
  // two tasks at once: one on each worker, so both hold a session
  const replies = await Promise.all([1, 2].map((i) => piscina.run({ image: randomImage(64, 48, 3, i), mask }) as Promise<PoolReply>));
  t.true(replies.every((r) => r.ok), JSON.stringify(replies.map((r) => (r.ok ? "ok" : r.error))));
  const release = (): Promise<boolean[]> => {
    const task: ReleaseTask = { arrived: new SharedArrayBuffer(4), workers: 2 };
    return Promise.all([0, 1].map(() => piscina.run(task, { name: 'release' }) as Promise<boolean>));
  };
  t.deepEqual(await release(), [true, true], 'both workers had a session and released it');
  t.deepEqual(await release(), [false, false], 'nothing is left to release');
  await piscina.destroy();
});

test('pools started and disposed one after another leave the process to exit normally', async (t) => {
  const script = fileURLToPath(new URL('./fixtures/pool-cycles.ts', import.meta.url));
  const { code, signal, stdout, stderr } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import=tsx', script, '6'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('close', (c, s) => resolve({ code: c, signal: s, stdout: out, stderr: err }));
  });
  t.is(signal, null, stderr);
  t.is(code, 0, stderr);
  t.is(stdout.trim(), 'ok 6');
});
