import test from 'ava';
import { countHoles, dilate, drawBoxes, drawPolygons, fillPolygon, createMask, PaintSink } from '../src/index.js';
import type { Mask } from '../src/index.js';

const at = (m: Mask, x: number, y: number) => m.data[y * m.width + x];

test('a box of whole pixels covers exactly those pixels; fractional edges go by pixel centres', (t) => {
  const m = drawBoxes(50, 40, [{ x0: 7, y0: 3, x1: 30, y1: 21 }]);
  t.is(countHoles(m), 23 * 18);
  t.is(at(m, 7, 3), 255);
  t.is(at(m, 29, 20), 255);
  t.is(at(m, 30, 20), 0);
  t.is(at(m, 29, 21), 0);
  t.is(at(m, 6, 3), 0);
  // 7.4 .. 9.6: the centres 7.5, 8.5 and 9.5 are inside
  const f = drawBoxes(20, 1, [{ x0: 7.4, y0: 0, x1: 9.6, y1: 1 }]);
  t.deepEqual([...f.data].map((v, x) => (v ? x : -1)).filter((x) => x >= 0), [7, 8, 9]);
});

test('a box beyond the image is clipped to it', (t) => {
  const m = drawBoxes(20, 10, [{ x0: -5, y0: -5, x1: 5, y1: 5 }, { x0: 15, y0: 8, x1: 40, y1: 40 }]);
  t.is(countHoles(m), 5 * 5 + 5 * 2);
});

test('a grown box has round corners: the Minkowski sum of the box and a disk, equal to dilating it', (t) => {
  const box = { x0: 40, y0: 30, x1: 120, y1: 90 };
  const r = 10;
  const grown = drawBoxes(200, 150, [box], { grow: r });
  const expected = 80 * 60 + 2 * r * (80 + 60) + Math.PI * r * r;
  t.true(Math.abs(countHoles(grown) - expected) / expected < 0.01, `${countHoles(grown)} vs ${expected.toFixed(0)}`);
  // the corner is round: the pixel at the box's corner + (r-1, r-1) diagonally is outside (distance ~12.7 > 10)
  t.is(at(grown, box.x1 + r - 2, box.y1 + r - 2), 0);
  t.is(at(grown, box.x1 + r - 1, 60), 255, 'the side moves out by r');
  t.is(at(grown, box.x1 + r + 1, 60), 0);
  // and agrees with the distance-transform dilation of the plain box on all but a rim of pixels
  const dilated = dilate(drawBoxes(200, 150, [box]), r);
  let differ = 0;
  for (let i = 0; i < grown.data.length; i++) if (grown.data[i] !== dilated.data[i]) differ++;
  t.true(differ < 2 * Math.PI * r, `${differ} pixels differ`);
});

test('a concave polygon is filled by the even-odd rule: the notch of a U stays empty', (t) => {
  // a U: two 10-wide arms 0..30 high on a 40-wide base 30..40
  const U = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 30 }, { x: 30, y: 30 }, { x: 30, y: 0 }, { x: 40, y: 0 }, { x: 40, y: 40 }, { x: 0, y: 40 }];
  const m = drawPolygons(50, 50, [U]);
  t.is(countHoles(m), 2 * 10 * 30 + 40 * 10);
  t.is(at(m, 20, 10), 0, 'the notch');
  t.is(at(m, 5, 10), 255);
  t.is(at(m, 35, 10), 255);
  t.is(at(m, 20, 35), 255);
});

test('a triangle covers half its bounding box, within the rasterisation error', (t) => {
  const m = createMask(120, 120);
  fillPolygon(new PaintSink(m, { x0: 0, y0: 0, x1: 120, y1: 120 }), [{ x: 10, y: 10 }, { x: 110, y: 10 }, { x: 10, y: 110 }]);
  t.true(Math.abs(countHoles(m) - 5000) < 110, `${countHoles(m)}`);
});

test('bad shapes and a negative grow are InvalidParameterErrors naming them', (t) => {
  t.throws(() => drawPolygons(10, 10, [[{ x: 0, y: 0 }, { x: 5, y: 5 }]]), { code: 'ERR_INVALID_PARAMETER', message: /polygons\[0\]/ });
  t.throws(() => drawBoxes(10, 10, [{ x0: 5, y0: 0, x1: 2, y1: 4 }]), { code: 'ERR_INVALID_PARAMETER', message: /boxes\[0\]/ });
  t.throws(() => drawBoxes(10, 10, [], { grow: -1 }), { code: 'ERR_INVALID_PARAMETER', message: /grow/ });
});
