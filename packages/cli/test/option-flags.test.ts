import test from 'ava';
import { Command, InvalidArgumentError } from 'commander';
import { INPAINT_OPTION_SCHEMA, MASK_OPTION_SCHEMA, MODEL_OPTION_SCHEMA } from '@inpaint/core';
import { BATCH_OPTION_SCHEMA } from '@inpaint/files';
import { GENERATE_OPTION_SCHEMA } from '@inpaint/mask-gen';
import { schemaFlag } from '../src/option-flags.js';

function parse(option: ReturnType<typeof schemaFlag>, argv: string[]): Record<string, unknown> {
  const c = new Command().exitOverride().configureOutput({ writeErr: () => undefined }).addOption(option);
  c.parse(argv, { from: 'user' });
  return c.opts();
}

test('a number flag takes exactly the range the API takes, as a number', (t) => {
  const dilate = () => schemaFlag('--dilate <px>', 'dilate', MASK_OPTION_SCHEMA.dilate);
  t.deepEqual(parse(dilate(), ['--dilate', '2.5']), { dilate: 2.5 });
  t.deepEqual(parse(dilate(), ['--dilate', '1024']), { dilate: 1024 });
  for (const bad of ['-1', '1024.5', 'two', '', 'Infinity']) {
    const e = t.throws(() => parse(dilate(), ['--dilate', bad]), undefined, bad);
    t.regex(e.message, /expected a number of pixels between 0 and 1024, got '/);
  }
  const parser = dilate().parseArg as (v: string, prev: unknown) => unknown;
  t.throws(() => parser('2000', undefined), { instanceOf: InvalidArgumentError });
});

test('integer and fraction flags: the schema decides integer-ness and bounds', (t) => {
  const threads = () => schemaFlag('--threads <n>', 'threads', MODEL_OPTION_SCHEMA.threads);
  t.deepEqual(parse(threads(), ['--threads', '4']), { threads: 4 });
  for (const bad of ['0', '1.5', '257']) t.throws(() => parse(threads(), ['--threads', bad]), { message: /expected an integer between 1 and 256/ });
  const threshold = () => schemaFlag('--threshold <0..1>', 'threshold', MASK_OPTION_SCHEMA.threshold);
  t.deepEqual(parse(threshold(), ['--threshold', '0.25']), { threshold: 0.25 });
  t.throws(() => parse(threshold(), ['--threshold', '1.01']), { message: /between 0 and 1/ });
});

test('a choice flag lists the schema choices; help carries the description and default', (t) => {
  const strategy = schemaFlag('--strategy <s>', 'strategy', INPAINT_OPTION_SCHEMA.strategy);
  t.deepEqual(strategy.argChoices, ['auto', 'crop', 'resize', 'full']);
  t.regex(strategy.description, /how holes are covered.*\(default auto\)$/);
  t.deepEqual(parse(schemaFlag('--strategy <s>', 'strategy', INPAINT_OPTION_SCHEMA.strategy), ['--strategy', 'crop']), { strategy: 'crop' });
  t.throws(() => parse(schemaFlag('--strategy <s>', 'strategy', INPAINT_OPTION_SCHEMA.strategy), ['--strategy', 'tiles']));
  t.deepEqual(schemaFlag('-f, --format <f>', 'format', BATCH_OPTION_SCHEMA.format).argChoices, ['jpeg', 'png', 'webp', 'tiff', 'avif', 'gif']);
});

test('boolean flags take no value; a negated one gets its own help', (t) => {
  t.deepEqual(parse(schemaFlag('--invert', 'invert', MASK_OPTION_SCHEMA.invert), ['--invert']), { invert: true });
  const orient = schemaFlag('--no-auto-orient', 'autoOrient', BATCH_OPTION_SCHEMA.autoOrient, { help: 'do not apply EXIF orientation' });
  t.is(orient.description, 'do not apply EXIF orientation');
  t.deepEqual(parse(orient, ['--no-auto-orient']), { autoOrient: false });
});

test('withDefault: the flag takes the schema default when absent, and the help shows it once', (t) => {
  const seed = () => schemaFlag('--seed <n>', 'seed', GENERATE_OPTION_SCHEMA.seed, { withDefault: true });
  t.deepEqual(parse(seed(), []), { seed: 0 });
  t.deepEqual(parse(seed(), ['--seed', '-7']), { seed: -7 }, 'any safe integer, as generateMask takes');
  t.throws(() => parse(seed(), ['--seed', '1.5']), { message: /expected a safe integer, got '1.5'/ });
  t.notRegex(seed().description, /default/, 'commander adds "(default: 0)" itself');
  t.deepEqual(parse(schemaFlag('-k, --kind <k>', 'kind', GENERATE_OPTION_SCHEMA.kind, { withDefault: true }), []), { kind: 'mixed' });
});
