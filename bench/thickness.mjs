#!/usr/bin/env node
// How deep a hole the network fills well at the photo's own resolution: the evidence for
// core's DEPTH_FRACTION (plan.ts). On the eval_dev photos (never trained on) with a short
// side of at least 900 px, a 1024×1024 centre crop gets a band of thickness 2·depth across
// its middle (rows, then columns); the band is filled two ways and scored on the same pixels
// (the middle 512 of the band's length) against the photo: L1 in % of full scale, and the
// texture distance (core's textureDistance: 0 = the photo's own edge statistics; blur
// raises it, where L1 rewards blur):
//   native: the crop's middle 512×512 in one pass at scale 1 (the band `depth` network px deep),
//   half:   the whole crop scaled to 512×512 (`depth / 2` network px deep), the fill scaled back up.
// Where native's L1 is as low, filling at the photo's resolution is worth its tiles.
//   node bench/thickness.mjs [--out bench/results/thickness.json]
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { Inpainter, textureDistance } from '@inpaint/core';
import { machine, round } from './machine.mjs';

const dir = 'training/cache/eval-dev-originals';
const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : 'bench/results/thickness.json';
const DEPTHS = [8, 16, 24, 32, 40, 48, 64, 96, 128];
const C = 1024, N = 512;

async function crop(file) {
  const img = sharp(join(dir, file)).removeAlpha().toColourspace('srgb');
  const { width, height } = await img.metadata();
  const short = Math.min(width, height);
  if (short < 900) return null;
  const k = Math.max(1, C / short);
  const w = Math.round(width * k), h = Math.round(height * k);
  const { data } = await img.resize(w, h).extract({ left: (w - C) >> 1, top: (h - C) >> 1, width: C, height: C }).raw().toBuffer({ resolveWithObject: true });
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

/** The band's mask over a `size` square: rows (or columns) [size/2 − depth, size/2 + depth). */
function band(size, depth, vertical) {
  const m = new Uint8Array(size * size);
  for (let a = size / 2 - depth; a < size / 2 + depth; a++) {
    for (let b = 0; b < size; b++) m[vertical ? b * size + a : a * size + b] = 255;
  }
  return m;
}

const inpainter = await Inpainter.create({ detail: 'smooth' });
const files = readdirSync(dir).filter((f) => !f.endsWith('.tsv')).sort();
const rows = [];
const photos = [];
for (const file of files) {
  const full = await crop(file);
  if (!full) continue;
  photos.push(file);
  const inner = new Uint8Array(N * N * 3);
  const off = (C - N) / 2;
  for (let y = 0; y < N; y++) inner.set(full.subarray(((y + off) * C + off) * 3, ((y + off) * C + off + N) * 3), y * N * 3);
  for (const depth of DEPTHS) {
    for (const vertical of [false, true]) {
      const native = await inpainter.inpaint({ data: inner, width: N, height: N, channels: 3 }, band(N, depth, vertical), { strategy: 'full' });
      const half = await inpainter.inpaint({ data: full, width: C, height: C, channels: 3 }, band(C, depth, vertical), { strategy: 'resize', maxSide: N });
      // the same photo pixels: the band's middle 512 along its length, all its thickness
      let a = 0, b = 0, n = 0;
      for (let t = N / 2 - depth; t < N / 2 + depth; t++) {
        for (let l = 0; l < N; l++) {
          const [y, x] = vertical ? [l, t] : [t, l];
          const i = (y * N + x) * 3, j = ((y + off) * C + x + off) * 3;
          for (let c = 0; c < 3; c++) {
            a += Math.abs(native.data[i + c] - inner[i + c]);
            b += Math.abs(half.data[j + c] - full[j + c]);
            n++;
          }
        }
      }
      // texture distance over the same 512×512 square: half's fill cut to it
      const halfInner = new Uint8Array(N * N * 3);
      for (let y = 0; y < N; y++) halfInner.set(half.data.subarray(((y + off) * C + off) * 3, ((y + off) * C + off + N) * 3), y * N * 3);
      const square = (data) => ({ data, width: N, height: N, channels: 3 });
      const mask = band(N, depth, vertical);
      rows.push({
        photo: file, depth, vertical, nativeL1: (100 * a) / (255 * n), halfL1: (100 * b) / (255 * n),
        nativeTexture: textureDistance(square(native.data), square(inner), { mask }), halfTexture: textureDistance(square(halfInner), square(inner), { mask }),
      });
    }
  }
  process.stderr.write(`${file}\n`);
}
await inpainter.dispose();
const summary = DEPTHS.map((depth) => {
  const r = rows.filter((x) => x.depth === depth);
  const nativeL1 = r.reduce((s, x) => s + x.nativeL1, 0) / r.length;
  const halfL1 = r.reduce((s, x) => s + x.halfL1, 0) / r.length;
  const nativeTexture = r.reduce((s, x) => s + x.nativeTexture, 0) / r.length;
  const halfTexture = r.reduce((s, x) => s + x.halfTexture, 0) / r.length;
  const nativeWins = r.filter((x) => x.nativeL1 < x.halfL1).length;
  console.log(`depth ${String(depth).padStart(3)}: L1 native ${nativeL1.toFixed(2)} %, half ${halfL1.toFixed(2)} % (native lower in ${nativeWins} of ${r.length}); texture distance native ${nativeTexture.toFixed(2)}, half ${halfTexture.toFixed(2)}`);
  return { depth, nativeL1: round(nativeL1, 3), halfL1: round(halfL1, 3), nativeWins, cases: r.length, nativeTexture: round(nativeTexture, 3), halfTexture: round(halfTexture, 3) };
});
writeFileSync(out, `${JSON.stringify({ command: 'node bench/thickness.mjs', machine: machine(), photos, summary, rows: rows.map((r) => ({ ...r, nativeL1: round(r.nativeL1, 3), halfL1: round(r.halfL1, 3), nativeTexture: round(r.nativeTexture, 3), halfTexture: round(r.halfTexture, 3) })) }, null, 2)}\n`);
