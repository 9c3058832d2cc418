import test from 'ava';
import { sharpWrites } from '../src/output-encoding.js';
import { ANIMATED_FORMATS, IMAGE_EXTENSIONS, IMAGE_FORMATS, OUTPUT_FORMATS, extensionFor, formatInfo, mimeFor } from '../src/formats.js';

test('every output format is in the table, writable, and one sharp can write to a buffer', (t) => {
  for (const f of OUTPUT_FORMATS) {
    t.true(formatInfo(f)?.writable, f);
    t.true(sharpWrites(f), `sharp writes ${f}`);
  }
  t.false(sharpWrites('bogus'));
  t.deepEqual(IMAGE_FORMATS.filter((f) => f.writable).map((f) => f.id).sort(), [...OUTPUT_FORMATS].sort());
});

test('extensions, MIME types and animation come from the one table', (t) => {
  t.is(extensionFor('jpeg'), '.jpg');
  t.is(extensionFor('tiff'), '.tif');
  t.is(extensionFor('bogus'), undefined);
  t.is(mimeFor('webp'), 'image/webp');
  t.is(mimeFor('avif'), 'image/avif');
  t.is(mimeFor('bogus'), 'application/octet-stream');
  t.deepEqual([...ANIMATED_FORMATS].sort(), ['gif', 'webp']);
  t.true(IMAGE_EXTENSIONS.includes('heic') && IMAGE_EXTENSIONS.includes('jpeg') && IMAGE_EXTENSIONS.includes('tif'));
  t.is(new Set(IMAGE_EXTENSIONS).size, IMAGE_EXTENSIONS.length, 'no extension in two rows');
});

test('the table says honestly which formats keep pixels exact', (t) => {
  t.is(formatInfo('png')?.lossless, 'lossless');
  t.is(formatInfo('webp')?.lossless, 'as-input');
  t.is(formatInfo('jpeg')?.lossless, 'lossy');
  t.is(formatInfo('gif')?.lossless, 'lossy', 'palette re-quantised');
});
