#!/usr/bin/env node
// The range clamp on and off on the same fills: detail 'texture' with clamp 0 and 12 on one
// thin-stroke and one object mask (seed 1, bucket 0) of the first 12 eval_dev photos at native
// size; PSNR and mean absolute error over the hole samples only. Needs the originals
// (training/fetch_data.py --split eval_dev --out training/cache/eval-dev-originals) and the builds.
//   node bench/clamp-holes.mjs [--out bench/results/clamp-holes.json]
import { readdirSync, writeFileSync } from 'node:fs';
import { machine } from './machine.mjs';
import sharp from 'sharp';
import { Inpainter } from '../packages/core/dist/index.js';
import { thinStrokeEvaluationMask, objectEvaluationMask } from '../packages/mask-gen/dist/index.js';
const dir = 'training/cache/eval-dev-originals';
const files = readdirSync(dir).filter((f) => !f.endsWith('.tsv')).sort().slice(0, 12);
const inp = await Inpainter.create({});
const rows = [];
for (const [kind, make] of [['strokes', thinStrokeEvaluationMask], ['objects', objectEvaluationMask]]) {
  const sums = { 0: { se: 0, ae: 0, n: 0 }, 12: { se: 0, ae: 0, n: 0 } };
  for (const [i, f] of files.entries()) {
    const { data, info } = await sharp(`${dir}/${f}`).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const image = { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
    const mask = make({ width: info.width, height: info.height, seed: 1, image: i, bucket: 0 });
    for (const clamp of [0, 12]) {
      const out = await inp.inpaint(image, mask, { detail: 'texture', clamp });
      const s = sums[clamp];
      for (let p = 0; p < mask.data.length; p++) if (mask.data[p]) for (let c = 0; c < 3; c++) { const d = out.data[p * 3 + c] - data[p * 3 + c]; s.se += d * d; s.ae += Math.abs(d); s.n++; }
    }
  }
  for (const clamp of [0, 12]) { const s = sums[clamp]; rows.push({ kind, clamp, psnrInHoles: +(10 * Math.log10(255 * 255 / (s.se / s.n))).toFixed(2), meanAbs: +(s.ae / s.n).toFixed(3) }); }
}
const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : 'bench/results/clamp-holes.json';
writeFileSync(out, `${JSON.stringify({ command: ['node', 'bench/clamp-holes.mjs', ...process.argv.slice(2)].join(' '), machine: machine(), note: "the blind counterparts: blind-strokes-texture-seed1.json (before the clamp: as clamp 0) and blind-strokes-texture-clamp-seed2.json (clamp 12), other masks on the same photos", rows }, null, 2)}\n`);
console.log(JSON.stringify(rows));
await inp.dispose();
