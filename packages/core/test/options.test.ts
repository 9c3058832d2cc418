import test from 'ava';
import { InvalidParameterError } from '../src/errors.js';
import { DEFAULT_OPTIONS, resolveOptions } from '../src/options.js';

test('defaults are frozen and complete; given values win, undefined ones do not', (t) => {
  t.true(Object.isFrozen(DEFAULT_OPTIONS));
  t.deepEqual(Object.keys(DEFAULT_OPTIONS).sort(), ['clamp', 'context', 'detail', 'feather', 'maxBatch', 'maxSide', 'minContext', 'strategy']);
  const r = resolveOptions(DEFAULT_OPTIONS, { feather: 4, maxSide: undefined });
  t.is(r.feather, 4);
  t.is(r.maxSide, 512);
  t.is(resolveOptions(r, { detail: 'smooth' }).feather, 4, 'resolution over a resolved base keeps it');
});

test('keys that are not core options are left out (front ends pass their own alongside)', (t) => {
  const r = resolveOptions(DEFAULT_OPTIONS, { dilate: 3 } as never);
  t.false('dilate' in r);
});

test('each out-of-range value is refused by name', (t) => {
  const bad: [string, unknown][] = [['maxSide', 8], ['maxSide', 600.5], ['feather', 257], ['clamp', -1], ['context', -0.1], ['minContext', 4097], ['maxBatch', 0], ['strategy', 'tiles'], ['detail', 'sharp']];
  for (const [k, v] of bad) t.throws(() => resolveOptions(DEFAULT_OPTIONS, { [k]: v }), { instanceOf: InvalidParameterError, message: new RegExp(`for ${k} `) }, `${k} = ${String(v)}`);
  t.throws(() => resolveOptions(DEFAULT_OPTIONS, 'fast' as never), { instanceOf: InvalidParameterError });
});
