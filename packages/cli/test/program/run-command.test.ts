import test from 'ava';
import { addRunCommand } from '../../src/program/run-command.js';
import { parseClasses } from '../../src/program/shared-flags.js';
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

test('run --boxes: a detector\'s labels instead of masks, --classes as numbers, --grow in pixels; exactly one of --masks and --boxes', async (t) => {
  const { options } = await parsed(addRunCommand, 'run', ['photos/', '--boxes', 'labels/', '--classes', '0, 2', '--grow', '6', '-o', 'out/']);
  t.like(options, { boxes: 'labels/', classes: [0, 2], grow: 6 });
  t.false('masks' in options && options.masks !== undefined);
  await t.throwsAsync(parsed(addRunCommand, 'run', ['a.jpg', '-m', 'm', '-b', 'l', '-o', 'o']), { message: /not both/ });
  await t.throwsAsync(parsed(addRunCommand, 'run', ['a.jpg', '-b', 'l', '--classes', 'cat', '-o', 'o']), { message: /--classes/ });
  await t.throwsAsync(parsed(addRunCommand, 'run', ['a.jpg', '-b', 'l', '--grow', '-3', '-o', 'o']));
  t.deepEqual(parseClasses('3'), [3]);
});
