import test from 'ava';
import {
  DisposedError, InferenceError, InpaintError, InvalidImageError, InvalidMaskError, InvalidParameterError, MaskMismatchError,
  ModelCorruptError, ModelNotFoundError, ModelRefusedError, deserializeError, invalidParameterError, serializeError,
} from '../src/index.js';

test('invalidParameterError: one sentence shape, with parameter, expected and actual as fields', (t) => {
  const cases: [unknown, string][] = [
    [-1, 'number -1'], ['bogus', "'bogus'"], [null, 'null'], [[], 'array of length 0'], [{}, 'object'], [new Uint16Array(2), 'Uint16Array'], [undefined, 'undefined undefined'],
  ];
  for (const [actual, described] of cases) {
    const e = invalidParameterError('feather', 'a number between 0 and 64', actual);
    t.true(e instanceof InvalidParameterError && e instanceof InpaintError && e instanceof Error);
    t.is(e.code, 'ERR_INVALID_PARAMETER');
    t.is(e.name, 'InvalidParameterError');
    t.like(e, { parameter: 'feather', expected: 'a number between 0 and 64', actual: described });
    t.is(e.message, `Expected a number between 0 and 64 for feather but received ${described}`);
  }
});

test('errors cross a structured clone (worker threads) with class, code and details', (t) => {
  const originals: InpaintError[] = [
    invalidParameterError('maxSide', 'an integer >= 64', 3),
    new InvalidImageError('cannot decode the image a.jpg: it is truncated', { file: 'a.jpg', reason: 'VipsJpeg: premature end', hint: 'check the file' }),
    new InvalidMaskError('the mask m.png is empty', { file: 'm.png', reason: 'empty file' }),
    new MaskMismatchError('mask is 2x2 but the image is 4x4'),
    new ModelNotFoundError('no model at x.onnx'),
    new ModelCorruptError('not an ONNX model'),
    new ModelRefusedError('multiple', 'metadata key multiple is missing'),
    new InferenceError('onnxruntime failed'),
    new DisposedError('InpaintPool'),
    new InpaintError('ERR_UNSUPPORTED_DEPENDENCY', 'sharp 0.33 is not supported'),
  ];
  for (const e of originals) {
    const back = deserializeError(structuredClone(serializeError(e)));
    t.is(back.constructor, e.constructor, e.name);
    t.is(back.code, e.code);
    t.is(back.message, e.message);
    for (const k of ['parameter', 'expected', 'actual', 'file', 'role', 'reason', 'hint', 'key'] as const) {
      t.is((back as unknown as Record<string, unknown>)[k], (e as unknown as Record<string, unknown>)[k], `${e.name}.${k}`);
    }
  }
  // anything that is not an InpaintError becomes an InferenceError with its message
  const plain = deserializeError(serializeError(new TypeError('boom')));
  t.true(plain instanceof InferenceError);
  t.is(plain.message, 'boom');
});
