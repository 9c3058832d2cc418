import test from 'ava';
import { Command } from 'commander';
import { MODEL_OPTION_SCHEMA, choicesOf } from '@inpaint/core';
import { BATCH_OPTION_SCHEMA } from '@inpaint/files';
import { InvalidParameterError } from '@inpaint/core';
import { inpaintingFlags, modelFlag, modelFormatFlag, parsePluginFlag, pluginFlag, queueFlags } from '../../src/program/shared-flags.js';

test('the in-painting flags are one per batch option', (t) => {
  const c = inpaintingFlags(new Command('x'));
  t.deepEqual(c.options.map((o) => o.attributeName()).sort(), Object.keys(BATCH_OPTION_SCHEMA).sort());
  const parsedOpts = c.exitOverride().parse(['--dilate', '3', '--no-auto-orient', '--detail', 'smooth'], { from: 'user' }).opts();
  t.deepEqual(parsedOpts, { dilate: 3, autoOrient: false, detail: 'smooth' });
});

test('model flags and queue flags from their schemas', (t) => {
  t.deepEqual(modelFormatFlag().argChoices, choicesOf(MODEL_OPTION_SCHEMA.modelFormat));
  t.is(modelFlag().long, '--model');
  const q = queueFlags(new Command('x')).exitOverride().configureOutput({ writeErr: () => undefined });
  t.deepEqual(q.parse(['--redis', 'redis://h:1'], { from: 'user' }).opts(), { redis: 'redis://h:1' });
  t.throws(() => queueFlags(new Command('y')).exitOverride().configureOutput({ writeErr: () => undefined }).parse(['--queue', ''], { from: 'user' }));
});

test('--plugin <module[=json]>: the module before the first =, its options after it as JSON; repeatable, in order', (t) => {
  t.deepEqual(parsePluginFlag('inpaint:texture'), { module: 'inpaint:texture' });
  t.deepEqual(parsePluginFlag('./p.mjs={"value":7,"list":[1,"a=b"]}'), { module: './p.mjs', options: { value: 7, list: [1, 'a=b'] } });
  t.deepEqual(parsePluginFlag('@acme/inpaint-sharpen=0.5'), { module: '@acme/inpaint-sharpen', options: 0.5 });
  t.throws(() => parsePluginFlag('./p.mjs={value:7}'), { instanceOf: InvalidParameterError, message: /the options after '=' are not JSON/ });
  t.throws(() => parsePluginFlag('={"value":7}'), { instanceOf: InvalidParameterError, message: /--plugin/ });
  const c = new Command('x').exitOverride().configureOutput({ writeErr: () => undefined }).addOption(pluginFlag());
  t.deepEqual(c.parse(['--plugin', 'b.mjs', '--plugin', 'a.mjs=1'], { from: 'user' }).opts().plugin, [{ module: 'b.mjs' }, { module: 'a.mjs', options: 1 }]);
  t.throws(() => new Command('x').exitOverride().configureOutput({ writeErr: () => undefined }).addOption(pluginFlag()).parse(['--plugin', 'a.mjs={'], { from: 'user' }), { message: /not JSON/ });
});
