import test from 'ava';
import { createRng } from '@inpaint/mask-gen';
import { blendFromSources } from '../../src/detail/gradient-blend.js';
import type { Level } from '../../src/detail/pyramid.js';
import { downsample } from '../../src/detail/pyramid.js';

const W = 80, H = 60;

/** Noise over a left-to-right ramp, RGB; a hole in columns 30–49 whose pixels come from `shift` columns further right (a brighter copy). */
function rampWithShiftedCopy(sources: (x: number, y: number) => number): { lv: Level; original: Float32Array; source: Int32Array } {
  const rng = createRng(2);
  const original = new Float32Array(W * H * 3);
  const hole = new Uint8Array(W * H);
  const source = new Int32Array(W * H).fill(-1);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const p = y * W + x;
    for (let c = 0; c < 3; c++) original[p * 3 + c] = 0.2 + 0.006 * x + 0.1 * c + 0.1 * (rng.next() - 0.5);
    if (x >= 30 && x < 50 && y >= 10 && y < 50) {
      hole[p] = 1;
      source[p] = y * W + sources(x, y);
    }
  }
  const image = original.slice();
  for (let p = 0; p < W * H; p++) if (hole[p]) image.fill(0, p * 3, p * 3 + 3);
  return { lv: { width: W, height: H, k: 3, image, hole }, original, source };
}

/** Mean error of the hole, and the mean absolute difference between horizontal neighbours inside it (the texture's strength). */
function measure(lv: Level, original: Float32Array): { bias: number; texture: number; photoTexture: number } {
  let bias = 0, n = 0, tex = 0, ptex = 0, m = 0;
  for (let p = 0; p < W * H; p++) {
    if (!lv.hole[p]) continue;
    for (let c = 0; c < 3; c++) {
      bias += lv.image[p * 3 + c] - original[p * 3 + c];
      n++;
      if (lv.hole[p - 1]) {
        tex += Math.abs(lv.image[p * 3 + c] - lv.image[(p - 1) * 3 + c]);
        ptex += Math.abs(original[p * 3 + c] - original[(p - 1) * 3 + c]);
        m++;
      }
    }
  }
  return { bias: bias / n, texture: tex / m, photoTexture: ptex / m };
}

test('a brighter copy joins the photo around it: its texture kept, its offset gone; pixels outside the hole untouched', (t) => {
  const { lv, original, source } = rampWithShiftedCopy((x) => x + 25); // 25 columns right: 0.15 brighter
  blendFromSources(lv, source, 60, 20);
  const m = measure(lv, original);
  t.true(Math.abs(m.bias) < 0.01, `mean error ${m.bias.toFixed(4)} (a plain copy is 0.15 too bright)`);
  t.true(m.texture > 0.8 * m.photoTexture, `texture ${m.texture.toFixed(3)} against the photo's ${m.photoTexture.toFixed(3)}`);
  for (let p = 0; p < W * H; p++) if (!lv.hole[p]) for (let c = 0; c < 3; c++) t.is(lv.image[p * 3 + c], original[p * 3 + c]);
});

test('two sources of different brightness meet without a seam', (t) => {
  // the hole's left half from 25 columns right (brighter), its right half from 25 columns left (darker)
  const { lv, original, source } = rampWithShiftedCopy((x) => (x < 40 ? x + 25 : x - 25));
  blendFromSources(lv, source, 60, 20);
  // the step across the seam (columns 39 | 40), averaged over the rows, against the ramp's own step
  let step = 0;
  for (let y = 10; y < 50; y++) step += lv.image[(y * W + 40) * 3] - lv.image[(y * W + 39) * 3];
  step /= 40;
  t.true(Math.abs(step - 0.006) < 0.02, `step across the seam ${step.toFixed(3)} (copied as is: -0.3)`);
  t.true(Math.abs(measure(lv, original).bias) < 0.01);
});

test('started from the same holes pasted at half resolution, a few sweeps end near the full paste; from the plain copy they do not', (t) => {
  const settled = rampWithShiftedCopy((x) => x + 25);
  blendFromSources(settled.lv, settled.source, 200, 20);
  const half = downsample(settled.lv);
  const started = rampWithShiftedCopy((x) => x + 25), cold = rampWithShiftedCopy((x) => x + 25);
  blendFromSources(started.lv, started.source, 2, 20, half);
  blendFromSources(cold.lv, cold.source, 2, 20);
  const s = measure(started.lv, started.original), c = measure(cold.lv, cold.original);
  t.log(`two sweeps: mean error ${s.bias.toFixed(4)} from the coarser paste, ${c.bias.toFixed(4)} from the plain copy`);
  t.true(Math.abs(c.bias) > 0.05, 'two sweeps from the plain copy leave the copy too bright (otherwise this proves nothing)');
  t.true(Math.abs(s.bias) < 0.01);
  t.true(s.texture > 0.8 * s.photoTexture, `texture ${s.texture.toFixed(3)} against the photo's ${s.photoTexture.toFixed(3)}`);
  for (let p = 0; p < W * H; p++) if (!started.lv.hole[p]) for (let ch = 0; ch < 3; ch++) t.is(started.lv.image[p * 3 + ch], started.original[p * 3 + ch]);
});
