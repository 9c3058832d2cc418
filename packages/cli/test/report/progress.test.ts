import test from 'ava';
import { PassThrough } from 'node:stream';
import { createFileRecord } from '@inpaint/files';
import { createReporter, reportMode } from '../../src/report/progress.js';

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
const summary = { total: 2, ok: 1, skipped: 0, failed: 1, seconds: 1.5, imagesPerSecond: 0.67 };
const ok = { ...createFileRecord('a.jpg'), output: 'out/a.jpg', ms: 12.4 };
const failed = { ...createFileRecord('b.jpg'), status: 'failed' as const, reason: 'cannot decode the image b.jpg' };

test('the mode: json when asked, a bar on a terminal, lines otherwise', (t) => {
  t.is(reportMode(true), 'json');
  t.is(reportMode(false, { isTTY: true } as NodeJS.WriteStream), 'bar');
  t.is(reportMode(false, { isTTY: false } as NodeJS.WriteStream), 'lines');
});

test('json: one parseable object per file and a summary, on stdout only', (t) => {
  const out = sink(), err = sink();
  const r = createReporter('json', out.stream, err.stream);
  r.start(2); r.file(ok); r.file(failed); r.finish(summary);
  const lines = out.text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  t.like(lines[0], { type: 'file', input: 'a.jpg', status: 'ok' });
  t.like(lines[1], { type: 'file', status: 'failed', reason: 'cannot decode the image b.jpg' });
  t.like(lines[2], { type: 'summary', ok: 1, failed: 1 });
  t.is(err.text(), '');
});

test('lines: a line per file on stdout, the count and summary on stderr', (t) => {
  const out = sink(), err = sink();
  const r = createReporter('lines', out.stream, err.stream);
  r.start(2); r.file(ok); r.file(failed); r.finish(summary);
  t.deepEqual(out.text().trim().split('\n'), ['ok      a.jpg -> out/a.jpg (12 ms)', 'failed  b.jpg cannot decode the image b.jpg']);
  t.is(err.text(), '2 image(s)\n1 done, 0 skipped, 1 failed of 2 in 1.5 s (0.67/s)\n');
});

test('bar: the failures are listed after the bar, then the summary', (t) => {
  const out = sink(), err = sink();
  const r = createReporter('bar', out.stream, err.stream);
  r.start(2); r.file(ok); r.file(failed); r.finish(summary);
  const text = err.text();
  t.regex(text, /failed {2}b\.jpg cannot decode the image b\.jpg\n1 done, 0 skipped, 1 failed of 2/);
  t.is(out.text(), '');
});
