import test from 'ava';
import { InvalidParameterError } from '../src/errors.js';
import {
  INPAINT_OPTION_SCHEMA, MASK_OPTION_SCHEMA, MODEL_OPTION_SCHEMA, PLUGINS_SCHEMA, POOL_OPTION_SCHEMA,
  checkOption, checkOptions, choicesOf, defaultsOf, expectedOf, optionHelp, parseOptionText,
} from '../src/option-schema.js';

test('every option has a one-line description; ranges read as words', (t) => {
  for (const schemas of [INPAINT_OPTION_SCHEMA, MASK_OPTION_SCHEMA, MODEL_OPTION_SCHEMA, POOL_OPTION_SCHEMA]) {
    for (const [name, s] of Object.entries(schemas)) t.true(typeof s.description === 'string' && s.description.length > 5 && !s.description.includes('\n'), name);
  }
  t.is(expectedOf(MASK_OPTION_SCHEMA.dilate), 'a number of pixels between 0 and 1024');
  t.is(expectedOf(INPAINT_OPTION_SCHEMA.maxBatch), 'an integer between 1 and 64');
  t.is(expectedOf(POOL_OPTION_SCHEMA.maxQueue), 'an integer >= 0');
  t.is(expectedOf(INPAINT_OPTION_SCHEMA.detail), 'one of auto, texture, smooth, complete');
  t.is(expectedOf(MASK_OPTION_SCHEMA.invert), 'a boolean');
  t.is(expectedOf(MODEL_OPTION_SCHEMA.model), 'the path of an ONNX file');
  t.deepEqual(choicesOf(MODEL_OPTION_SCHEMA.modelFormat), ['auto', 'inpaint', 'lama', 'migan-pipeline', 'migan', 'lama-4ch']);
});

test('checkOption takes the range and type, edges included, and undefined; refuses the rest by name', (t) => {
  for (const ok of [0, 1024, 2.5, undefined]) t.notThrows(() => checkOption('dilate', MASK_OPTION_SCHEMA.dilate, ok), String(ok));
  for (const bad of [-0.5, 1024.5, Number.NaN, '4', null]) {
    const e = t.throws(() => checkOption('dilate', MASK_OPTION_SCHEMA.dilate, bad), { instanceOf: InvalidParameterError });
    t.is(e.parameter, 'dilate');
    t.is(e.expected, 'a number of pixels between 0 and 1024');
  }
  t.throws(() => checkOption('maxSide', INPAINT_OPTION_SCHEMA.maxSide, 512.5), { message: /an integer between 16 and 8192/ });
  t.throws(() => checkOption('strategy', INPAINT_OPTION_SCHEMA.strategy, 'tiles'), { message: /one of auto, crop, resize, full/ });
});

test('checkOptions checks each key, refuses unknown ones listing the known, and can prefix names', (t) => {
  const schemas = { ...INPAINT_OPTION_SCHEMA, ...MASK_OPTION_SCHEMA };
  t.deepEqual(checkOptions(schemas, { dilate: 4, detail: 'smooth' }), { dilate: 4, detail: 'smooth' });
  t.deepEqual(checkOptions(schemas, undefined), {});
  t.throws(() => checkOptions(schemas, { dilat: 4 }), { message: /Expected one of strategy, .*dilate.* for options\.dilat/ });
  t.notThrows(() => checkOptions(schemas, { dilat: 4 }, { unknownKeys: 'ignore' }));
  t.notThrows(() => checkOptions(schemas, { onReport: () => undefined }, { extraKeys: ['onReport'] }));
  t.throws(() => checkOptions(schemas, { feather: -1 }, { prefix: 'options' }), { message: /for options\.feather/ });
  t.throws(() => checkOptions(schemas, [1]), { message: /an object for options/ });
});

test('text values (flags, form fields) parse by the option type and are checked', (t) => {
  t.is(parseOptionText('dilate', MASK_OPTION_SCHEMA.dilate, '4.5'), 4.5);
  t.is(parseOptionText('invert', MASK_OPTION_SCHEMA.invert, 'true'), true);
  t.is(parseOptionText('invert', MASK_OPTION_SCHEMA.invert, 'false'), false);
  t.is(parseOptionText('detail', INPAINT_OPTION_SCHEMA.detail, 'smooth'), 'smooth');
  t.throws(() => parseOptionText('invert', MASK_OPTION_SCHEMA.invert, 'yes'), { message: /'true' or 'false' for invert but received 'yes'/ });
  for (const bad of ['', ' ', 'x', '2000']) t.throws(() => parseOptionText('dilate', MASK_OPTION_SCHEMA.dilate, bad), { instanceOf: InvalidParameterError }, bad);
});

test('defaults and help come from the declarations', (t) => {
  t.deepEqual(defaultsOf(INPAINT_OPTION_SCHEMA), { strategy: 'auto', detail: 'auto', maxSide: 512, feather: 0, clamp: 12, context: 0.5, minContext: 32, maxBatch: 4 });
  t.regex(optionHelp(MASK_OPTION_SCHEMA.threshold), /fraction of full scale is a hole \(default 0\.5\)$/);
  t.notRegex(optionHelp(MASK_OPTION_SCHEMA.invert), /default/, 'a flag has no default to show');
});

test('plugins: declared once, a list of { module, options? } in plain data; anything else refused by name', (t) => {
  t.is(POOL_OPTION_SCHEMA.plugins, PLUGINS_SCHEMA);
  t.notThrows(() => checkOption('plugins', PLUGINS_SCHEMA, [{ module: 'inpaint:feather', options: { px: 4 } }, { module: './sharpen.mjs' }]));
  for (const bad of [{ module: 'x' }, [{ modul: 'x' }], [{ module: '' }], ['inpaint:feather']]) {
    const e = t.throws(() => checkOption('plugins', PLUGINS_SCHEMA, bad), { instanceOf: InvalidParameterError });
    t.is(e.parameter, 'plugins');
    t.regex(e.message, /a list of \{ module, options\? \}/);
  }
});
