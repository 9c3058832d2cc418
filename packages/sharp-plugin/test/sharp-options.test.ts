import test from 'ava';
import { INPAINT_OPTION_SCHEMA, InvalidParameterError } from '@inpaint/core';
import { SHARP_OPTION_SCHEMA, checkOptions, coreOptions } from '../src/sharp-options.js';

test('the declaration: core\'s in-painting options, the mask\'s, and model / modelFormat', (t) => {
  for (const k of Object.keys(INPAINT_OPTION_SCHEMA)) t.true(Object.hasOwn(SHARP_OPTION_SCHEMA, k), k);
  for (const k of ['threshold', 'invert', 'dilate', 'resizeMask', 'fillAlpha', 'model', 'modelFormat']) t.true(Object.hasOwn(SHARP_OPTION_SCHEMA, k), k);
});

test('checkOptions: valid options come back as given; nothing at all is no options', (t) => {
  const onReport = () => {};
  t.like(checkOptions({ detail: 'smooth', dilate: 2, threshold: 0.3, onReport }), { detail: 'smooth', dilate: 2, threshold: 0.3, onReport });
  t.deepEqual(checkOptions(undefined), {});
});

test('checkOptions: a value out of range, an unknown key, a non-object or a non-function onReport throws naming it', (t) => {
  t.throws(() => checkOptions({ dilate: -1 }), { instanceOf: InvalidParameterError, message: /dilate/ });
  t.throws(() => checkOptions({ threshold: 3 }), { instanceOf: InvalidParameterError, message: /threshold/ });
  t.throws(() => checkOptions({ detail: 'sharp' }), { instanceOf: InvalidParameterError, message: /detail/ });
  t.throws(() => checkOptions({ modelFormat: 'sd' }), { instanceOf: InvalidParameterError, message: /modelFormat/ });
  t.throws(() => checkOptions({ bogus: 1 }), { instanceOf: InvalidParameterError, message: /bogus/ });
  t.throws(() => checkOptions([]), { instanceOf: InvalidParameterError, message: /options/ });
  t.throws(() => checkOptions({ onReport: 'log' }), { instanceOf: InvalidParameterError, message: /onReport.*a function|a function.*onReport/ });
});

test('coreOptions: only core\'s own options that are set; the mask\'s, the model\'s and onReport stay behind', (t) => {
  const o = checkOptions({ detail: 'smooth', dilate: 2, invert: true, model: 'lama.onnx', fillAlpha: true, onReport: () => {} });
  t.deepEqual(coreOptions(o), { detail: 'smooth' });
  t.deepEqual(coreOptions({ detail: undefined }), {});
  t.deepEqual(Object.keys(coreOptions(checkOptions({ strategy: 'full', detail: 'texture' }))).sort(), ['detail', 'strategy']);
});
