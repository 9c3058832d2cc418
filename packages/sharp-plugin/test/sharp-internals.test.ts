import test from 'ava';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { InpaintError } from '@inpaint/core';
import {
  SUPPORTED_SHARP, UnsupportedSharpError, assertSupportedSharp, carryAnimation, describeRawInput, inputSourceOf, keepSixteenBits, keepsMetadata,
  setsColourspace, streamsOut,
} from '../src/sharp-internals.js';
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

// The accessors read and write sharp's private `options`: they break first on a sharp
// upgrade. Each one runs against both ends of the peer range (sharp 0.34 is installed as the
// dev alias sharp-0.34), through real pixels where it changes an output.
const require = createRequire(import.meta.url);
const SHARPS: [string, typeof sharp][] = [[sharp.versions.sharp!, sharp], [require('sharp-0.34/package.json').version as string, require('sharp-0.34') as typeof sharp]];

for (const [version, s] of SHARPS) {
  test(`sharp ${version}: describeRawInput makes a stream input decode as the raw pixels`, async (t) => {
    const next = s();
    describeRawInput(next, { width: 2, height: 1, channels: 3, depth: 'uchar' });
    next.end(Buffer.from([1, 2, 3, 4, 5, 6]));
    const { data, info } = await next.raw().toBuffer({ resolveWithObject: true });
    t.deepEqual([info.width, info.height, info.channels], [2, 1, 3]);
    t.deepEqual([...data], [1, 2, 3, 4, 5, 6]);
  });

  test(`sharp ${version}: keepSixteenBits keeps a 16-bit raw input 16-bit in a PNG; setsColourspace sees a chosen one`, async (t) => {
    const next = s();
    describeRawInput(next, { width: 1, height: 1, channels: 3, depth: 'ushort' });
    t.false(setsColourspace(next));
    keepSixteenBits(next, 3);
    next.end(Buffer.from(Uint16Array.from([1000, 40000, 65535]).buffer));
    const png = await next.png().toBuffer();
    t.is((await s(png).metadata()).depth, 'ushort');
    t.deepEqual([...new Uint16Array((await s(png).toColourspace('rgb16').raw({ depth: 'ushort' }).toBuffer()).buffer.slice(0))].slice(0, 3), [1000, 40000, 65535]);
    t.true(setsColourspace(s().toColourspace('b-w')));
    const plain = s(); // without it, sharp writes 8 bits
    describeRawInput(plain, { width: 1, height: 1, channels: 3, depth: 'ushort' });
    plain.end(Buffer.from(Uint16Array.from([1000, 40000, 65535]).buffer));
    t.is((await s(await plain.png().toBuffer()).metadata()).depth, 'uchar');
  });

  test(`sharp ${version}: carryAnimation gives raw frames the input's delays and loop, unless the chain set its own`, async (t) => {
    const frames = Buffer.concat([Buffer.alloc(4 * 4 * 3, 200), Buffer.alloc(4 * 4 * 3, 30)]); // two different frames (gif merges equal ones)
    const make = () => {
      const next = s();
      describeRawInput(next, { width: 4, height: 8, channels: 3, depth: 'uchar', pageHeight: 4 });
      return next;
    };
    const carried = make();
    carryAnimation(carried, { delay: [70, 90], loop: 3 });
    carried.end(frames);
    const meta = await s(await carried.gif().toBuffer(), { animated: true }).metadata();
    t.deepEqual([meta.pages, meta.delay, meta.loop], [2, [70, 90], 3]);
    const own = make().gif({ delay: [10, 10], loop: 1 });
    carryAnimation(own, { delay: [70, 90], loop: 3 });
    own.end(frames);
    const ownMeta = await s(await own.toBuffer(), { animated: true }).metadata();
    t.deepEqual([ownMeta.delay, ownMeta.loop], [[10, 10], 1]);
  });

  test(`sharp ${version}: inputSourceOf, keepsMetadata and streamsOut read the chain`, async (t) => {
    const png = await s({ create: { width: 2, height: 2, channels: 3, background: '#000' } }).png().toBuffer();
    t.is(inputSourceOf(s('photo.jpg')), 'photo.jpg');
    t.is(inputSourceOf(s(png)), 'buffer');
    t.is(inputSourceOf(s(Buffer.alloc(12), { raw: { width: 2, height: 2, channels: 3 } })), 'raw pixels');
    const streamed = s();
    streamed.write(png);
    t.is(inputSourceOf(streamed), 'stream');
    streamed.destroy();
    t.false(keepsMetadata(s(png)));
    t.true(keepsMetadata(s(png).keepMetadata()));
    t.true(keepsMetadata(s(png).withMetadata()));
    const piped = s(png).png();
    t.false(streamsOut(piped));
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => piped.on('data', (c: Buffer) => chunks.push(c)).on('end', resolve).on('error', reject));
    t.true(streamsOut(piped));
    t.true(Buffer.concat(chunks).length > 0);
  });
}
