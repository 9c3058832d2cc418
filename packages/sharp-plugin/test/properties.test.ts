// Property-based: encoded inputs of every kind, intact or damaged, through the sharp chain.
// Invariant: a typed error (InpaintError, or a file-system error with its code), or an output
// whose samples outside the holes equal the decoded input's, at the input's depth.
import test from 'ava';
import fc from 'fast-check';
import sharp from 'sharp';
import { Inpainter, InpaintError } from '@inpaint/core';
import { register } from '../src/api.js';

import { TINY_MODEL as TINY } from '@inpaint/test-fixtures';
const SEED = 20261124;
const inpainter = await Inpainter.create({ model: TINY });
register(sharp, { inpainter });

type Format = 'png' | 'webp' | 'tiff' | 'jpeg' | 'gif';
interface Case {
  width: number; height: number; channels: 1 | 3 | 4; sixteen: boolean; format: Format;
  hole: { x: number; y: number; w: number; h: number };
  damage: { kind: 'none' | 'truncate' | 'flip' | 'empty' | 'prefix'; at: number; bits: number };
  mask: 'exact' | 'wrong-size' | 'corrupt' | 'empty-buffer' | 'alpha-only' | 'opaque-strokes';
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  width: fc.integer({ min: 1, max: 40 }),
  height: fc.integer({ min: 1, max: 40 }),
  channels: fc.constantFrom(1 as const, 3 as const, 4 as const),
  sixteen: fc.boolean(),
  format: fc.constantFrom<Format>('png', 'webp', 'tiff', 'jpeg', 'gif'),
  hole: fc.record({ x: fc.nat(39), y: fc.nat(39), w: fc.integer({ min: 1, max: 16 }), h: fc.integer({ min: 1, max: 16 }) }),
  damage: fc.record({
    kind: fc.oneof({ arbitrary: fc.constant('none' as const), weight: 3 }, { arbitrary: fc.constantFrom('truncate' as const, 'flip' as const, 'empty' as const, 'prefix' as const), weight: 2 }),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bits: fc.integer({ min: 1, max: 8 }),
  }),
  mask: fc.oneof({ arbitrary: fc.constant('exact' as const), weight: 4 }, { arbitrary: fc.constantFrom('wrong-size' as const, 'corrupt' as const, 'empty-buffer' as const, 'alpha-only' as const, 'opaque-strokes' as const), weight: 1 }),
});

async function encode(c: Case): Promise<Buffer> {
  const n = c.width * c.height * c.channels;
  const sixteen = c.sixteen && (c.format === 'png' || c.format === 'tiff');
  const samples = sixteen ? new Uint16Array(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) samples[i] = (i * 7919 + c.width * 31) % (sixteen ? 65536 : 256);
  // invisible pixels: every third pixel of an RGBA image fully transparent, its RGB kept (WebP `exact`)
  if (c.channels === 4) for (let p = 0; p < c.width * c.height; p += 3) samples[p * 4 + 3] = 0;
  let s = sharp(samples, { raw: { width: c.width, height: c.height, channels: c.channels } });
  if (sixteen) s = s.toColourspace(c.channels === 1 ? 'grey16' : 'rgb16');
  if (c.format === 'webp') return s.webp({ lossless: true, exact: true }).toBuffer();
  if (c.format === 'tiff') return s.tiff({ compression: 'lzw' }).toBuffer();
  return s.toFormat(c.format).toBuffer();
}

function damage(buf: Buffer, d: Case['damage']): Buffer {
  const at = Math.floor(d.at * buf.length);
  if (d.kind === 'truncate') return buf.subarray(0, at);
  if (d.kind === 'empty') return Buffer.alloc(0);
  if (d.kind === 'prefix') return Buffer.concat([Buffer.from('garbage'), buf]);
  if (d.kind === 'flip') {
    const out = Buffer.from(buf);
    for (let b = 0; b < d.bits; b++) { const i = (at + b * 97) % out.length; out[i] ^= 1 << (b % 8); }
    return out;
  }
  return buf;
}

