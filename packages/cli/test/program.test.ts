import test from 'ava';
import type { Command } from 'commander';
import { BATCH_OPTION_SCHEMA } from '@inpaint/files';
import { EXIT, buildProgram } from '../src/program.js';
import { cli } from './helpers.js';

const commandNamed = (name: string): Command => buildProgram(() => undefined).commands.find((c) => c.name() === name)!;

test('run and enqueue carry one flag per batch option, with the schema’s help', (t) => {
  for (const name of ['run', 'enqueue']) {
    const flags = commandNamed(name).options.map((o) => o.attributeName());
    for (const option of Object.keys(BATCH_OPTION_SCHEMA)) t.true(flags.includes(option), `${name} --${option}`);
  }
  const dilate = commandNamed('run').options.find((o) => o.long === '--dilate')!;
  t.is(dilate.description, BATCH_OPTION_SCHEMA.dilate.description + ' (default 0)');
});

test('exit codes: 2 for a value outside the range or an unknown flag, 0 for --help', async (t) => {
  const bad = await cli(['run', 'x', '--masks', 'm', '--out', 'o', '--dilate', '2000']);
  t.is(bad.code, EXIT.usage);
  t.regex(bad.stderr, /expected a number of pixels between 0 and 1024, got '2000'/);
  t.is((await cli(['run', '--bogus'])).code, EXIT.usage);
  const help = await cli(['run', '--help']);
  t.is(help.code, EXIT.ok);
  t.regex(help.stdout, /--detail <mode>\s+auto: strokes \(wires, text, scratches\)\s+completed\s+from\s+the\s+photo's\s+patches[\s\S]*object\s+holes\s+from\s+the\s+photo's\s+patches/);
});
