#!/usr/bin/env node
// The sharp chain's overhead over core alone on a 2048×2048 JPEG, in one run:
//   plain  = sharp(jpeg).jpeg().toBuffer()                         (decode + encode)
//   core   = inpainter.inpaint(raw, mask)                           (in-painting alone)
//   chain  = sharp(jpeg).inpaint(mask).jpeg().toBuffer()           (everything)
//   overhead = chain − plain − core: the cost of the raw hand-over.
//   node bench/sharp-overhead.mjs [--model file] [--out bench/results/sharp-overhead.json]
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { Inpainter } from '@inpaint/core';
import { register } from '@inpaint/sharp';
import { evaluationMask } from '@inpaint/mask-gen';
import { syntheticImage } from '@inpaint/cli';
import { machine, median, round } from './machine.mjs';

const arg = (k, d) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const out = arg('--out', 'bench/results/sharp-overhead.json');
const model = arg('--model');
const S = 2048, N = 7;
const img = syntheticImage(S, S, 3);
const jpeg = await sharp(Buffer.from(img.data), { raw: { width: S, height: S, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
const raw = await sharp(jpeg).raw().toBuffer();
// small holes, as in real retouching: the protocol mask of bucket 0 scaled up
const mask = await sharp(Buffer.from(evaluationMask({ size: 512, image: 0, bucket: 0 }).data), { raw: { width: 512, height: 512, channels: 1 } })
  .resize(S, S, { kernel: 'nearest' }).extractChannel(0).raw().toBuffer();
const inpainter = await Inpainter.create(model ? { model } : {});
register(sharp, { inpainter });
const image = { data: new Uint8Array(raw), width: S, height: S, channels: 3 };
const time = async (fn) => {
  await fn();
  const xs = [];
  for (let i = 0; i < N; i++) { const t = performance.now(); await fn(); xs.push(performance.now() - t); }
  return round(median(xs), 1);
};
const plain = await time(() => sharp(jpeg).jpeg({ quality: 90 }).toBuffer());
const core = await time(() => inpainter.inpaint(image, mask));
const chain = await time(() => sharp(jpeg).inpaint({ data: new Uint8Array(mask), width: S, height: S }).jpeg({ quality: 90 }).toBuffer());
const result = { command: 'node bench/sharp-overhead.mjs', machine: machine(), model: inpainter.model.metadata.version, size: `${S}x${S}`, runs: N, ms: { plain, core, chain, overhead: round(chain - plain - core, 1) } };
console.log(JSON.stringify(result.ms));
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
await inpainter.dispose();
