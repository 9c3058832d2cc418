import test from 'ava';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateMask } from '@inpaint/mask-gen';
import { Piscina } from 'piscina';
import { DisposedError, InpaintPool, Inpainter, detailPlugin, InvalidMaskError, InvalidParameterError, MaskMismatchError, ModelNotFoundError, PluginError } from '../src/index.js';
import type { ProgressEvent, RawImage } from '../src/index.js';
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

const PAINT_HOLES = new URL('./fixtures/paint-holes-plugin.mjs', import.meta.url).href;

/** The samples of hole pixels, and whether every sample outside holes is as in the input. */
function holeSamples(input: RawImage, out: RawImage, mask: Uint8Array): { holes: Set<number>; outsideKept: boolean } {
  const holes = new Set<number>();
  let outsideKept = true;
  for (let i = 0; i < mask.length; i++) {
    for (let c = 0; c < out.channels; c++) {
      const k = i * out.channels + c;
      if (mask[i] !== 0) holes.add(out.data[k]);
      else if (out.data[k] !== input.data[k]) outsideKept = false;
    }
  }
  return { holes, outsideKept };
}

test('a user plugin named by module specifier runs in every worker and changes the pixels', async (t) => {
  const pool = await InpaintPool.create({ model: TINY_MODEL, size: 2, plugins: [{ module: PAINT_HOLES, options: { value: 7 } }] });
  const plain = await InpaintPool.create({ model: TINY_MODEL, size: 1 });
  const jobs = [1, 2, 3, 4].map((i) => ({ image: randomImage(64, 48, 3, i), mask: generateMask({ width: 64, height: 48, seed: i, ratio: [0.1, 0.3] }) }));
  const outs = await Promise.all(jobs.map((j) => pool.inpaint(j.image, j.mask, { detail: 'smooth' })));
  for (const [i, j] of jobs.entries()) {
    const { holes, outsideKept } = holeSamples(j.image, outs[i], j.mask.data);
    t.deepEqual([...holes], [7], 'every hole sample is the plugin\'s');
    t.true(outsideKept);
  }
  t.is(pool.sessions, 2, 'both workers ran tasks');
  const without = holeSamples(jobs[0].image, await plain.inpaint(jobs[0].image, jobs[0].mask, { detail: 'smooth' }), jobs[0].mask.data);
  t.true(without.holes.size > 1, 'without the plugin the network fills the holes');
  await Promise.all([pool.dispose(), plain.dispose()]);
});

test('a plugin named like a built-in replaces it in the workers instead of stacking on it', async (t) => {
  // a user's module named 'texture' serves detail 'texture' (the stacking check is below: here
  // the painter would hide a built-in that ran before it)
  const pool = await InpaintPool.create({ model: TINY_MODEL, size: 1, plugins: [{ module: PAINT_HOLES, options: { value: 9, name: 'texture', detail: 'texture' } }] });
  const image = randomImage(96, 72, 3, 3);
  const mask = generateMask({ width: 96, height: 72, seed: 3, ratio: [0.2, 0.3] });
  t.deepEqual([...holeSamples(image, await pool.inpaint(image, mask, { detail: 'texture', clamp: 0 }), mask.data).holes], [9]);
  t.true(holeSamples(image, await pool.inpaint(image, mask, { detail: 'smooth' }), mask.data).holes.size > 1, 'other detail settings are untouched');
  await pool.dispose();
  // built-ins by name too: 'inpaint:texture' with the attention method is the old stacked arm
  const attention = await InpaintPool.create({ model: TINY_MODEL, size: 1, plugins: [{ module: 'inpaint:texture', options: { method: 'attention' } }] });
  const single = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  const patchmatch = await single.inpaint(image, mask, { detail: 'texture' });
  const viaPool = await attention.inpaint(image, mask, { detail: 'texture' });
  t.notDeepEqual(viaPool.data, patchmatch.data, 'the built-in texture stage no longer runs');
  // attention alone on the network's fill (the built-in stays off under 'smooth'): what the pool's workers must do
  const reference = await Inpainter.create({ model: TINY_MODEL, threads: 1, detail: 'smooth', plugins: [detailPlugin({ method: 'attention', always: true })] });
  t.deepEqual(viaPool.data, (await reference.inpaint(image, mask)).data, 'attention ran alone: the built-in patchmatch did not run before it');
  await Promise.all([attention.dispose(), single.dispose(), reference.dispose()]);
});

