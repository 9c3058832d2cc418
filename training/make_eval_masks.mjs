#!/usr/bin/env node
// Writes the evaluation masks of the protocol (evaluationMask from @inpaint/mask-gen)
// for the eval_dev images: [images × 6 buckets × per-bucket] bit-packed 512×512 masks,
// 1 = hole (mask-gen's `repeat` numbers the masks of one image and bucket). Selection and
// reports use --per-bucket 3 (less noise than one mask per photo and bucket).
//   node training/make_eval_masks.mjs [--images 20] [--per-bucket 3] [--seed 0] [--out training/cache/eval-masks]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PCONV_BUCKETS, evaluationMask } from '@inpaint/mask-gen';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '20' },
    seed: { type: 'string', default: '0' },
    'per-bucket': { type: 'string', default: '3' },
    out: { type: 'string', default: 'training/cache/eval-masks' },
  },
});
const images = Number(values.images);
const seed = Number(values.seed);
const size = 512;
const per = (size * size) / 8;
const repeats = Number(values['per-bucket']);
const packed = new Uint8Array(images * PCONV_BUCKETS.length * repeats * per);
for (let i = 0; i < images; i++) {
  for (let b = 0; b < PCONV_BUCKETS.length; b++) {
    for (let r = 0; r < repeats; r++) {
      const m = evaluationMask({ size, seed, image: i, bucket: b, repeat: r });
      const base = ((i * PCONV_BUCKETS.length + b) * repeats + r) * per;
      for (let p = 0; p < m.data.length; p++) if (m.data[p]) packed[base + (p >> 3)] |= 0x80 >> (p & 7);
    }
  }
}
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'eval-512.bin'), packed);
writeFileSync(join(values.out, 'eval-512.json'), JSON.stringify({ images, buckets: PCONV_BUCKETS.length, repeats, seed, size }));
console.log(`wrote ${images * PCONV_BUCKETS.length * repeats} evaluation masks (${repeats} per image and bucket)`);
