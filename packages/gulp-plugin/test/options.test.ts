import test from 'ava';
import { InvalidParameterError } from '@inpaint/core';
import { gulpSettings } from '../src/options.js';

test('gulpSettings splits the plugin’s own options from each file’s; the pool gets model, modelFormat and plugins', (t) => {
  const plugins = [{ module: './paint.mjs', options: { value: 7 } }];
  const s = gulpSettings({ masks: 'masks/', model: 'm.onnx', modelFormat: 'lama', plugins, suffix: '-x', format: 'png', detail: 'smooth', concurrency: 3 });
  t.deepEqual(s.pool, { model: 'm.onnx', modelFormat: 'lama', plugins });
  t.is(s.concurrency, 3);
  t.false(s.continueOnError);
  t.like(s.files, { masks: 'masks/', suffix: '-x', format: 'png', detail: 'smooth', autoOrient: false, missingMask: 'skip' });
  t.false('model' in s.files || 'modelFormat' in s.files || 'plugins' in s.files || 'concurrency' in s.files, 'what picks the pool is not a file option');
  const fn = () => null;
  t.is(gulpSettings({ masks: fn }).masks, fn);
  t.is(gulpSettings({ masks: fn }).files.masks, undefined, 'a function gives each file its mask; the policy does not pair');
});

test('gulpSettings throws InvalidParameterError naming options.<name>', (t) => {
  t.is(t.throws(() => gulpSettings({ masks: 'm', suffix: 4 as unknown as string }), { instanceOf: InvalidParameterError }).parameter, 'options.suffix');
  t.is(t.throws(() => gulpSettings({ masks: 'm', format: 'bmp' as 'png' }), { instanceOf: InvalidParameterError }).parameter, 'options.format');
  t.is(t.throws(() => gulpSettings({ masks: 'm', plugins: [{ modul: 'x' }] as never }), { instanceOf: InvalidParameterError, message: /a list of \{ module, options\? \}/ }).parameter, 'options.plugins');
  t.is(t.throws(() => gulpSettings({ masks: 'm', plugins: [{ module: 'inpaint:feather' }], backend: {} as never }), { instanceOf: InvalidParameterError, message: /give them to the backend's pool/ }).parameter, 'options.plugins');
});
