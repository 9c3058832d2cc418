import test from 'ava';
import { join } from 'node:path';
import { expandInputs } from '../src/io/inputs.js';
import { tempDir, write } from './helpers.js';

function tree(): string {
  const d = tempDir();
  for (const f of ['in/a.jpg', 'in/B.PNG', 'in/sub/c.webp', 'in/notes.txt', 'in/a.mask.png', 'out/old.jpg', 'masks/a.png']) write(join(d, f), 'x');
  return d;
}

test('directories are walked recursively for image files; paths are relative to their base', async (t) => {
  const d = tree();
  const { files, missing } = await expandInputs([join(d, 'in')], [join(d, 'out'), join(d, 'masks')]);
  t.deepEqual(missing, []);
  t.deepEqual(files.map((f) => f.relative).sort(), ['B.PNG', 'a.jpg', 'sub/c.webp'], 'not .txt, not *.mask.png');
});

test('globs keep their static base; files keep their folder; duplicates appear once; missing inputs are reported', async (t) => {
  const d = tree();
  const { files, missing } = await expandInputs([join(d, 'in/**/*.webp'), join(d, 'in/a.jpg'), join(d, 'in/a.jpg'), join(d, 'nope'), join(d, 'in/*.gif')]);
  t.deepEqual(files.map((f) => f.relative), ['sub/c.webp', 'a.jpg']);
  t.deepEqual(missing, [join(d, 'nope'), join(d, 'in/*.gif')]);
});

test('the output and mask folders are never inputs, even inside an input folder', async (t) => {
  const d = tempDir();
  for (const f of ['photos/a.jpg', 'photos/out/a.jpg', 'photos/masks/a.png']) write(join(d, f), 'x');
  const { files } = await expandInputs([join(d, 'photos')], [join(d, 'photos/out'), join(d, 'photos/masks')]);
  t.deepEqual(files.map((f) => f.relative), ['a.jpg']);
});
