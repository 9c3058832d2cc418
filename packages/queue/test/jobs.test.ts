import test from 'ava';
import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { InvalidImageError } from '@inpaint/core';
import { RETRY, hashFile, isTransient, jobIdFor } from '../src/jobs.js';
import { tempDir } from './helpers.js';

test('job ids follow the output path and the input content', (t) => {
  t.is(jobIdFor('/o/a.png', 'h1'), jobIdFor('/o/a.png', 'h1'));
  t.not(jobIdFor('/o/a.png', 'h1'), jobIdFor('/o/b.png', 'h1'));
  t.not(jobIdFor('/o/a.png', 'h1'), jobIdFor('/o/a.png', 'h2'));
  t.regex(jobIdFor('/o/a.png', 'h1'), /^img-[0-9a-f]{40}$/);
});

test('typed errors and missing files fail at once; I/O hiccups are retried', (t) => {
  t.false(isTransient(new InvalidImageError('corrupt')));
  t.false(isTransient(Object.assign(new Error('no such file'), { code: 'ENOENT' })));
  t.true(isTransient(Object.assign(new Error('i/o'), { code: 'EIO' })));
  t.true(isTransient(Object.assign(new Error('busy'), { code: 'EBUSY' })));
});

test('a failed file record is classified by its code, like the error it came from', (t) => {
  t.false(isTransient({ status: 'failed', code: 'ERR_INVALID_MASK' }));
  t.true(isTransient({ status: 'failed', code: 'ESTALE' }));
  t.true(isTransient({ status: 'failed' }), 'no code: unknown, so retried');
  t.is(RETRY.attempts, 4);
});

test('hashFile is the sha256 of the bytes, streamed; a missing file rejects with its code', async (t) => {
  const f = join(tempDir(), 'a.bin');
  const bytes = Buffer.alloc(3 * 1024 * 1024 + 7, 9);
  writeFileSync(f, bytes);
  t.is(await hashFile(f), createHash('sha256').update(bytes).digest('hex'));
  await t.throwsAsync(hashFile(`${f}.missing`), { code: 'ENOENT' });
});
