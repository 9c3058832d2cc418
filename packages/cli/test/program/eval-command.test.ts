import test from 'ava';
import { BASELINES } from '../../src/baselines.js';
import { addEvalCommand } from '../../src/program/eval-command.js';
import { parsed } from './parse.js';

test('eval: its defaults, list flags checked against their choices, threads by the model schema', async (t) => {
  const { options } = await parsed(addEvalCommand, 'eval', ['-i', 'imgs/']);
  t.like(options, { images: 'imgs/', detail: ['auto', 'smooth'], seed: 0, perBucket: 1, size: 512, baselines: [...BASELINES] });
  t.like((await parsed(addEvalCommand, 'eval', ['--native', '--holes', 'strokes', '--threads', '2'])).options, { native: true, holes: ['strokes'], threads: 2 });
  await t.throwsAsync(parsed(addEvalCommand, 'eval', ['--detail', 'blurry']));
  await t.throwsAsync(parsed(addEvalCommand, 'eval', ['--threads', '0']), { message: /between 1 and 256/ });
});
