import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertReadable, decodeError, decoding } from '../src/decode-errors.js';
import { InvalidImageError, InvalidMaskError, InvalidParameterError } from '@inpaint/core';

const dir = mkdtempSync(join(tmpdir(), 'inpaint-decode-'));

test('a missing image keeps its code and names role and path; an empty one is a typed error', async (t) => {
  const missing = await t.throwsAsync(assertReadable(join(dir, 'nope.jpg'), 'image'));
  t.false(missing instanceof InvalidImageError);
  t.is((missing as NodeJS.ErrnoException).code, 'ENOENT');
  t.regex(missing.message, /^cannot read the image .*nope\.jpg: ENOENT/);
  t.is((await t.throwsAsync(assertReadable(dir, 'image')) as NodeJS.ErrnoException).code, 'EISDIR');
  writeFileSync(join(dir, 'empty.jpg'), '');
  const empty = await t.throwsAsync(assertReadable(join(dir, 'empty.jpg'), 'image'), { instanceOf: InvalidImageError });
  t.like(empty, { file: join(dir, 'empty.jpg'), role: 'image', reason: 'empty file' });
  writeFileSync(join(dir, 'ok.png'), 'x');
  await t.notThrowsAsync(assertReadable(join(dir, 'ok.png'), 'image'));
});

test('a mask path that is missing or a directory is an InvalidMaskError with code, file, role, reason and hint', async (t) => {
  const path = join(dir, 'missing.png');
  const missing = await t.throwsAsync(assertReadable(path, 'mask'), { instanceOf: InvalidMaskError });
  t.like(missing, { code: 'ERR_INVALID_MASK', file: path, role: 'mask' });
  t.regex(missing.message, /^cannot read the mask .*missing\.png: no file exists at this path \(ENOENT\); check the path/);
  t.regex(missing.reason ?? '', /^ENOENT: no such file or directory/, "the system's own words are kept as the reason");
  t.regex(missing.hint ?? '', /check the path/);
  t.is((missing.cause as NodeJS.ErrnoException).code, 'ENOENT', 'the system error travels as the cause');
  const folder = await t.throwsAsync(assertReadable(dir, 'mask'), { instanceOf: InvalidMaskError });
  t.like(folder, { code: 'ERR_INVALID_MASK', file: dir, role: 'mask' });
  t.regex(folder.message, /it is a directory \(EISDIR\); pass the mask image file/);
});

test("a decoder's message becomes a typed error with a plain cause, the decoder's words as reason, and a hint", (t) => {
  const e = decodeError(new Error('VipsJpeg: Premature end of JPEG file\nmore'), 'image', 'a.jpg');
  t.true(e instanceof InvalidImageError);
  t.like(e, { file: 'a.jpg', role: 'image', reason: 'VipsJpeg: Premature end of JPEG file' });
  t.regex(e.message, /^cannot decode the image a\.jpg: it is truncated or damaged; check that/);
  const m = decodeError(new Error('Input buffer contains unsupported image format'), 'mask', 'm.png');
  t.true(m instanceof InvalidMaskError);
  t.regex(m.message, /it is not in an image format sharp reads; a mask is an image/);
});

test('errors that are already typed, or carry a system code, pass through', async (t) => {
  const typed = new InvalidParameterError('x', 'y', 'z');
  t.is(decodeError(typed, 'image', 'a'), typed);
  const io = Object.assign(new Error('EIO'), { code: 'EIO' });
  t.is(decodeError(io, 'image', 'a'), io);
  t.is(await decoding('image', 'a', async () => 42), 42);
  await t.throwsAsync(decoding('mask', 'm.png', () => Promise.reject(new Error('corrupt header'))), { instanceOf: InvalidMaskError, message: /its header is corrupt/ });
});
