import test from 'ava';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { fixture } from './helpers.js';

interface LayerWeights { weight: number[]; shape: [number, number, number, number]; bias: number[]; stride: number; padding: number }

/** The paper's rule, written out directly: out = W·(X⊙M)·sum(1)/sum(M) + b where sum(M) > 0, else 0. */
function partialConv(x: Float32Array, m: Float32Array, h: number, w: number, p: LayerWeights): { out: Float32Array; mask: Float32Array } {
  const [cout, cin, k] = p.shape;
  const out = new Float32Array(cout * h * w);
  const mask = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let xx = 0; xx < w; xx++) {
      let sumM = 0;
      const sum1 = cin * k * k;
      for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) {
        const iy = y + ky - p.padding, ix = xx + kx - p.padding;
        if (iy >= 0 && iy < h && ix >= 0 && ix < w) sumM += cin * m[iy * w + ix];
      }
      mask[y * w + xx] = sumM > 0 ? 1 : 0;
      for (let o = 0; o < cout; o++) {
        if (sumM === 0) { out[o * h * w + y * w + xx] = 0; continue; }
        let acc = 0;
        for (let c = 0; c < cin; c++) for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) {
          const iy = y + ky - p.padding, ix = xx + kx - p.padding;
          if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
          acc += p.weight[((o * cin + c) * k + ky) * k + kx] * x[c * h * w + iy * w + ix] * m[iy * w + ix];
        }
        out[o * h * w + y * w + xx] = acc * (sum1 / sumM) + p.bias[o];
      }
    }
  }
  return { out, mask };
}

test('one partial-convolution layer of the exported graph computes the paper rule and mask update', async (t) => {
  const p = JSON.parse(readFileSync(fixture('pconv-layer.json'), 'utf8')) as LayerWeights;
  const session = await ort.InferenceSession.create(fixture('pconv-layer.onnx'));
  const h = 5, w = 6;
  const x = Float32Array.from({ length: 3 * h * w }, (_, i) => ((i * 37) % 101) / 100);
  // a hole block big enough that some outputs see no valid pixel at all
  const m = Float32Array.from({ length: h * w }, (_, i) => (i % w <= 3 ? 0 : 1));
  const res = await session.run({ image: new ort.Tensor('float32', x, [1, 3, h, w]), mask: new ort.Tensor('float32', m, [1, 1, h, w]) });
  const want = partialConv(x, m, h, w, p);
  const got = res.output.data as Float32Array;
  const gotMask = res.mask_out.data as Float32Array;
  t.deepEqual([...gotMask], [...want.mask]);
  t.true(want.mask.includes(0) && want.mask.includes(1), 'the case covers both sum(M) = 0 and > 0');
  for (let i = 0; i < got.length; i++) t.true(Math.abs(got[i] - want.out[i]) < 1e-4, `output ${i}: ${got[i]} vs ${want.out[i]}`);
  // where the window saw no valid pixel, the output is exactly 0 (no bias)
  const zeroAt = want.mask.indexOf(0);
  t.is(got[zeroAt], 0);
  await session.release();
});
