import test from 'ava';
import { InvalidParameterError } from '../src/errors.js';
import { createRng } from '../src/rng.js';

test('the same seed gives the same sequence; another seed another one', (t) => {
  const a = createRng(42), b = createRng(42), c = createRng(43);
  const seq = (r: ReturnType<typeof createRng>) => Array.from({ length: 8 }, () => r.u32());
  const sa = seq(a);
  t.deepEqual(sa, seq(b));
  t.notDeepEqual(sa, seq(c));
});

test('values stay in their ranges, and int() reaches both ends', (t) => {
  const r = createRng(7);
  const ints = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const x = r.next();
    t.true(x >= 0 && x < 1);
    const u = r.uniform(-2, 3);
    t.true(u >= -2 && u < 3);
    ints.add(r.int(1, 6));
  }
  t.deepEqual([...ints].sort(), [1, 2, 3, 4, 5, 6]);
});

test('normal() is centred with the asked spread, bounded at about 3.46 sd', (t) => {
  const r = createRng(1);
  const xs = Array.from({ length: 20000 }, () => r.normal(10, 2));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
  t.true(Math.abs(mean - 10) < 0.05, `mean ${mean}`);
  t.true(Math.abs(sd - 2) < 0.05, `sd ${sd}`);
  t.true(xs.every((x) => Math.abs(x - 10) <= 3.47 * 2));
});

test('large safe seeds are folded, unsafe ones refused', (t) => {
  t.notDeepEqual(createRng(2 ** 40).u32(), createRng(2 ** 41).u32());
  t.throws(() => createRng(1.5), { instanceOf: InvalidParameterError });
  t.throws(() => createRng(2 ** 53), { instanceOf: InvalidParameterError });
});
