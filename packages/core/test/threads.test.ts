import test from 'ava';
import { availableParallelism } from 'node:os';
import { threadsPerWorker } from '../src/threads.js';

test('the cores split evenly among the workers, at least one thread each', (t) => {
  t.is(threadsPerWorker(4, 16), 4);
  t.is(threadsPerWorker(3, 16), 5, 'rounded down: 3 × 5 ≤ 16');
  t.is(threadsPerWorker(1, 16), 16);
  t.is(threadsPerWorker(32, 16), 1, 'more workers than cores: one thread each, never 0');
  t.is(threadsPerWorker(1), availableParallelism(), "the machine's cores by default");
});
