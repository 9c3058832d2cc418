import test from 'ava';
import { featherPrediction } from '../src/feather.js';
import type { Window } from '../src/plan.js';
import type { WindowPrediction } from '../src/tensors.js';

const W = 12, H = 1;
const window: Window = { source: { x0: 0, y0: 0, x1: W, y1: H }, fill: { x0: 0, y0: 0, x1: W, y1: H }, scaledWidth: W, scaledHeight: H, inputWidth: W, inputHeight: H };

/** A 12×1 strip: valid on the left 4 pixels (input 0.6), hole on the right 8; the network predicts 0.4 everywhere. */
function strip(): WindowPrediction {
  const valid = Float32Array.from({ length: W }, (_, x) => (x < 4 ? 1 : 0));
  const input = new Float32Array(3 * W);
  for (let ch = 0; ch < 3; ch++) for (let x = 0; x < 4; x++) input[ch * W + x] = 0.6;
  return { window, valid, input, output: new Float32Array(3 * W).fill(0.4), width: W, height: H };
}

test('feathering moves the fill towards the border colour near the edge and fades out by the radius', (t) => {
  const p = strip();
  const out = featherPrediction(p, 4);
  const red = Array.from(out.subarray(0, W));
  t.true(red[4] > 0.55, `next to the edge the offset is nearly all applied (${red[4]})`);
  for (let x = 5; x < 8; x++) t.true(red[x] < red[x - 1] + 1e-9, 'it falls off with distance');
  for (let x = 8; x < W; x++) t.true(Math.abs(red[x] - 0.4) < 1e-6, `beyond the radius nothing changes (x=${x})`);
  for (let x = 0; x < 4; x++) t.is(red[x], Math.fround(0.4), 'valid pixels are not changed (they are not composited anyway)');
  t.deepEqual(Array.from(p.output), new Array(3 * W).fill(0.4).map(Math.fround), 'the input prediction is left as it was');
});

test('no offset at the border, no change', (t) => {
  const p = strip();
  p.output.fill(0.6);
  t.deepEqual(Array.from(featherPrediction(p, 3)), Array.from(p.output));
});
