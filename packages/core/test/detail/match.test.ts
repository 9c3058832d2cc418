import test from 'ava';
import { createRng } from '@inpaint/mask-gen';
import type { CellGrid } from '../../src/detail/grid.js';
import { attention, patchMatch, sourceCells, targetCells } from '../../src/detail/match.js';

/** A grid of grey cells from rows of values; `holes` marks hole cells (not known). */
function grid(rows: number[][], holes: [number, number][] = []): CellGrid {
  const height = rows.length, width = rows[0].length;
  const mean = Float32Array.from(rows.flat());
  const known = new Uint8Array(width * height).fill(1);
  const hole = new Uint8Array(width * height);
  for (const [x, y] of holes) { known[y * width + x] = 0; hole[y * width + x] = 1; }
  return { box: { x0: 0, y0: 0, x1: width, y1: height }, cell: 1, width, height, channels: 1, mean, known, hole };
}

test('sources are the centres whose whole patch is known; targets are hole cells and their neighbours', (t) => {
  const g = grid(Array.from({ length: 5 }, () => [0, 0, 0, 0, 0, 0, 0]), [[5, 2]]);
  t.deepEqual([...sourceCells(g, 1)].map((i) => [i % 7, Math.floor(i / 7)]), [[1, 1], [2, 1], [3, 1], [1, 2], [2, 2], [3, 2], [1, 3], [2, 3], [3, 3]]);
  const targets = targetCells(g);
  t.is(targets.reduce((a, b) => a + b, 0), 9);
  t.is(targets[2 * 7 + 5], 1);
  t.is(targets[0], 0);
});

test('PatchMatch finds the one patch that looks like the hole\'s surroundings', (t) => {
  // a unique bright cross at (3, 3); the hole (10, 3) sits in a copy of the cross's arms
  const rows = Array.from({ length: 7 }, () => Array.from({ length: 14 }, () => 0.1));
  for (const [x, y] of [[3, 2], [2, 3], [4, 3], [3, 4], [10, 2], [9, 3], [11, 3], [10, 4]]) rows[y][x] = 0.9;
  rows[3][3] = 0.5; rows[3][10] = 0.5; // the hole cell holds the network's guess
  const g = grid(rows, [[10, 3]]);
  const m = patchMatch(g, createRng(3), { radius: 1, iterations: 4, coherence: 0, occurrence: 0 })!;
  t.is(m.perCell, 1);
  t.is(m.source[3 * 14 + 10], 3 * 14 + 3);
  t.is(m.weight[3 * 14 + 10], 1);
});

test('PatchMatch is deterministic for a seed and gives nothing when no patch is fully known', (t) => {
  const rows = Array.from({ length: 8 }, (_, y) => Array.from({ length: 8 }, (_, x) => ((x * 7 + y * 3) % 5) / 5));
  const g = grid(rows, [[4, 4], [5, 4]]);
  const a = patchMatch(g, createRng(1), { radius: 1, iterations: 3, coherence: 2, occurrence: 0.5 })!;
  const b = patchMatch(g, createRng(1), { radius: 1, iterations: 3, coherence: 2, occurrence: 0.5 })!;
  t.deepEqual(a.source, b.source);
  t.is(patchMatch(grid([[0, 0], [0, 0]], [[0, 0]]), createRng(1), { radius: 1, iterations: 3, coherence: 0, occurrence: 0 }), null);
});

test('attention keeps the best few sources per cell with weights that sum to 1, best first', (t) => {
  const rows = Array.from({ length: 6 }, (_, y) => Array.from({ length: 10 }, (_, x) => ((x + y) % 3) / 3));
  const g = grid(rows, [[7, 3]]);
  const a = attention(g, { radius: 1, candidates: 1024, keep: 4 })!;
  t.is(a.perCell, 4);
  const t0 = (3 * 10 + 7) * 4;
  const w = [...a.weight.subarray(t0, t0 + 4)];
  t.true(Math.abs(w.reduce((s, v) => s + v, 0) - 1) < 1e-6);
  for (let j = 1; j < 4; j++) t.true(w[j] <= w[j - 1] + 1e-9);
  t.true([...a.source.subarray(t0, t0 + 4)].every((s) => s >= 0 && g.known[s] === 1));
});
