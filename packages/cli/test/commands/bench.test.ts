import test from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bench, hugeCase, strokeCase, syntheticImage } from '../../src/commands/bench.js';
import { TINY, tempDir } from '../helpers.js';

test('the synthetic photo is deterministic per seed and fills every channel', (t) => {
  const a = syntheticImage(32, 16, 3), b = syntheticImage(32, 16, 3), c = syntheticImage(32, 16, 4);
  t.deepEqual([a.width, a.height, a.channels, a.data.length], [32, 16, 3, 32 * 16 * 3]);
  t.deepEqual(a.data, b.data);
  t.notDeepEqual(a.data, c.data);
});

test('the 24-megapixel cases: three round holes of about 1 %, a 20 px stroke edge to edge', (t) => {
  const { mask } = hugeCase(600, 400);
  const holes = mask.reduce((n, v) => n + (v ? 1 : 0), 0);
  t.true(holes > 0.009 * 600 * 400 && holes < 0.011 * 600 * 400, `${holes}`);
  const stroke = strokeCase(600, 400).mask;
  t.true(stroke[Math.round(0.3 * 400) * 600 + 2] > 0, 'starts at the left edge, 30 % down');
  t.true(stroke[Math.round(0.7 * 400) * 600 + 597] > 0, 'ends at the right edge, 70 % down');
  t.is(stroke[10 * 600 + 300], 0);
});

test('bench: a speed row per size and engine with its median, the run-throughput rows, the JSON file', async (t) => {
  const json = join(tempDir(), 'bench.json');
  const log: string[] = [];
  const r = await bench({ sizes: [64], repeat: 3, baselines: [], model: TINY, huge: false, batch: 2, json, log: (s) => log.push(s) });
  const model = r.speed.filter((s) => s.method === 'pconv' && s.threads === 'default');
  t.is(model.length, 1);
  t.is(model[0].runs.length, 3);
  t.is(model[0].ms, [...model[0].runs].sort((a, b) => a - b)[1], 'the median of the runs');
  t.is(r.detail, undefined, 'the detail cost is measured at 512 only');
  t.is(r.huge, undefined);
  t.true(r.batch!.length >= 1);
  t.is(r.batch![0].images, 2, 'every image in-painted');
  t.is(r.batch![0].concurrency, 1);
  t.true(r.batch![0].imagesPerSecond > 0);
  t.deepEqual(JSON.parse(await readFile(json, 'utf8')), JSON.parse(JSON.stringify(r)));
  t.true(log.some((l) => /^pconv 64x64 \(\w+\): [\d.]+ ms\n$/.test(l)), log.join(''));
});
