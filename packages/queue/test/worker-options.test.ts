import test from 'ava';
import { availableParallelism } from 'node:os';
import { InvalidParameterError, threadsPerWorker } from '@inpaint/core';
import { WORKER_OPTION_SCHEMA, workerSettings } from '../src/worker-options.js';

test('every default is decided from the declaration: lock times, the core count, the cores shared among the jobs', (t) => {
  const s = workerSettings();
  t.is(s.lockDurationMs, WORKER_OPTION_SCHEMA.lockDurationMs.default);
  t.is(s.stalledIntervalMs, WORKER_OPTION_SCHEMA.stalledIntervalMs.default);
  t.is(s.lockDurationMs, 30_000);
  t.is(s.concurrency, availableParallelism());
  t.is(s.threadsPerJob, threadsPerWorker(availableParallelism()));
  t.is(workerSettings({ concurrency: 3 }).threadsPerJob, threadsPerWorker(3));
  t.is(workerSettings({ concurrency: 1 }).threadsPerJob, availableParallelism(), 'one job at a time: all the cores');
  t.is(s.model, undefined, 'no model: the one shipped with core');
});

test('given options win, and a bad one is a typed error naming it', (t) => {
  const s = workerSettings({ concurrency: 2, threadsPerJob: 3, lockDurationMs: 1500, stalledIntervalMs: 500, model: 'm.onnx', modelFormat: 'lama', plugins: [{ module: 'inpaint:feather', options: { px: 2 } }] });
  t.deepEqual(s, { concurrency: 2, threadsPerJob: 3, lockDurationMs: 1500, stalledIntervalMs: 500, model: 'm.onnx', modelFormat: 'lama', plugins: [{ module: 'inpaint:feather', options: { px: 2 } }] });
  t.deepEqual(workerSettings().plugins, [], 'none by default');
  t.regex(workerSettings({ plugins: [{ module: './p.mjs' }] }).plugins[0].module, /^file:\/\/.*\/p\.mjs$/, 'a path becomes a file URL: every job thread imports the same file');
  for (const [name, value] of [['concurrency', 0], ['threadsPerJob', 1.5], ['lockDurationMs', 0], ['stalledIntervalMs', -1], ['modelFormat', 'pth'], ['plugins', [{ modul: 'x' }]]] as const) {
    const e = t.throws(() => workerSettings({ [name]: value }), { instanceOf: InvalidParameterError }, name);
    t.regex(e.message, new RegExp(name));
  }
});

test("the flags' ranges are the pool's: concurrency and threads per job share core's declarations", (t) => {
  t.is(WORKER_OPTION_SCHEMA.concurrency.maximum, 256);
  t.is(WORKER_OPTION_SCHEMA.threadsPerJob.minimum, 1);
  t.regex(WORKER_OPTION_SCHEMA.concurrency.description ?? '', /jobs at a time/);
});
