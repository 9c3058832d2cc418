import test from 'ava';
import { InvalidMaskError } from '@inpaint/core';
import type { SharpInpaintReport } from '@inpaint/sharp/api';
import { applyReport, createFileRecord, failRecord } from '../src/file-record.js';

test('a fresh record is ok, empty, and carries its input', (t) => {
  t.deepEqual(createFileRecord('a.jpg'), { input: 'a.jpg', output: null, mask: null, status: 'ok', warnings: [], ms: 0 });
});

test("core's report fills strategy, counts, timings and adds warnings", (t) => {
  const rec = createFileRecord('a.jpg');
  rec.warnings.push('earlier');
  const report = { strategy: 'crop', windows: 2, inferences: 1, holePixels: 300, frames: 1, depth: 8, ms: { total: 12, plan: 1, infer: 9 }, warnings: ['the mask marks no hole'] } as unknown as SharpInpaintReport;
  applyReport(rec, report);
  t.like(rec, { strategy: 'crop', inpaint: { windows: 2, inferences: 1, holePixels: 300, frames: 1, depth: 8, ms: { total: 12, plan: 1, infer: 9 } } });
  t.deepEqual(rec.warnings, ['earlier', 'the mask marks no hole']);
});

test("a failure keeps the typed error's message, code, file, role and hint; a system error its code and path", (t) => {
  const rec = createFileRecord('a.jpg');
  failRecord(rec, new InvalidMaskError('cannot decode the mask m.png: it is empty', { file: 'm.png', reason: 'empty file', hint: 're-export it as PNG' }));
  t.like(rec, { status: 'failed', reason: 'cannot decode the mask m.png: it is empty', code: 'ERR_INVALID_MASK', file: 'm.png', role: 'mask', hint: 're-export it as PNG' });
  const io = createFileRecord('b.jpg');
  failRecord(io, Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', path: 'b.jpg' }));
  t.like(io, { status: 'failed', code: 'ENOENT', file: 'b.jpg' });
  t.is(io.role, undefined);
  const odd = createFileRecord('c.jpg');
  failRecord(odd, 'a thrown string');
  t.like(odd, { status: 'failed', reason: 'a thrown string' });
});
