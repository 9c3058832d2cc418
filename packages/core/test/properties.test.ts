// Property-based: whatever core is handed, it returns an exact output (every sample
// outside the holes identical, same depth and channels) or throws a typed InpaintError.
import test from 'ava';
import fc from 'fast-check';
import { Inpainter, InpaintError } from '../src/index.js';
import type { RawImage } from '../src/index.js';

import { TINY_MODEL as TINY } from '@inpaint/test-fixtures';
const SEED = 20261124;

interface Case {
  width: number; height: number; channels: number; sixteen: boolean;
  holes: { x: number; y: number; w: number; h: number }[];
  breakImage: 'none' | 'length' | 'type' | 'size' | 'channels' | 'null';
  breakMask: 'none' | 'size' | 'type' | 'full' | 'empty' | 'array';
  options: unknown;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  width: fc.integer({ min: 1, max: 48 }),
  height: fc.integer({ min: 1, max: 48 }),
  channels: fc.constantFrom(1, 2, 3, 4),
  sixteen: fc.boolean(),
  holes: fc.array(fc.record({ x: fc.nat(47), y: fc.nat(47), w: fc.integer({ min: 1, max: 20 }), h: fc.integer({ min: 1, max: 20 }) }), { maxLength: 3 }),
  // about half the cases are intact, so both outcomes are well exercised
  breakImage: fc.oneof({ arbitrary: fc.constant('none' as const), weight: 5 }, { arbitrary: fc.constantFrom('length', 'type', 'size', 'channels', 'null'), weight: 1 }),
  breakMask: fc.oneof({ arbitrary: fc.constant('none' as const), weight: 5 }, { arbitrary: fc.constantFrom('size', 'type', 'full', 'empty', 'array'), weight: 1 }),
  options: fc.oneof(
    fc.constant(undefined),
    fc.constant({}),
    fc.record({ feather: fc.oneof(fc.integer({ min: -2, max: 6 }), fc.constant(Number.NaN)) }),
    fc.record({ strategy: fc.constantFrom('auto', 'crop', 'full', 'resize', 'bogus') }),
    fc.record({ maxSide: fc.oneof(fc.integer({ min: -1, max: 600 }), fc.constant('512')) }),
    fc.constant([]),
  ),
});

function build(c: Case): { image: unknown; mask: unknown; holes: Uint8Array } {
  const n = c.width * c.height;
  const data = c.sixteen ? new Uint16Array(n * c.channels) : new Uint8Array(n * c.channels);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919 + 13) % (c.sixteen ? 65536 : 256);
  const holes = new Uint8Array(n);
  for (const h of c.holes) for (let y = h.y; y < Math.min(c.height, h.y + h.h); y++) for (let x = h.x; x < Math.min(c.width, h.x + h.w); x++) holes[y * c.width + x] = 255;
  let image: unknown = { width: c.width, height: c.height, channels: c.channels, data };
  if (c.breakImage === 'length') image = { width: c.width, height: c.height, channels: c.channels, data: data.subarray(0, Math.max(0, data.length - 1)) };
  if (c.breakImage === 'type') image = { width: c.width, height: c.height, channels: c.channels, data: new Float32Array(data.length) };
  if (c.breakImage === 'size') image = { width: 0, height: c.height, channels: c.channels, data };
  if (c.breakImage === 'channels') image = { width: c.width, height: c.height, channels: 5, data };
  if (c.breakImage === 'null') image = null;
  let mask: unknown = { width: c.width, height: c.height, data: holes };
  if (c.breakMask === 'size') mask = { width: c.width + 1, height: c.height, data: new Uint8Array((c.width + 1) * c.height) };
  if (c.breakMask === 'type') mask = { width: c.width, height: c.height, data: Array.from(holes) };
  if (c.breakMask === 'full') mask = { width: c.width, height: c.height, data: new Uint8Array(n).fill(255) };
  if (c.breakMask === 'empty') mask = { width: c.width, height: c.height, data: new Uint8Array(n) };
  if (c.breakMask === 'array') mask = [];
  return { image, mask, holes: c.breakMask === 'empty' ? new Uint8Array(n) : holes };
}

test('core: typed error or exact output outside holes, for any image, mask and options', async (t) => {
  const inpainter = await Inpainter.create({ model: TINY });
  let exact = 0, typed = 0;
  await fc.assert(fc.asyncProperty(caseArb, async (c) => {
    const { image, mask, holes } = build(c);
    if (Array.isArray(c.options)) {
      // options given as [] are refused, never taken as "no options"
      await inpainter.inpaint(image as RawImage, mask as never, c.options as never).then(
        () => { throw new Error('options [] were accepted'); },
        (e: unknown) => { if (!(e instanceof InpaintError)) throw e; },
      );
      typed++;
      return;
    }
    let out: RawImage;
    try {
      out = await inpainter.inpaint(image as RawImage, mask as never, c.options as never);
    } catch (e) {
      if (!(e instanceof InpaintError)) throw new Error(`untyped error ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
      typed++;
      return;
    }
    const src = image as RawImage;
    if (out.width !== src.width || out.height !== src.height || out.channels !== src.channels) throw new Error('shape changed');
    if (out.data.constructor !== src.data.constructor) throw new Error('depth changed');
    for (let p = 0; p < src.width * src.height; p++) {
      if (holes[p]) continue;
      for (let ch = 0; ch < src.channels; ch++) if (out.data[p * src.channels + ch] !== src.data[p * src.channels + ch]) throw new Error(`pixel ${p} outside the holes changed`);
    }
    exact++;
  }), { seed: SEED, numRuns: 400 });
  await inpainter.dispose();
  t.true(exact > 40 && typed > 40, `${exact} exact outputs, ${typed} typed errors`);
});
