import test from 'ava';
import { OPENCV_BASELINES } from '../../src/baselines.js';
import { addBenchCommands } from '../../src/program/bench-commands.js';
import { parsed, programWith } from './parse.js';

test('bench: its defaults and sizes; the case commands exist and are hidden', async (t) => {
  t.deepEqual((await parsed(addBenchCommands, 'bench', [])).options, { sizes: [256, 512, 1024], repeat: 5, baselines: [...OPENCV_BASELINES], huge: true, batch: 16 });
  t.like((await parsed(addBenchCommands, 'bench', ['--sizes', '64,128', '--no-huge', '--batch', '0'])).options, { sizes: [64, 128], huge: false, batch: 0 });
  await t.throwsAsync(parsed(addBenchCommands, 'bench', ['--sizes', '0']));
  const names = programWith(addBenchCommands).commands.map((c) => c.name());
  t.deepEqual(names, ['bench', '__bench-huge', '__bench-object', '__bench-stroke']);
  t.deepEqual((await parsed(addBenchCommands, '__bench-stroke', ['texture'])), { options: { strategy: 'auto' }, args: ['texture'] });
  await t.throwsAsync(parsed(addBenchCommands, '__bench-huge', ['tiles']));
});
