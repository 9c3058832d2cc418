import test from 'ava';
import { RedisUnavailableError } from '../src/connection.js';
import { startWorker } from '../src/worker.js';
import { freePort, startRedis } from './helpers.js';

test('an unreachable Redis stops startWorker at once with a typed error', async (t) => {
  const nobody = `redis://127.0.0.1:${await freePort()}`;
  await t.throwsAsync(startWorker({ redis: nobody }), { instanceOf: RedisUnavailableError });
});

test('a worker takes the options it was given and closes cleanly when idle', async (t) => {
  const redis = await startRedis();
  try {
    const w = await startWorker({ redis: redis.url, queue: 'worker-options', concurrency: 3, lockDurationMs: 5000, stalledIntervalMs: 2000 });
    t.is(w.bull.name, 'worker-options');
    t.is(w.bull.concurrency, 3);
    t.is(w.bull.opts.lockDuration, 5000);
    t.is(w.bull.opts.stalledInterval, 2000);
    t.true(w.bull.opts.useWorkerThreads);
    await t.notThrowsAsync(w.close());
    t.false(w.bull.isRunning());
  } finally {
    await redis.stop();
  }
});
