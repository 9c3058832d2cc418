#!/usr/bin/env node
// Writes the training mask bank from @inpaint/mask-gen (the one source of truth for
// masks): COUNT masks of SIZE×SIZE, spread evenly over the six PConv buckets, kinds
// mixed, a quarter of them with a border, as one bit-packed file (np.unpackbits-ready,
// 1 = hole) plus a JSON index. Deterministic: same arguments, same bytes.
//
//   node training/make_masks.mjs [--count 24000] [--size 256] [--seed 1] [--out training/cache/masks]
//
// Needs the built workspace (`npm run build`).
import { mkdirSync, openSync, writeSync, closeSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MASK_KINDS, PCONV_BUCKETS, generateMask, holeRatio } from '@inpaint/mask-gen';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '24000' },
    size: { type: 'string', default: '256' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'training/cache/masks' },
  },
});
const count = Number(values.count);
const size = Number(values.size);
const seed0 = Number(values.seed);
mkdirSync(values.out, { recursive: true });
const file = join(values.out, `bank-${size}.bin`);
const fd = openSync(`${file}.part`, 'w');
const kinds = MASK_KINDS; // strokes, shapes, boxes, mixed in turn
const packed = new Uint8Array((size * size) / 8);
const ratios = [];
const started = Date.now();
for (let i = 0; i < count; i++) {
  const [lo, hi] = PCONV_BUCKETS[i % PCONV_BUCKETS.length];
  const kind = kinds[Math.floor(i / PCONV_BUCKETS.length) % kinds.length];
  const border = i % 4 === 3 ? Math.round(size / 16) : 0;
  const mask = generateMask({ width: size, height: size, seed: seed0 * 1_000_003 + i, kind, ratio: [lo, hi], border });
  packed.fill(0);
  for (let p = 0; p < mask.data.length; p++) if (mask.data[p]) packed[p >> 3] |= 0x80 >> (p & 7);
  writeSync(fd, packed);
  ratios.push(Math.round(holeRatio(mask) * 1e4) / 1e4);
  if ((i + 1) % 2000 === 0) console.log(`${i + 1}/${count} masks, ${((Date.now() - started) / 1000).toFixed(1)}s`);
}
closeSync(fd);
renameSync(`${file}.part`, file);
writeFileSync(join(values.out, `bank-${size}.json`), JSON.stringify({ count, size, seed: seed0, buckets: PCONV_BUCKETS, kinds, ratios }));
console.log(`wrote ${file}`);
