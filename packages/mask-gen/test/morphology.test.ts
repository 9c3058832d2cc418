import test from 'ava';
import { InvalidParameterError } from '../src/errors.js';
import { createMask, countHoles } from '../src/mask.js';
import { generateMask } from '../src/generate-mask.js';
import { dilate, erode, holeDepth, squaredDistanceTo } from '../src/morphology.js';

function dot(size: number): ReturnType<typeof createMask> {
  const m = createMask(size, size);
  const c = Math.floor(size / 2);
  m.data[c * size + c] = 255;
  return m;
}

test('dilating one hole pixel by r gives the disk of radius r (pixels within distance r)', (t) => {
  for (const r of [1, 2, 5]) {
    let expected = 0;
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dx * dx + dy * dy <= r * r) expected++;
    t.is(countHoles(dilate(dot(21), r)), expected, `r = ${r}`);
  }
});

test('erosion undoes dilation of a disk; radius 0 copies; the input is never modified', (t) => {
  const m = dot(21);
  const before = Buffer.from(m.data);
  const grown = dilate(m, 4);
  t.deepEqual(Buffer.from(erode(grown, 4).data), before);
  t.deepEqual(Buffer.from(dilate(m, 0).data), before);
  t.deepEqual(Buffer.from(m.data), before);
});

test('squared distances to the nearest hole are exact', (t) => {
  const d2 = squaredDistanceTo(dot(5), 255);
  t.is(d2[2 * 5 + 2], 0);
  t.is(d2[2 * 5 + 4], 4);
  t.is(d2[0], 8);
});

test('a negative or non-finite radius is refused', (t) => {
  for (const r of [-1, Number.NaN, Number.POSITIVE_INFINITY]) t.throws(() => dilate(dot(5), r), { instanceOf: InvalidParameterError });
});

/** The exact depth: the largest Euclidean distance from a hole pixel of the box to a kept pixel of it. */
function exactDepth(m: ReturnType<typeof createMask>): number {
  const d2 = squaredDistanceTo(m, 0);
  let deepest = 0;
  for (let i = 0; i < d2.length; i++) if (m.data[i] !== 0 && d2[i] < 1e19) deepest = Math.max(deepest, Math.sqrt(d2[i]));
  return deepest;
}

function stroke(width: number, height: number, thickness: number, slope = 0): ReturnType<typeof createMask> {
  const m = createMask(width, height);
  for (let x = 0; x < width; x++) {
    const top = Math.round(height / 2 - thickness / 2 + slope * (x - width / 2));
    for (let y = Math.max(0, top); y < Math.min(height, top + thickness); y++) m.data[y * width + x] = 255;
  }
  return m;
}

test('hole depth: half the thickness of the thickest part, whatever the length', (t) => {
  t.is(holeDepth(stroke(3000, 60, 20)), 10, 'a 20 px stroke across the image reaches 10 px deep');
  t.is(holeDepth(stroke(300, 60, 20)), 10);
  const square = createMask(400, 400);
  for (let y = 50; y < 350; y++) square.data.fill(255, y * 400 + 50, y * 400 + 350);
  t.is(holeDepth(square), 150);
  // a thick blob and a 1 px line beside it: a box around the line alone sees 1
  for (let y = 10; y < 50; y++) square.data.fill(255, y * 400 + 360, y * 400 + 361);
  t.is(holeDepth(square, { x0: 355, y0: 0, x1: 400, y1: 60 }), 1);
  t.is(holeDepth(createMask(30, 20)), 0, 'no hole');
  t.is(holeDepth(square, { x0: 0, y0: 0, x1: 40, y1: 40 }), 0, 'a box without holes');
});

test('hole depth is within 6 % of the exact Euclidean depth on strokes at any angle and random masks', (t) => {
  const cases = [stroke(200, 120, 14, 0.5), stroke(200, 120, 30, 1), stroke(200, 120, 9, 2.5), stroke(200, 200, 40, -0.3)];
  for (const seed of [1, 2, 3, 4]) cases.push(generateMask({ width: 160, height: 120, seed, ratio: [0.2, 0.4] }));
  for (const m of cases) {
    const exact = exactDepth(m);
    const depth = holeDepth(m);
    t.true(Math.abs(depth - exact) <= 0.06 * exact + 1e-9, `chamfer ${depth.toFixed(2)} vs exact ${exact.toFixed(2)}`);
  }
});

test('hole depth: a hole that touches the image edge is measured from the kept pixels inside', (t) => {
  // rows 0..9 are holes: the nearest kept pixel of row 0 is row 10
  const m = createMask(50, 30);
  m.data.fill(255, 0, 10 * 50);
  t.is(holeDepth(m), 10);
  t.is(exactDepth(m), 10);
});
