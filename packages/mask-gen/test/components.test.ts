import test from 'ava';
import { connectedComponents } from '../src/components.js';
import { createMask } from '../src/mask.js';
import type { Mask } from '../src/mask.js';

function maskOf(rows: string[]): Mask {
  const m = createMask(rows[0].length, rows.length);
  rows.forEach((r, y) => [...r].forEach((c, x) => { if (c === '#') m.data[y * m.width + x] = 255; }));
  return m;
}

test('separate regions get their own label, area and box, in raster order', (t) => {
  const { labels, regions } = connectedComponents(maskOf([
    '##....',
    '##..#.',
    '....##',
    '......',
  ]));
  t.deepEqual(regions.map((r) => r.area), [4, 3]);
  t.deepEqual(regions[0].box, { x0: 0, y0: 0, x1: 2, y1: 2 });
  t.deepEqual(regions[1].box, { x0: 4, y0: 1, x1: 6, y1: 3 });
  t.is(labels[0], 1);
  t.is(labels[1 * 6 + 4], 2);
  t.is(labels[3 * 6], 0, 'kept pixels are 0');
});

test('diagonal neighbours touch with 8-connectivity, not with 4', (t) => {
  const diagonal = maskOf(['#..', '.#.', '..#']);
  t.is(connectedComponents(diagonal).regions.length, 1);
  t.is(connectedComponents(diagonal, 4).regions.length, 3);
});

test('an empty mask has no regions', (t) => {
  const { regions, labels } = connectedComponents(createMask(5, 4));
  t.deepEqual(regions, []);
  t.true(labels.every((l) => l === 0));
});
