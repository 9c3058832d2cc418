import test from 'ava';
import { OBJECT_BUCKETS, PCONV_BUCKETS, STROKE_BUCKETS, evaluationMask, objectEvaluationMask, thinStrokeEvaluationMask } from '@inpaint/mask-gen';
import { bucketSpecs } from '../../src/commands/eval-buckets.js';

const holes = (data: Uint8Array) => data.reduce((n, v) => n + (v ? 1 : 0), 0);

test('512² protocol: the six PConv buckets, each mask the protocol\'s evaluationMask for the image and repeat', (t) => {
  const rows = bucketSpecs({ seed: 3, size: 64 });
  t.deepEqual(rows.map((r) => [r.kind, r.label, r.range]), PCONV_BUCKETS.map((range) => [undefined, `${range[0]}–${range[1]}`, range]));
  t.is(rows[0].label, '0.01–0.1');
  const mask = rows[2].mask(1, 2, { width: 999, height: 999 });
  t.deepEqual([mask.width, mask.height], [64, 64], 'the square of --size, whatever the image');
  t.deepEqual(mask.data, evaluationMask({ size: 64, seed: 3, image: 1, bucket: 2, repeat: 2 }).data);
  const share = holes(mask.data) / (64 * 64);
  t.true(share >= 0.2 && share <= 0.3, `${share}`);
  t.notDeepEqual(rows[2].mask(1, 0, { width: 64, height: 64 }).data, mask.data, 'another repeat, another mask');
  t.is(rows[2].file('photo', 1), 'photo-b2-r1.png');
});

test('native: strokes then objects by default, in the order --holes gives; masks at the image\'s size; row names', (t) => {
  const rows = bucketSpecs({ native: true, seed: 0, size: 512 });
  t.deepEqual(rows.map((r) => r.label), [...STROKE_BUCKETS.map((r) => `strokes ${r[0]}–${r[1]}`), ...OBJECT_BUCKETS.map((r) => `objects ${r[0]}–${r[1]}`)]);
  t.deepEqual(rows.map((r) => r.kind), [...STROKE_BUCKETS.map(() => 'strokes'), ...OBJECT_BUCKETS.map(() => 'objects')]);
  const size = { width: 120, height: 80 };
  const stroke = rows[0].mask(0, 0, size);
  t.deepEqual([stroke.width, stroke.height], [120, 80]);
  t.deepEqual(stroke.data, thinStrokeEvaluationMask({ ...size, seed: 0, image: 0, bucket: 0, repeat: 0 }).data);
  const objects = rows.filter((r) => r.kind === 'objects');
  t.deepEqual(objects[1].mask(2, 0, size).data, objectEvaluationMask({ ...size, seed: 0, image: 2, bucket: 1, repeat: 0 }).data);
  t.is(rows[0].file('a', 0), 'a-strokes-b0-r0.png');
  t.is(objects[0].file('a', 0), 'a-b0-r0.png', 'object rows keep their names from before strokes existed');
  const reversed = bucketSpecs({ native: true, holes: ['objects', 'strokes'], seed: 0, size: 512 });
  t.deepEqual(reversed.map((r) => r.kind), [...OBJECT_BUCKETS.map(() => 'objects'), ...STROKE_BUCKETS.map(() => 'strokes')]);
  t.deepEqual(bucketSpecs({ native: true, holes: ['objects'], seed: 0, size: 512 }).map((r) => r.label), objects.map((r) => r.label));
});
