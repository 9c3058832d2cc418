import test from 'ava';
import { addRunCommand } from '../../src/program/run-command.js';
import { parsed } from './parse.js';

test('run: inputs, required masks and out, the missing-mask default; concurrency left to runBatch (one default); --plugin repeatable', async (t) => {
  const { options, args } = await parsed(addRunCommand, 'run', ['a.jpg', 'b/', '-m', 'masks/', '-o', 'out/', '--dilate', '2']);
  t.deepEqual(args, [['a.jpg', 'b/']]);
  t.like(options, { masks: 'masks/', out: 'out/', dilate: 2, missingMask: 'skip', autoOrient: true });
  t.false('concurrency' in options, 'absent: runBatch takes the core count');
  const withPlugins = await parsed(addRunCommand, 'run', ['a.jpg', '-m', 'm', '-o', 'o', '--plugin', 'inpaint:feather={"px":2}', '--plugin', './p.mjs']);
  t.deepEqual(withPlugins.options.plugin, [{ module: 'inpaint:feather', options: { px: 2 } }, { module: './p.mjs' }]);
  await t.throwsAsync(parsed(addRunCommand, 'run', ['a.jpg', '-o', 'out/']), { message: /--masks/ });
  await t.throwsAsync(parsed(addRunCommand, 'run', ['a.jpg', '-m', 'm', '-o', 'o', '--missing-mask', 'ignore']));
});
