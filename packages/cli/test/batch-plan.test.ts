import test from 'ava';
import { join } from 'node:path';
import { outputPath, planBatch, shown } from '../src/batch-plan.js';
import { tempDir, write } from './helpers.js';

test('each input is paired with its mask and given its output path (folders kept, --format extension, --suffix)', async (t) => {
  const d = tempDir();
  for (const f of ['in/a.jpg', 'in/sub/b.png', 'in/c.jpg', 'masks/a.png', 'masks/sub/b.mask.png']) write(join(d, f), 'x');
  const { items, missing } = await planBatch([join(d, 'in'), join(d, 'nope')], { masks: join(d, 'masks'), out: join(d, 'out'), format: 'webp', suffix: '-fixed' });
  t.deepEqual(missing, [join(d, 'nope')]);
  const byName = Object.fromEntries(items.map((i) => [i.file.relative, i]));
  t.deepEqual(Object.keys(byName).sort(), ['a.jpg', 'c.jpg', join('sub', 'b.png')]);
  t.is(byName['a.jpg'].mask, join(d, 'masks/a.png'));
  t.is(byName[join('sub', 'b.png')].mask, join(d, 'masks/sub/b.mask.png'));
  t.is(byName['c.jpg'].mask, null, 'no mask pairs with c');
  t.is(byName[join('sub', 'b.png')].output, join(d, 'out/sub/b-fixed.webp'));
});

test("'alpha' pairs every file with its own alpha; without --format the extension stays", async (t) => {
  const d = tempDir();
  write(join(d, 'in/a.png'), 'x');
  const { items } = await planBatch([join(d, 'in')], { masks: 'alpha', out: join(d, 'out') });
  t.deepEqual(items.map((i) => [i.mask, i.output]), [['alpha', join(d, 'out/a.png')]]);
  t.is(outputPath({ masks: 'alpha', out: join(d, 'o'), format: 'jpeg' }, { path: join(d, 'x/y.png'), relative: 'y.png' }), join(d, 'o/y.jpg'));
});

test('shown() writes a path from the current folder', (t) => {
  t.is(shown(join(process.cwd(), 'a', 'b.jpg')), join('a', 'b.jpg'));
  t.is(shown(process.cwd()), process.cwd());
});
