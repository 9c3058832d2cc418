import test from 'ava';
import type { Mask } from '../src/index.js';
import { PaintSink, capsule, countHoles, createMask, ellipse, polyline, rect } from '../src/index.js';

function paint(w: number, h: number): [Mask, PaintSink] {
  const m = createMask(w, h);
  return [m, new PaintSink(m, { x0: 0, y0: 0, x1: w, y1: h })];
}

test('a box covers exactly its area and nothing else', (t) => {
  const [m, sink] = paint(50, 40);
  rect(sink, { x0: 7, y0: 3, x1: 30, y1: 21 });
  t.is(countHoles(m), 23 * 18);
  t.is(m.data[3 * 50 + 7], 255);
  t.is(m.data[20 * 50 + 29], 255);
  t.is(m.data[21 * 50 + 29], 0);
  t.is(m.data[20 * 50 + 30], 0);
});

test('a straight stroke of width w and length L covers about w*L + the round caps', (t) => {
  for (const [w, L, angle] of [[10, 200, 0], [16, 150, 0.7], [6, 300, 2.1]] as const) {
    const [m, sink] = paint(400, 400);
    const a = { x: 200 - (L / 2) * Math.cos(angle), y: 200 - (L / 2) * Math.sin(angle) };
    const b = { x: a.x + L * Math.cos(angle), y: a.y + L * Math.sin(angle) };
    capsule(sink, a, b, w);
    const expected = w * L + Math.PI * (w / 2) ** 2;
    const got = countHoles(m);
    t.true(Math.abs(got - expected) / expected < 0.03, `w=${w} L=${L}: ${got} vs ${expected.toFixed(0)}`);
  }
});

test('a polyline has round joints: the area of a right-angle bend is two capsules minus their overlap', (t) => {
  const [m, sink] = paint(300, 300);
  polyline(sink, [{ x: 50, y: 50 }, { x: 250, y: 50 }, { x: 250, y: 250 }], 20);
  // two segments of length 200, width 20: 2*20*200 + one full disk (caps) + a quarter disk at the joint
  const expected = 2 * 20 * 200 + Math.PI * 100 + Math.PI * 100 / 4;
  t.true(Math.abs(countHoles(m) - expected) / expected < 0.03, `${countHoles(m)} vs ${expected}`);
});

test('a polyline prefix at t is a subset of the polyline at a larger t', (t) => {
  const pts = [{ x: 10, y: 10 }, { x: 90, y: 30 }, { x: 40, y: 80 }];
  const [small, s1] = paint(100, 100);
  const [big, s2] = paint(100, 100);
  polyline(s1, pts, 8, 0.4);
  polyline(s2, pts, 8, 0.7);
  t.true(countHoles(small) < countHoles(big));
  for (let i = 0; i < small.data.length; i++) if (small.data[i]) t.is(big.data[i], 255);
});

test('a circle of radius r covers about pi*r^2; a rotated ellipse about pi*a*b', (t) => {
  const [m, sink] = paint(200, 200);
  ellipse(sink, { x: 100, y: 100 }, 40, 40, 0, 1);
  t.true(Math.abs(countHoles(m) - Math.PI * 1600) < 40);
  const [e, sink2] = paint(200, 200);
  ellipse(sink2, { x: 100, y: 100 }, 60, 20, Math.sin(0.6), Math.cos(0.6));
  t.true(Math.abs(countHoles(e) - Math.PI * 1200) < 40, `${countHoles(e)}`);
});

test('drawing clips at the image edge without wrapping to the next row', (t) => {
  const [m, sink] = paint(20, 10);
  rect(sink, { x0: 15, y0: 2, x1: 40, y1: 4 });
  t.is(countHoles(m), 5 * 2);
  t.is(m.data[3 * 20 + 0], 0);
});
