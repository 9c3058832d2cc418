import test from 'ava';
import { INPAINT_OPTION_SCHEMA, MASK_OPTION_SCHEMA } from '@inpaint/core';
import { BATCH_OPTION_SCHEMA, FILE_OPTION_SCHEMA, batchOptionsOf, inpaintOptionsOf } from '../src/file-options.js';
import { OUTPUT_FORMATS } from '../src/formats.js';

test('the batch options are core and mask options (the same declarations) plus how a file is written', (t) => {
  t.is(BATCH_OPTION_SCHEMA.dilate, MASK_OPTION_SCHEMA.dilate);
  t.is(BATCH_OPTION_SCHEMA.detail, INPAINT_OPTION_SCHEMA.detail);
  t.deepEqual(Object.keys(FILE_OPTION_SCHEMA), ['format', 'autoOrient', 'keepMetadata']);
  t.deepEqual(BATCH_OPTION_SCHEMA.format.anyOf.map((l) => l.const), [...OUTPUT_FORMATS]);
  t.is(BATCH_OPTION_SCHEMA.autoOrient.default, true);
});

test('batchOptionsOf keeps the batch options that are set, and nothing else', (t) => {
  const command = { masks: 'masks/', out: 'fixed/', concurrency: 2, dilate: 4, format: undefined, keepMetadata: true };
  t.deepEqual(batchOptionsOf(command), { dilate: 4, keepMetadata: true });
});

test('inpaintOptionsOf leaves out how the file is read and written', (t) => {
  t.deepEqual(inpaintOptionsOf({ format: 'png', autoOrient: false, keepMetadata: true, dilate: 2, detail: 'smooth', model: 'm.onnx', feather: undefined }), { dilate: 2, detail: 'smooth', model: 'm.onnx' });
});
