// Property-based, through the real binary: a batch of generated files, intact or damaged,
// with intact or damaged masks. Invariants: `inpaint run` exits 0 or 1 (never crashes); every
// input has one record; an ok record's output exists and (lossless formats) equals the input
// outside the holes at the input's depth; a failed record has a reason and no output; no
// temporary file is left behind.
import test from 'ava';
import fc from 'fast-check';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { TINY, cli, tempDir, write } from './helpers.js';

const SEED = 20261124;
type Format = 'png' | 'webp' | 'tiff' | 'jpeg' | 'gif';
interface Case {
  width: number; height: number; channels: 1 | 3 | 4; sixteen: boolean; format: Format;
  hole: [number, number, number, number];
  damage: 'none' | 'truncate' | 'flip' | 'empty';
  mask: 'exact' | 'wrong-size' | 'corrupt' | 'empty-file' | 'none';
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  width: fc.integer({ min: 2, max: 40 }),
  height: fc.integer({ min: 2, max: 40 }),
  channels: fc.constantFrom(1 as const, 3 as const, 4 as const),
  sixteen: fc.boolean(),
  format: fc.constantFrom<Format>('png', 'webp', 'tiff', 'jpeg', 'gif'),
  hole: fc.tuple(fc.nat(20), fc.nat(20), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 })),
  damage: fc.oneof({ arbitrary: fc.constant('none' as const), weight: 3 }, { arbitrary: fc.constantFrom('truncate' as const, 'flip' as const, 'empty' as const), weight: 1 }),
  mask: fc.oneof({ arbitrary: fc.constant('exact' as const), weight: 3 }, { arbitrary: fc.constantFrom('wrong-size' as const, 'corrupt' as const, 'empty-file' as const, 'none' as const), weight: 1 }),
});

const EXT: Record<Format, string> = { png: 'png', webp: 'webp', tiff: 'tif', jpeg: 'jpg', gif: 'gif' };
const LOSSLESS = new Set<Format>(['png', 'webp', 'tiff']);

async function encode(c: Case): Promise<Buffer> {
  const n = c.width * c.height * c.channels;
  const sixteen = c.sixteen && (c.format === 'png' || c.format === 'tiff');
  const samples = sixteen ? new Uint16Array(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) samples[i] = (i * 7919 + c.height * 17) % (sixteen ? 65536 : 256);
  // invisible pixels: every third pixel of an RGBA image fully transparent, its RGB kept (WebP `exact`)
  if (c.channels === 4) for (let p = 0; p < c.width * c.height; p += 3) samples[p * 4 + 3] = 0;
  let s = sharp(samples, { raw: { width: c.width, height: c.height, channels: c.channels } });
  if (sixteen) s = s.toColourspace(c.channels === 1 ? 'grey16' : 'rgb16');
  if (c.format === 'webp') return s.webp({ lossless: true, exact: true }).toBuffer();
  if (c.format === 'tiff') return s.tiff({ compression: 'deflate' }).toBuffer();
  const buf = await s.toFormat(c.format).toBuffer();
  if (c.damage === 'truncate') return buf.subarray(0, Math.floor(buf.length / 2));
  if (c.damage === 'empty') return Buffer.alloc(0);
  if (c.damage === 'flip') { const out = Buffer.from(buf); out[Math.floor(out.length / 3)] ^= 0x5a; return out; }
  return buf;
}

function holes(c: Case): Uint8Array {
  const m = new Uint8Array(c.width * c.height);
  const [x0, y0, w, h] = c.hole;
  for (let y = y0; y < Math.min(c.height, y0 + h); y++) for (let x = x0; x < Math.min(c.width, x0 + w); x++) m[y * c.width + x] = 255;
  return m;
}

async function samples(path: string): Promise<ArrayLike<number>> {
  const meta = await sharp(path).metadata();
  if (meta.depth === 'ushort') {
    const b = await sharp(path).toColourspace((meta.channels ?? 3) >= 3 ? 'rgb16' : 'grey16').raw({ depth: 'ushort' }).toBuffer();
    return new Uint16Array(b.buffer, b.byteOffset, b.length / 2);
  }
  return sharp(path).raw().toBuffer();
}

test('inpaint run over a damaged batch: a record per file, exact outputs or reasons, nothing half-written', async (t) => {
  const cases = fc.sample(caseArb, { seed: SEED, numRuns: 36 });
  const d = tempDir();
  for (const [i, c] of cases.entries()) {
    write(join(d, 'in', `f${i}.${EXT[c.format]}`), await encode(c));
    const m = join(d, 'masks', `f${i}.png`);
    const png = (w: number, h: number, data: Uint8Array) => sharp(Buffer.from(data), { raw: { width: w, height: h, channels: 1 } }).png().toBuffer();
    if (c.mask === 'exact') write(m, await png(c.width, c.height, holes(c)));
    if (c.mask === 'wrong-size') write(m, await png(c.width + 2, c.height, new Uint8Array((c.width + 2) * c.height).fill(255)));
    if (c.mask === 'corrupt') write(m, (await png(c.width, c.height, holes(c))).subarray(0, 20));
    if (c.mask === 'empty-file') write(m, Buffer.alloc(0));
  }
  const r = await cli(['run', join(d, 'in'), '--masks', join(d, 'masks'), '--out', join(d, 'out'), '--model', TINY, '--missing-mask', 'error', '--json']);
  t.true(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type?: string; input?: string; output?: string | null; status?: string; reason?: string });
  const summary = lines.pop()!;
  t.is(summary.type, 'summary');
  t.is(lines.length, cases.length, 'one record per input');
  let exact = 0, failed = 0;
  for (const [i, c] of cases.entries()) {
    const name = `f${i}.${EXT[c.format]}`;
    const rec = lines.find((l) => l.input?.endsWith(`/${name}`));
    if (!rec) { t.fail(`no record for ${name}`); continue; }
    const out = join(d, 'out', name);
    if (rec.status === 'failed') {
      failed++;
      t.truthy(rec.reason, `${name}: a failure says why`);
      t.false(existsSync(out), `${name}: a failed file leaves no output`);
      continue;
    }
    t.is(rec.status, 'ok', `${name}: ${rec.reason}`);
    if (!LOSSLESS.has(c.format) || c.damage !== 'none') continue;
    const before = await samples(join(d, 'in', name));
    const after = await samples(out);
    t.is(after.length, before.length, `${name}: same size and depth`);
    const ch = before.length / (c.width * c.height);
    const m = holes(c);
    let changed = 0;
    for (let k = 0; k < before.length; k++) if (!m[Math.floor(k / ch)] && before[k] !== after[k]) changed++;
    t.is(changed, 0, `${name}: samples outside the holes changed`);
    exact++;
  }
  t.true(exact >= 5 && failed >= 5, `${exact} exact lossless outputs, ${failed} failures`);
  t.deepEqual(readdirSync(join(d, 'out'), { recursive: true }).filter((f) => String(f).includes('.inpaint-tmp')), [], 'no temporary files left');
});
