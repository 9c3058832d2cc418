import test from 'ava';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { InpaintError } from '@inpaint/core';
import { SUPPORTED_SHARP, UnsupportedSharpError, assertSupportedSharp } from '../src/sharp-internals.js';
import type { SharpFactory } from '../src/sharp-internals.js';
import { register } from '../src/api.js';

/** A stand-in for another copy of sharp: a function with a prototype and a version. */
function fakeSharp(version: string | undefined): SharpFactory {
  const f = function fake() {} as unknown as SharpFactory;
  if (version !== undefined) Object.assign(f, { versions: { sharp: version } });
  return f;
}

test('the installed sharp (ESM and CommonJS builds) is supported', (t) => {
  t.notThrows(() => assertSupportedSharp(sharp as unknown as SharpFactory));
  t.notThrows(() => assertSupportedSharp(createRequire(import.meta.url)('sharp') as SharpFactory));
});

test('both ends of the range pass, versions outside it fail naming the range', (t) => {
  // a pre-release counts as its release: 0.35.0-rc.1 is 0.35.0, 0.36.0-rc.1 is 0.36.0
  for (const v of ['0.34.0', '0.35.5', '0.35.99', '0.35.0-rc.1']) t.notThrows(() => assertSupportedSharp(fakeSharp(v)), v);
  for (const v of ['0.33.5', '0.36.0', '0.36.0-rc.1', '1.0.0', 'nonsense']) {
    const e = t.throws(() => assertSupportedSharp(fakeSharp(v)), { instanceOf: UnsupportedSharpError }, v);
    t.true(e instanceof InpaintError);
    t.is(e.code, 'ERR_UNSUPPORTED_DEPENDENCY');
    t.true(e.message.includes(SUPPORTED_SHARP.range), e.message);
    t.true(e.message.includes(v), e.message);
  }
  const unknown = t.throws(() => assertSupportedSharp(fakeSharp(undefined)), { instanceOf: UnsupportedSharpError });
  t.regex(unknown.message, /unknown version/);
});

test('register() refuses an unsupported sharp and patches nothing', (t) => {
  const old = fakeSharp('0.33.5');
  t.throws(() => register(old), { instanceOf: UnsupportedSharpError });
  t.false('inpaint' in (old as unknown as { prototype: object }).prototype);
});
