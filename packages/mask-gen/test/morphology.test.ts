import test from 'ava';
import { InvalidParameterError } from '../src/errors.js';
import { createMask, countHoles } from '../src/mask.js';
import { dilate, erode, squaredDistanceTo } from '../src/morphology.js';

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
