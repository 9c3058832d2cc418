import test from 'ava';
import { maskFromBytes } from '@inpaint/mask-gen';
import { TileBlender, blendWeight, compositeWindow } from '../src/composite.js';
import type { Window } from '../src/plan.js';
import type { WindowPrediction } from '../src/tensors.js';

const box = (x0: number, y0: number, x1: number, y1: number) => ({ x0, y0, x1, y1 });

function prediction(window: Window, planes: number[][]): WindowPrediction {
  const output = Float32Array.from(planes.flat());
  const n = window.inputWidth * window.inputHeight;
  return { window, output, input: new Float32Array(3 * n), valid: new Float32Array(n), width: window.inputWidth, height: window.inputHeight };
}

test('only hole pixels inside the fill box change; alpha is never touched; values are rounded to full scale', (t) => {
  // 3×1 RGBA; holes at x=0 and x=2, but the fill box covers x in [0, 2) only
  const out = { width: 3, height: 1, channels: 4 as const, data: new Uint8Array([9, 9, 9, 7, 9, 9, 9, 7, 9, 9, 9, 7]) };
  const mask = maskFromBytes([255, 0, 255], 3, 1);
  const w: Window = { source: box(0, 0, 3, 1), fill: box(0, 0, 2, 1), scaledWidth: 3, scaledHeight: 1, inputWidth: 3, inputHeight: 1 };
  const filled = compositeWindow(out, mask, prediction(w, [[0.5, 0.5, 0.5], [1, 1, 1], [0, 0, 0]]));
  t.is(filled, 1);
  t.deepEqual(Array.from(out.data), [128, 255, 0, 7, 9, 9, 9, 7, 9, 9, 9, 7]);
});

test('grey images get the luma of the prediction; 16-bit images full 16-bit values; out-of-range values clamp', (t) => {
  const grey = { width: 1, height: 1, channels: 1 as const, data: new Uint16Array([0]) };
  const w: Window = { source: box(0, 0, 1, 1), fill: box(0, 0, 1, 1), scaledWidth: 1, scaledHeight: 1, inputWidth: 1, inputHeight: 1 };
  compositeWindow(grey, maskFromBytes([255], 1, 1), prediction(w, [[1], [0], [0]]));
  t.is(grey.data[0], Math.round(0.299 * 65535));
  const rgb = { width: 1, height: 1, channels: 3 as const, data: new Uint8Array(3) };
  compositeWindow(rgb, maskFromBytes([255], 1, 1), prediction(w, [[1.7], [-0.3], [0.25]]));
  t.deepEqual(Array.from(rgb.data), [255, 0, 64]);
});

test('a scaled window is sampled bilinearly at pixel centres', (t) => {
  // 4×1 image from a 2×1 prediction [0, 1]: centres map to u = -0.25, 0.25, 0.75, 1.25 → clamp → 0, .25, .75, 1
  const out = { width: 4, height: 1, channels: 3 as const, data: new Uint8Array(12) };
  const w: Window = { source: box(0, 0, 4, 1), fill: box(0, 0, 4, 1), scaledWidth: 2, scaledHeight: 1, inputWidth: 2, inputHeight: 1 };
  compositeWindow(out, maskFromBytes([255, 255, 255, 255], 4, 1), prediction(w, [[0, 1], [0, 1], [0, 1]]));
  t.deepEqual([0, 1, 2, 3].map((i) => out.data[i * 3]), [0, 64, 191, 255]);
});

test('tiles of a group are blended in the holes: cosine ramps over the overlap, weights summing to 1, nothing outside holes', (t) => {
  // a 12×1 strip, all hole but x = 5; tile A sees x in [0, 8), tile B [4, 12): overlap [4, 8), owners split at 6
  const out = { width: 12, height: 1, channels: 3 as const, data: new Uint8Array(36).fill(7) };
  const mask = maskFromBytes([255, 255, 255, 255, 255, 0, 255, 255, 255, 255, 255, 255], 12, 1);
  const a: Window = { source: box(0, 0, 8, 1), fill: box(0, 0, 6, 1), scaledWidth: 8, scaledHeight: 1, inputWidth: 8, inputHeight: 1, blend: { group: 0, inner: box(0, 0, 4, 1) } };
  const b: Window = { source: box(4, 0, 12, 1), fill: box(6, 0, 12, 1), scaledWidth: 8, scaledHeight: 1, inputWidth: 8, inputHeight: 1, blend: { group: 0, inner: box(8, 0, 12, 1) } };
  for (let x = 0; x < 12; x++) {
    const wa = x < 8 ? blendWeight(a, x, 0) : 0, wb = x >= 4 ? blendWeight(b, x, 0) : 0;
    t.true(Math.abs(wa + wb - 1) < 1e-12, `weights at ${x} sum to 1`);
  }
  t.deepEqual([blendWeight(a, 3, 0), blendWeight(a, 0, 0)], [1, 1], 'no ramp where no tile lies beyond');
  const flat = (v: number) => [Array(8).fill(v), Array(8).fill(v), Array(8).fill(v)];
  const blender = new TileBlender(mask, [a, b]);
  blender.add(prediction(b, flat(1)));
  t.false(blender.complete);
  blender.add(prediction(a, flat(0)));
  t.true(blender.complete);
  t.deepEqual(blender.write(out), [5, 6], 'hole pixels per owner');
  const red = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((x) => out.data[x * 3]);
  // 0 up to the overlap, 255 past it, a smooth S between: 255 × (0.5 − 0.5 cos(π (x + 0.5 − 4) / 4)) at x = 4, 6, 7
  t.deepEqual(red, [0, 0, 0, 0, 10, 7, 176, 245, 255, 255, 255, 255]);
});

test('a blended pair of tiles gives the same bytes whichever prediction comes first', (t) => {
  const mask = maskFromBytes(new Array(12).fill(255), 12, 1);
  const a: Window = { source: box(0, 0, 8, 1), fill: box(0, 0, 6, 1), scaledWidth: 8, scaledHeight: 1, inputWidth: 8, inputHeight: 1, blend: { group: 0, inner: box(0, 0, 4, 1) } };
  const b: Window = { source: box(4, 0, 12, 1), fill: box(6, 0, 12, 1), scaledWidth: 8, scaledHeight: 1, inputWidth: 8, inputHeight: 1, blend: { group: 0, inner: box(8, 0, 12, 1) } };
  const planes = (f: (x: number) => number) => [0, 1, 2].map(() => Array.from({ length: 8 }, (_, x) => f(x)));
  const run = (order: Window[]) => {
    const out = { width: 12, height: 1, channels: 3 as const, data: new Uint8Array(36) };
    const blender = new TileBlender(mask, [a, b]);
    for (const w of order) blender.add(prediction(w, planes((x) => (w === a ? 0.1 + x / 20 : 0.3 + x / 30))));
    blender.write(out);
    return Array.from(out.data);
  };
  t.deepEqual(run([a, b]), run([b, a]));
});
