import test from 'ava';
import { InvalidParameterError } from '../src/errors.js';
import { OBJECT_BUCKETS, evaluationMask, objectEvaluationMask } from '../src/evaluation-mask.js';
import { PCONV_BUCKETS } from '../src/generate-mask.js';
import { holeRatio } from '../src/mask.js';

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
});