test('a plugin module that cannot be used fails create with a typed error naming it', async (t) => {
  const missing = await t.throwsAsync(InpaintPool.create({ model: TINY_MODEL, size: 1, plugins: [{ module: './no/such-plugin.js' }] }), { instanceOf: PluginError });
  t.is(missing.code, 'ERR_INVALID_PARAMETER');
  t.is(missing.parameter, 'plugins[0]');
  t.regex(missing.specifier, /^file:\/\/.*\/no\/such-plugin\.js$/, 'a relative path is resolved from the working directory');
  t.regex(missing.message, /cannot be imported .*give an installed package's name, a file URL, a path/);
  const noFactory = await t.throwsAsync(InpaintPool.create({ model: TINY_MODEL, size: 1, plugins: [{ module: new URL('./fixtures/no-factory-plugin.mjs', import.meta.url).href }] }), { instanceOf: PluginError });
  t.regex(noFactory.message, /no default export that is a function; export default a factory/);
  await t.throwsAsync(InpaintPool.create({ model: TINY_MODEL, size: 1, plugins: [{ module: 'inpaint:sharpen' }] }), { instanceOf: PluginError, message: /names no built-in plugin; the built-ins are inpaint:feather/ });
  await t.throwsAsync(InpaintPool.create({ model: TINY_MODEL, size: 1, plugins: [{ module: PAINT_HOLES, options: { value: 1, name: 'texture' } }, { module: 'inpaint:texture' }] }), { instanceOf: InvalidParameterError, message: /plugins\[0\] is already named 'texture'/ });
});

// serial: no other test of this file opens an Inpainter on this thread meanwhile
test.serial('a pool of N workers opens N sessions: the first is the probe', async (t) => {
  // any session opened on this thread goes through Inpainter.create: count those too
  const create = Inpainter.create;
  let here = 0;
  Inpainter.create = (...args) => { here++; return create.apply(Inpainter, args); };
  try {
    const pool = await InpaintPool.create({ model: TINY_MODEL, size: 2 });
    t.true(pool.sessions >= 1 && pool.sessions <= 2, `create waited for the first worker's session: ${pool.sessions}`);
    // the second worker opens its session as its thread starts, before any task reaches it
    for (let i = 0; i < 200 && pool.sessions < 2; i++) await new Promise((r) => setTimeout(r, 50));
    t.is(pool.sessions, 2, 'every worker opened its session before its first task');
    await Promise.all([1, 2, 3, 4, 5, 6].map((i) => pool.inpaint(randomImage(64, 48, 3, i), generateMask({ width: 64, height: 48, seed: i, ratio: [0.1, 0.3] }))));
    t.is(pool.sessions + here, 2, `sessions: ${pool.sessions} in the workers, ${here} on the caller's thread`);
    await pool.dispose();
  } finally {
    Inpainter.create = create;
  }
});

test('pixels move to the worker when asked (the caller\'s arrays are detached), else the caller keeps them', async (t) => {
  const pool = await InpaintPool.create({ model: TINY_MODEL, size: 1 });
  const image = randomImage(64, 48, 3, 8);
  const mask = generateMask({ width: 64, height: 48, seed: 8, ratio: [0.1, 0.3] });
  const keptImage = { ...image, data: image.data.slice() };
  const keptMask = { ...mask, data: mask.data.slice() };
  const copied = await pool.inpaint(keptImage, keptMask);
  t.deepEqual(keptImage.data, image.data, 'by default the caller\'s image is untouched and usable');
  t.deepEqual(keptMask.data, mask.data);
  const movingImage = { ...image, data: image.data.slice() };
  const movingMask = { ...mask, data: mask.data.slice() };
  const call = pool.inpaint(movingImage, movingMask, undefined, { transfer: true });
  t.is(movingImage.data.length, 0, 'the image buffer was moved, not copied');
  t.is(movingImage.data.buffer.byteLength, 0);
  t.is(movingMask.data.length, 0, 'the mask buffer too');
  const moved = await call;
  t.deepEqual(moved.data, copied.data, 'same result either way');
  // a view onto part of a larger buffer is copied, not moved (its neighbours stay)
  const slab = new Uint8Array(image.data.length + 16);
  slab.set(image.data, 8);
  const part = { ...image, data: slab.subarray(8, 8 + image.data.length) };
  t.deepEqual((await pool.inpaint(part, mask.data.slice(), undefined, { transfer: true })).data, copied.data);
  t.is(slab.length, image.data.length + 16, 'the larger buffer is not detached');
  // the sample type crosses as it is, moved or copied
  const deep = randomImage(64, 48, 3, 8, 16);
  for (const transfer of [false, true]) {
    t.is((await pool.inpaint({ ...deep, data: deep.data.slice() }, mask.data.slice(), undefined, { transfer })).data.constructor, Uint16Array);
    t.is((await pool.inpaint({ ...image, data: new Uint8ClampedArray(image.data) }, mask.data.slice(), undefined, { transfer })).data.constructor, Uint8ClampedArray);
  }
  await pool.dispose();
});

test('Node Buffers work as pixels on every Node version: a slice of a Buffer is a view, so the task copies it into memory it may transfer', async (t) => {
  // Node 21+ refuses to transfer the memory of its Buffer pool and of native addons (sharp's
  // raw output): 'DataCloneError: Cannot transfer object of unsupported type'
  const pool = await InpaintPool.create({ model: TINY_MODEL, size: 1 });
  const image = randomImage(20, 15, 3, 9);
  const mask = generateMask({ width: 20, height: 15, seed: 9, ratio: [0.1, 0.3] });
  const expected = (await pool.inpaint({ ...image, data: image.data.slice() }, mask.data.slice())).data;
  for (const transfer of [false, true]) {
    const pooled = Buffer.from(image.data); // 900 bytes: a view onto Node's shared Buffer pool
    t.true(pooled.buffer.byteLength > pooled.length, 'the Buffer is a view onto a larger pool');
    const out = await pool.inpaint({ ...image, data: pooled }, Buffer.from(mask.data), undefined, { transfer });
    t.deepEqual(out.data, expected, `transfer: ${transfer}`);
    t.deepEqual([...pooled], [...image.data], 'the caller\'s Buffer (and the pool under it) is untouched');
  }
  await pool.dispose();
});

test('a plugin\'s progress reaches the pool\'s caller from the worker thread', async (t) => {
  const hooked: ProgressEvent[] = [];
  const pool = await InpaintPool.create({ model: TINY_MODEL, size: 1, plugins: [{ apply: (p) => p.hooks.progress.tap('collect', (e) => { hooked.push(e); }) }] });
  const image = randomImage(160, 120, 3, 9);
  const mask = generateMask({ width: 160, height: 120, seed: 9, ratio: [0.1, 0.2] });
  const mine: ProgressEvent[] = [];
  await pool.inpaint(image, mask, { detail: 'complete' }, { onProgress: (e) => mine.push(e) });
  t.true(mine.length >= 2, `the completion reported ${mine.length} levels`);
  t.deepEqual(hooked, mine, 'the pool hook and the call\'s callback saw the same events, all before the call resolved');
  t.true(mine.every((e) => e.plugin === 'complete' && e.done >= 1 && e.done <= e.total && e.box.x1 > e.box.x0));
  t.is(mine.at(-1)!.done, mine.at(-1)!.total);
  const smooth: ProgressEvent[] = [];
  await pool.inpaint(image, mask, { detail: 'smooth' }, { onProgress: (e) => smooth.push(e) });
  t.deepEqual(smooth, [], 'no completion, no progress');
  const failing = pool.inpaint(image, mask, { detail: 'complete' }, { onProgress: () => { throw new Error('listener bug'); } });
  await t.throwsAsync(failing, { message: 'listener bug' }, 'a listener\'s error rejects its call');
  await pool.dispose();
});
