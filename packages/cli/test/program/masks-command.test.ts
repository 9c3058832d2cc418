import test from 'ava';
import { GENERATE_OPTION_SCHEMA } from '@inpaint/mask-gen';
import { addMasksCommand } from '../../src/program/masks-command.js';
import { parsed } from './parse.js';

test("masks: the generator's defaults from its schema; ranges and sizes parsed", async (t) => {
  const { options } = await parsed(addMasksCommand, 'masks', ['-o', 'm/']);
  t.deepEqual(options, { out: 'm/', count: 100, size: [512, 512], kind: 'mixed', ratio: GENERATE_OPTION_SCHEMA.ratio.default, seed: 0, border: 0 });
  t.like((await parsed(addMasksCommand, 'masks', ['-o', 'm/', '-s', '64x48', '-r', '0.1-0.2', '-n', '3'])).options, { size: [64, 48], ratio: [0.1, 0.2], count: 3 });
  await t.throwsAsync(parsed(addMasksCommand, 'masks', ['-o', 'm/', '--border', '-1']));
});
