import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import Vinyl from 'vinyl';
import { orderedStream } from '../src/ordered-stream.js';

const file = (name: string) => new Vinyl({ path: `/p/${name}`, base: '/p', contents: Buffer.from(name) });

test('orderedStream keeps the order, bounds the files in flight and disposes at the end', async (t) => {
  let inFlight = 0, most = 0, disposed = 0;
  const stream = orderedStream({
    concurrency: 2,
    work: async (f) => { inFlight++; most = Math.max(most, inFlight); await sleep(f.stem === 'a' ? 30 : 5); inFlight--; f.stem += '!'; return f; },
    refuseStream: () => new Error('no streams'),
    dispose: async () => { disposed++; },
  });
  const out: string[] = [];
  stream.on('data', (f: Vinyl) => out.push(f.basename));
  const done = new Promise((resolve) => stream.on('finish', resolve));
  for (const n of ['a', 'b', 'c', 'd']) stream.write(file(n));
  stream.write(new Vinyl({ path: '/p/dir', base: '/p', contents: null }));
  stream.end();
  await done;
  t.deepEqual(out, ['a!', 'b!', 'c!', 'd!', 'dir']);
  t.true(most <= 2, `${most} in flight`);
  t.true(disposed >= 1, 'disposed (on flush, and again on the destroy that follows: dispose must be idempotent)');
});

test('orderedStream ends with the error of a failed file, in its turn', async (t) => {
  const stream = orderedStream({ concurrency: 4, work: async (f) => { if (f.stem === 'b') throw new Error('b failed'); return f; }, refuseStream: () => new Error('no streams'), dispose: async () => undefined });
  const failed = new Promise<Error>((resolve) => stream.on('error', resolve));
  stream.resume();
  for (const n of ['a', 'b', 'c']) stream.write(file(n));
  stream.end();
  t.is((await failed).message, 'b failed');
});
