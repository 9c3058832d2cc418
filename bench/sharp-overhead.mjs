#!/usr/bin/env node
// The sharp chain's cost over its parts on a 2048×2048 JPEG, in one run:
//   decode = sharp(jpeg).raw().toBuffer()                           (JPEG → raw)
//   core   = inpainter.inpaint(raw, mask)                           (in-painting alone)
//   encode = sharp(raw, { raw }).jpeg().toBuffer()                  (raw → JPEG)
//   chain  = sharp(jpeg).inpaint(mask).jpeg().toBuffer()            (everything)
//   plain  = sharp(jpeg).jpeg().toBuffer()                          (one libvips pipeline, for reference)
//   ratio  = chain ÷ (decode + core + encode); the target is ≤ 1.10.
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
const maskImage = { data: new Uint8Array(mask), width: S, height: S };
const plain = await time(() => sharp(jpeg).jpeg({ quality: 90 }).toBuffer());
const decode = await time(() => sharp(jpeg).raw().toBuffer());
const core = await time(() => inpainter.inpaint(image, mask));
const encode = await time(() => sharp(raw, { raw: { width: S, height: S, channels: 3 } }).jpeg({ quality: 90 }).toBuffer());
const chain = await time(() => sharp(jpeg).inpaint(maskImage).jpeg({ quality: 90 }).toBuffer());
const parts = decode + core + encode;
const result = {
  command: 'node bench/sharp-overhead.mjs', machine: machine(), model: inpainter.model.metadata.version, size: `${S}x${S}`, runs: N,
  ms: { plain, decode, core, encode, chain, overhead: round(chain - parts, 1) }, ratio: round(chain / parts, 3), target: 1.1,
};
console.log(JSON.stringify({ ...result.ms, ratio: result.ratio }));
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
await inpainter.dispose();