async function maskFor(c: Case): Promise<{ mask: Buffer | string; holes: Uint8Array }> {
  const n = c.width * c.height;
  const holes = new Uint8Array(n);
  for (let y = c.hole.y; y < Math.min(c.height, c.hole.y + c.hole.h); y++) for (let x = c.hole.x; x < Math.min(c.width, c.hole.x + c.hole.w); x++) holes[y * c.width + x] = 255;
  const png = (data: Buffer, w: number, h: number, ch: 1 | 4) => sharp(data, { raw: { width: w, height: h, channels: ch } }).png().toBuffer();
  if (c.mask === 'wrong-size') return { mask: await png(Buffer.alloc((c.width + 1) * c.height, 255), c.width + 1, c.height, 1), holes };
  if (c.mask === 'corrupt') return { mask: (await png(Buffer.from(holes), c.width, c.height, 1)).subarray(0, 30), holes };
  if (c.mask === 'empty-buffer') return { mask: Buffer.alloc(0), holes };
  if (c.mask === 'alpha-only') {
    const rgba = Buffer.alloc(n * 4);
    for (let p = 0; p < n; p++) rgba[p * 4 + 3] = holes[p] ? 0 : 255;
    return { mask: await png(rgba, c.width, c.height, 4), holes };
  }
  if (c.mask === 'opaque-strokes') {
    // red strokes on a transparent layer (a canvas export): the strokes are the holes while
    // they are the minority of the pixels, the transparent rest otherwise
    const rgba = Buffer.alloc(n * 4);
    let strokes = 0;
    for (let p = 0; p < n; p++) if (holes[p]) { rgba.set([230, 20, 20, 255], p * 4); strokes++; }
    const effective = strokes * 2 < n ? holes : strokes === n ? new Uint8Array(n) : holes.map((v) => (v ? 0 : 255));
    return { mask: await png(rgba, c.width, c.height, 4), holes: effective };
  }
  return { mask: await png(Buffer.from(holes), c.width, c.height, 1), holes };
}

/** Decoded samples as the chain sees them: 16-bit inputs at 16 bits. */
async function decoded(input: Buffer): Promise<{ data: ArrayLike<number>; channels: number }> {
  const meta = await sharp(input).metadata();
  if (meta.depth === 'ushort') {
    const { data, info } = await sharp(input).toColourspace((meta.channels ?? 3) >= 3 ? 'rgb16' : 'grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    return { data: new Uint16Array(data.buffer, data.byteOffset, data.length / 2), channels: info.channels };
  }
  const { data, info } = await sharp(input).raw().toBuffer({ resolveWithObject: true });
  return { data, channels: info.channels };
}

const isTyped = (e: unknown) => e instanceof InpaintError || /^E[A-Z]+$/.test(String((e as NodeJS.ErrnoException)?.code));

test('sharp chain: typed error or exact output outside holes at the input depth, for damaged files and masks', async (t) => {
  let exact = 0, typed = 0;
  await fc.assert(fc.asyncProperty(caseArb, async (c) => {
    const input = damage(await encode(c), c.damage);
    const { mask, holes } = await maskFor(c);
    let pipeline;
    try {
      pipeline = sharp(input);
    } catch {
      return; // sharp's own constructor refuses it (an empty Buffer) before .inpaint() is reached
    }
    let out: Buffer;
    try {
      out = await pipeline.inpaint(mask).png().toBuffer();
    } catch (e) {
      if (!isTyped(e)) throw new Error(`untyped error ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
      typed++;
      return;
    }
    const before = await decoded(input);
    const after = await decoded(out);
    if (after.data.length !== before.data.length) throw new Error(`samples ${after.data.length} ≠ ${before.data.length}`);
    if (after.data instanceof Uint16Array !== before.data instanceof Uint16Array) throw new Error('depth changed');
    for (let p = 0; p < c.width * c.height; p++) {
      if (holes[p]) continue;
      for (let ch = 0; ch < before.channels; ch++) {
        if (after.data[p * before.channels + ch] !== before.data[p * before.channels + ch]) throw new Error(`sample ${p}/${ch} outside the holes changed`);
      }
    }
    exact++;
  }), { seed: SEED, numRuns: 150 });
  t.true(exact > 30 && typed > 20, `${exact} exact outputs, ${typed} typed errors`);
});
