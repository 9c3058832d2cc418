import test from 'ava';
import { Command } from 'commander';
import { MODEL_OPTION_SCHEMA, choicesOf } from '@inpaint/core';
import { BATCH_OPTION_SCHEMA } from '@inpaint/files';
import { inpaintingFlags, modelFlag, modelFormatFlag, queueFlags } from '../../src/program/shared-flags.js';

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
