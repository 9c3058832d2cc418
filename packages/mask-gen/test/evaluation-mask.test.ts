import test from 'ava';
import { InvalidParameterError } from '../src/errors.js';
import { OBJECT_BUCKETS, STROKE_BUCKETS, evaluationMask, objectEvaluationMask, thinStrokeEvaluationMask } from '../src/evaluation-mask.js';
import { connectedComponents } from '../src/components.js';
import { squaredDistanceTo } from '../src/morphology.js';
import { PCONV_BUCKETS } from '../src/generate-mask.js';
import { KEEP, holeRatio } from '../src/mask.js';

test('each PConv bucket gives a mask in its ratio range, the same for the same image and repeat', (t) => {
  PCONV_BUCKETS.forEach(([lo, hi], bucket) => {
    const m = evaluationMask({ image: 2, bucket, size: 128 });
    const r = holeRatio(m);
    t.true(r > lo && r <= hi, `bucket ${bucket}: ${r}`);
    t.deepEqual(evaluationMask({ image: 2, bucket, size: 128 }).data, m.data);
  });
  t.notDeepEqual(evaluationMask({ image: 2, bucket: 1, size: 128, repeat: 1 }).data, evaluationMask({ image: 2, bucket: 1, size: 128 }).data);
});

test('object masks land in their bucket at the photo size, away from the edges', (t) => {
  OBJECT_BUCKETS.forEach(([lo, hi], bucket) => {
    const m = objectEvaluationMask({ width: 300, height: 200, image: 0, bucket });
    const r = holeRatio(m);
    t.true(r >= lo && r <= hi, `bucket ${bucket}: ${r}`);
    t.is(m.width, 300);
    for (let x = 0; x < 300; x++) t.is(m.data[x], 0, 'the top row is kept');
  });
});

test('buckets and repeats outside the protocol are refused', (t) => {
  t.throws(() => evaluationMask({ image: 0, bucket: PCONV_BUCKETS.length }), { instanceOf: InvalidParameterError });
  t.throws(() => evaluationMask({ image: 0, bucket: 0, repeat: 100 }), { instanceOf: InvalidParameterError });
  t.throws(() => objectEvaluationMask({ width: 64, height: 64, image: 0, bucket: -1 }), { instanceOf: InvalidParameterError });
  t.throws(() => thinStrokeEvaluationMask({ width: 64, height: 64, image: 0, bucket: STROKE_BUCKETS.length }), { instanceOf: InvalidParameterError });
  t.throws(() => thinStrokeEvaluationMask({ width: 64, height: 64, image: 0, bucket: 0, repeat: 100 }), { instanceOf: InvalidParameterError });
  t.throws(() => thinStrokeEvaluationMask({ width: 0, height: 64, image: 0, bucket: 0 }), { instanceOf: InvalidParameterError });
});

test('thin-stroke masks: 2–5 % of the photo at any size, the same for the same seed, away from the edges', (t) => {
  const [[lo, hi]] = STROKE_BUCKETS;
  t.deepEqual([lo, hi], [0.02, 0.05]);
  for (const [width, height] of [[1500, 1000], [640, 414], [300, 200], [1000, 1500]] as const) {
    for (let image = 0; image < 4; image++) {
      const m = thinStrokeEvaluationMask({ width, height, image, bucket: 0 });
      const r = holeRatio(m);
      t.true(r > lo && r <= hi, `${width}x${height} image ${image}: ${r}`);
      // Buffer.equals: ava's deepEqual takes seconds on megapixel arrays
      t.true(Buffer.from(thinStrokeEvaluationMask({ width, height, image, bucket: 0 }).data).equals(m.data), 'same seed, same bytes');
      t.true(m.data.subarray(0, width).every((v) => v === 0), 'the top row is kept');
    }
  }
  const a = thinStrokeEvaluationMask({ width: 300, height: 200, image: 1, bucket: 0 });
  t.notDeepEqual(thinStrokeEvaluationMask({ width: 300, height: 200, image: 1, bucket: 0, repeat: 1 }).data, a.data);
  t.notDeepEqual(thinStrokeEvaluationMask({ width: 300, height: 200, image: 1, bucket: 0, seed: 1 }).data, a.data);
});

test('thin-stroke masks are thin and long: hole pixels lie within half a stroke width (6–24 px at 1.5 MP) of the photo, strokes cross it', (t) => {
  for (const [width, height, scale] of [[1500, 1000, 1], [750, 500, 0.5]] as const) {
    for (let image = 0; image < 4; image++) {
      const m = thinStrokeEvaluationMask({ width, height, image, bucket: 0 });
      // distance of every hole pixel to the nearest kept pixel: at most half the widest stroke
      // (24 px at 1.5 MP), a little more where two strokes cross
      const d2 = squaredDistanceTo(m, KEEP);
      const ds: number[] = [];
      for (let p = 0; p < m.data.length; p++) if (m.data[p]) ds.push(Math.sqrt(d2[p]));
      ds.sort((x, y) => x - y);
      const p99 = ds[Math.floor(ds.length * 0.99)], max = ds[ds.length - 1];
      t.true(p99 <= 12.5 * scale, `${width}x${height} image ${image}: 99th percentile ${p99}`);
      t.true(max <= 24 * scale, `${width}x${height} image ${image}: max ${max}`);
      // long: the largest stroke (or crossing strokes) spans at least half the photo one way
      const big = connectedComponents(m).regions.reduce((x, y) => (y.area > x.area ? y : x));
      t.true(big.box.x1 - big.box.x0 >= width / 2 || big.box.y1 - big.box.y0 >= height / 2, `${width}x${height} image ${image}: ${JSON.stringify(big.box)}`);
    }
  }
});
