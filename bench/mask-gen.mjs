#!/usr/bin/env node
// ms per mask for each kind at 512×512 and 4096×4096 (mixed hole ratios 0.01–0.6).
//   node bench/mask-gen.mjs [--out bench/results/mask-gen.json]
import { writeFileSync } from 'node:fs';
import { MASK_KINDS, PCONV_BUCKETS, generateMask } from '@inpaint/mask-gen';
import { machine, round } from './machine.mjs';

const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : 'bench/results/mask-gen.json';
const cases = [[512, 120], [4096, 6]];
const results = [];
for (const [size, n] of cases) {
  for (const kind of MASK_KINDS) {
    generateMask({ width: size, height: size, seed: 999, kind, ratio: [0.2, 0.3] }); // warm-up
    const t0 = performance.now();
    for (let i = 0; i < n; i++) generateMask({ width: size, height: size, seed: i, kind, ratio: PCONV_BUCKETS[i % 6] });
    const ms = (performance.now() - t0) / n;
    results.push({ size, kind, masks: n, msPerMask: round(ms, 3) });
    console.log(`${kind.padEnd(8)} ${size}x${size}: ${ms.toFixed(2)} ms/mask`);
  }
}
for (const kind of MASK_KINDS) {
  const a = results.find((r) => r.size === 512 && r.kind === kind).msPerMask;
  const b = results.find((r) => r.size === 4096 && r.kind === kind).msPerMask;
  console.log(`${kind}: 4096²/512² time ratio ${(b / a).toFixed(1)} for 64x the pixels`);
}
writeFileSync(out, `${JSON.stringify({ command: 'node bench/mask-gen.mjs', machine: machine(), results }, null, 2)}\n`);
