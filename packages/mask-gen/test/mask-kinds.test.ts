import test from 'ava';
import { MASK_KINDS, elementStream, lineStream } from '../src/mask-kinds.js';
import { boundingBox, createMask, countHoles } from '../src/mask.js';
import { PaintSink } from '../src/raster.js';
import { createRng } from '../src/rng.js';

const canvas = { width: 96, height: 64, clip: { x0: 8, y0: 8, x1: 88, y1: 56 } };

function paint(kind: (typeof MASK_KINDS)[number], seed: number, n: number) {
  const m = createMask(canvas.width, canvas.height);
  const next = elementStream(kind, createRng(seed), canvas);
  const sink = new PaintSink(m, { x0: 0, y0: 0, x1: canvas.width, y1: canvas.height });
  for (let i = 0; i < n; i++) next()(sink, 1);
  return m;
}

test('every kind paints holes, the same ones for the same seed', (t) => {
  for (const kind of MASK_KINDS) {
    const a = paint(kind, 5, 3);
    t.true(countHoles(a) > 0, kind);
    t.deepEqual(a.data, paint(kind, 5, 3).data, kind);
    t.notDeepEqual(a.data, paint(kind, 6, 3).data, kind);
  }
});

test('a box element is an axis-aligned rectangle centred inside the clip', (t) => {
  const next = elementStream('boxes', createRng(11), canvas);
  for (let i = 0; i < 8; i++) {
    const m = createMask(canvas.width, canvas.height);
    next()(new PaintSink(m, { x0: 0, y0: 0, x1: canvas.width, y1: canvas.height }), 1);
    const box = boundingBox(m)!;
    t.is(countHoles(m), (box.x1 - box.x0) * (box.y1 - box.y0), 'solid rectangle');
    const cx = (box.x0 + box.x1) / 2, cy = (box.y0 + box.y1) / 2;
    t.true(cx >= canvas.clip.x0 - 1 && cx <= canvas.clip.x1 + 1 && cy >= canvas.clip.y0 - 1 && cy <= canvas.clip.y1 + 1, `centre ${cx},${cy}`);
  }
});

test('elements grow about their centre with t: the element at t = 0.5 lies inside the one at t = 1', (t) => {
  for (const kind of ['objects', 'boxes', 'shapes'] as const) {
    const next = elementStream(kind, createRng(3), canvas);
    for (let i = 0; i < 4; i++) {
      const element = next();
      const full = createMask(canvas.width, canvas.height), half = createMask(canvas.width, canvas.height);
      const all = { x0: 0, y0: 0, x1: canvas.width, y1: canvas.height };
      element(new PaintSink(full, all), 1);
      element(new PaintSink(half, all), 0.5);
      t.true(countHoles(half) < countHoles(full), kind);
      t.true(half.data.every((v, j) => v === 0 || full.data[j] === 255), `${kind}: half inside full`);
    }
  }
});

test('a line element crosses the clip area from edge to edge, one stroke whose width scales with the image, a prefix at smaller t', (t) => {
  const all = (w: number, h: number) => ({ x0: 0, y0: 0, x1: w, y1: h });
  for (const [w, h] of [[1500, 1000], [750, 500]] as const) {
    const clip = { x0: 20, y0: 20, x1: w - 20, y1: h - 20 };
    const next = lineStream(createRng(4), { width: w, height: h, clip });
    for (let i = 0; i < 4; i++) {
      const element = next();
      const full = createMask(w, h), half = createMask(w, h);
      element(new PaintSink(full, all(w, h)), 1);
      element(new PaintSink(half, all(w, h)), 0.5);
      const box = boundingBox(full)!;
      // from one edge of the clip to another (round caps may reach past it by half a width), through its middle: long
      const sides = [box.x0 <= clip.x0 + 1, box.y0 <= clip.y0 + 1, box.x1 >= clip.x1 - 1, box.y1 >= clip.y1 - 1].filter(Boolean).length;
      t.true(sides >= 2, `${w}x${h} #${i}: ${JSON.stringify(box)}`);
      t.true(Math.hypot(box.x1 - box.x0, box.y1 - box.y0) >= Math.min(w, h) / 2, `${w}x${h} #${i}: ${JSON.stringify(box)}`);
      // thin: the area over the length (about the box's diagonal) is the width, 6–24 px at 1.5 MP, half that at a quarter of the pixels
      const width = countHoles(full) / Math.hypot(box.x1 - box.x0, box.y1 - box.y0);
      const scale = w === 1500 ? 1 : 0.5;
      t.true(width > 4 * scale && width < 26 * scale, `${w}x${h} #${i}: width ${width}`);
      t.true(countHoles(half) < countHoles(full) && half.data.every((v, j) => v === 0 || full.data[j] === 255), 'the element at t = 0.5 is a part of the one at t = 1');
    }
  }
});
