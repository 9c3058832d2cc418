#!/usr/bin/env node
// onnxruntime vs PyTorch: runs the exported model on the inputs export.py --parity wrote
// and prints the largest absolute difference per case (exit 1 above the tolerance).
//   node training/check_parity.mjs packages/core/models/pconv-default.onnx training/cache/parity
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

const [model, dir, tol = '0.01'] = process.argv.slice(2);
const session = await ort.InferenceSession.create(model);
const load = (name) => { const b = readFileSync(join(dir, name)); return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4); };
let worst = 0;
for (const { name, dims: [n, h, w] } of JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).cases) {
  const out = await session.run({ image: new ort.Tensor('float32', load(`${name}-image.bin`), [n, 3, h, w]), mask: new ort.Tensor('float32', load(`${name}-mask.bin`), [n, 1, h, w]) });
  const want = load(`${name}-output.bin`);
  const got = out.output.data;
  let max = 0, sum = 0;
  for (let i = 0; i < want.length; i++) { const d = Math.abs(got[i] - want[i]); sum += d; if (d > max) max = d; }
  worst = Math.max(worst, max);
  console.log(`${name} [${n},3,${h},${w}]: max |ort − torch| = ${max.toExponential(2)}, mean ${(sum / want.length).toExponential(2)}`);
}
process.exit(worst <= Number(tol) ? 0 : 1);
