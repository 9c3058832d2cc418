import test from 'ava';
import { createFileRecord } from '@inpaint/files';
import { summarise } from '../../src/report/records.js';

test('the summary counts statuses and rates only the files done', (t) => {
  const rec = (status: 'ok' | 'skipped' | 'failed') => ({ ...createFileRecord('x'), status });
  const s = summarise([rec('ok'), rec('ok'), rec('skipped'), rec('failed'), rec('ok')], 2);
  t.deepEqual(s, { total: 5, ok: 3, skipped: 1, failed: 1, seconds: 2, imagesPerSecond: 1.5 });
  t.is(summarise([], 0).imagesPerSecond, 0, 'no division by zero');
  t.is(summarise([rec('ok')], 3).imagesPerSecond, 0.33);
});
