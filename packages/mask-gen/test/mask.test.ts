import test from 'ava';
import {
  boundingBox, connectedComponents, countHoles, createMask, createRng, dilate, erode, holeRatio,
  InvalidParameterError, invertMask, maskFromAlpha, maskFromBytes, maskFromImage,
} from '../src/index.js';

/** Parse a picture: '#' hole, '.' keep. */
function pic(rows: string[]) {
  return maskFromBytes([...rows.join('')].map((c) => (c === '#' ? 1 : 0)), rows[0].length, rows.length);
}
function show(m: { width: number; data: Uint8Array }): string[] {
  const out: string[] = [];
  for (let i = 0; i < m.data.length; i += m.width) out.push([...m.data.subarray(i, i + m.width)].map((v) => (v ? '#' : '.')).join(''));
  return out;
}

test('hole ratio, count and bounding box', (t) => {
  const m = pic(['.....', '.##..', '.#...', '.....']);
  t.is(countHoles(m), 3);
  t.is(holeRatio(m), 3 / 20);
  t.deepEqual(boundingBox(m), { x0: 1, y0: 1, x1: 3, y1: 3 });
  t.is(boundingBox(createMask(4, 4)), null);
});

test('maskFromBytes normalises any non-zero byte to 255 and checks the length', (t) => {
  t.deepEqual([...maskFromBytes([0, 7, 255, 0], 2, 2).data], [0, 255, 255, 0]);
  t.throws(() => maskFromBytes([0, 1, 0], 2, 2), { instanceOf: InvalidParameterError, message: /Expected width\*height = 4 bytes for data but received '3 bytes'/ });
});

test('invert swaps holes and kept pixels', (t) => {
  t.deepEqual(show(invertMask(pic(['#.', '.#']))), ['.#', '#.']);
});

test('connected components: 8-connectivity joins diagonals, 4 does not; areas and boxes', (t) => {
  const m = pic(['##....', '##....', '..#...', '.....#', '....##']);
  const eight = connectedComponents(m);
  t.is(eight.regions.length, 2);
  t.deepEqual(eight.regions[0], { label: 1, area: 5, box: { x0: 0, y0: 0, x1: 3, y1: 3 } });
  t.deepEqual(eight.regions[1], { label: 2, area: 3, box: { x0: 4, y0: 3, x1: 6, y1: 5 } });
  t.is(eight.labels[2 * 6 + 2], 1);
  t.is(eight.labels[0 * 6 + 3], 0);
  const four = connectedComponents(m, 4);
  t.deepEqual(four.regions.map((r) => r.area), [4, 1, 3]);
});

test('dilate by radius 1 grows a point into a plus; radius 1.5 into a 3x3 square', (t) => {
  const dot = pic(['.....', '.....', '..#..', '.....', '.....']);
  t.deepEqual(show(dilate(dot, 1)), ['.....', '..#..', '.###.', '..#..', '.....']);
  t.deepEqual(show(dilate(dot, 1.5)), ['.....', '.###.', '.###.', '.###.', '.....']);
  t.deepEqual(show(dilate(dot, 2)), ['..#..', '.###.', '#####', '.###.', '..#..']);
  t.deepEqual(show(dilate(dot, 0)), show(dot));
});

test('erode removes a one-pixel rim and keeps edge-touching holes at the edge', (t) => {
  const sq = pic(['#####.', '#####.', '#####.', '#####.', '......']);
  t.deepEqual(show(erode(sq, 1)), ['####..', '####..', '####..', '......', '......']);
});

test('dilate then erode (closing) of a large disk restores it; erode is the dual of dilate', (t) => {
  const rng = createRng(4);
  const m = maskFromBytes(Array.from({ length: 40 * 30 }, () => (rng.next() < 0.2 ? 1 : 0)), 40, 30);
  const viaDual = invertMask(dilate(invertMask(m), 2.5));
  t.deepEqual([...erode(m, 2.5).data], [...viaDual.data]);
});

test('morphology rejects a negative radius', (t) => {
  t.throws(() => dilate(createMask(2, 2), -1), { instanceOf: InvalidParameterError, message: /Expected a finite number >= 0 for radius but received number -1/ });
});

test('threshold from luma, a channel, 16-bit data, and inverted', (t) => {
  const rgb = { width: 3, height: 1, channels: 3 as const, data: new Uint8Array([255, 255, 255, 0, 0, 0, 200, 100, 50]) };
  // luma of (200, 100, 50) = 0.299*200 + 0.587*100 + 0.114*50 = 124.2 < 127.5
  t.deepEqual([...maskFromImage(rgb).data], [255, 0, 0]);
  t.deepEqual([...maskFromImage(rgb, { channel: 0 }).data], [255, 0, 255]);
  t.deepEqual([...maskFromImage(rgb, { invert: true }).data], [0, 255, 255]);
  const g16 = { width: 2, height: 1, channels: 1 as const, data: new Uint16Array([40000, 20000]) };
  t.deepEqual([...maskFromImage(g16).data], [255, 0]);
  t.throws(() => maskFromImage(rgb, { channel: 3 }), { instanceOf: InvalidParameterError, message: /for channel but received number 3/ });
  t.throws(() => maskFromImage({ ...rgb, channels: 5 } as never), { instanceOf: InvalidParameterError, message: /Expected an integer in \[1, 4\] for channels/ });
  t.throws(() => maskFromImage(rgb, { threshold: 2 }), { instanceOf: InvalidParameterError, message: /Expected a number in \[0, 1\] for threshold but received number 2/ });
});

test('alpha mask: transparent pixels are holes; no alpha channel is an error', (t) => {
  const rgba = { width: 2, height: 1, channels: 4 as const, data: new Uint8Array([9, 9, 9, 0, 9, 9, 9, 255]) };
  t.deepEqual([...maskFromAlpha(rgba).data], [255, 0]);
  t.throws(() => maskFromAlpha({ width: 1, height: 1, channels: 3 as const, data: new Uint8Array(3) }), { message: /alpha channel/ });
});

test('rng: same seed same sequence, known first values, ranges respected', (t) => {
  const a = createRng(123);
  const b = createRng(123);
  const seqA = Array.from({ length: 5 }, () => a.u32());
  t.deepEqual(seqA, Array.from({ length: 5 }, () => b.u32()));
  t.snapshot(seqA, 'xoshiro128** from SplitMix32(123)');
  const r = createRng(1);
  for (let i = 0; i < 1000; i++) {
    const k = r.int(3, 7);
    t.true(Number.isInteger(k) && k >= 3 && k <= 7);
  }
  const n = Array.from({ length: 4000 }, () => r.normal(10, 2));
  const mean = n.reduce((s, v) => s + v, 0) / n.length;
  const sd = Math.sqrt(n.reduce((s, v) => s + (v - mean) ** 2, 0) / n.length);
  t.true(Math.abs(mean - 10) < 0.15 && Math.abs(sd - 2) < 0.15, `${mean} ${sd}`);
});
