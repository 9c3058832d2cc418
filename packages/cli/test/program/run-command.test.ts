import test from 'ava';
import { availableParallelism } from 'node:os';
import { addRunCommand } from '../../src/program/run-command.js';
import { parsed } from './parse.js';

test('run: inputs, required masks and out, the missing-mask default, the core count as concurrency', async (t) => {
  const { options, args } = await parsed(addRunCommand, 'run', ['a.jpg', 'b/', '-m', 'masks/', '-o', 'out/', '--dilate', '2']);
  t.deepEqual(args, [['a.jpg', 'b/']]);
  t.like(options, { masks: 'masks/', out: 'out/', dilate: 2, missingMask: 'skip', concurrency: availableParallelism(), autoOrient: true });
  await t.throwsAsync(parsed(addRunCommand, 'run', ['a.jpg', '-o', 'out/']), { message: /--masks/ });
  await t.throwsAsync(parsed(addRunCommand, 'run', ['a.jpg', '-m', 'm', '-o', 'o', '--missing-mask', 'ignore']));
});
