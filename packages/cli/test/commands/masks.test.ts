import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { cli, tempDir } from '../helpers.js';

test('masks: same seed same files, another seed other files, ratios in range, white = hole', async (t) => {
  const d = tempDir();
  const args = (out: string, seed: string) => ['masks', '--out', join(d, out), '--count', '4', '--size', '64x48', '--ratio', '0.2-0.3', '--seed', seed, '--kind', 'strokes'];
  t.is((await cli(args('a', '7'))).code, 0);
  t.is((await cli(args('b', '7'))).code, 0);
  t.is((await cli(args('c', '8'))).code, 0);
  const names = readdirSync(join(d, 'a'));
  t.deepEqual(names, ['mask-00000.png', 'mask-00001.png', 'mask-00002.png', 'mask-00003.png']);
  for (const n of names) t.deepEqual(readFileSync(join(d, 'a', n)), readFileSync(join(d, 'b', n)));
  t.notDeepEqual(readFileSync(join(d, 'a', names[0])), readFileSync(join(d, 'c', names[0])));
  for (const n of names) {
    const meta = await sharp(join(d, 'a', n)).metadata();
    t.deepEqual([meta.width, meta.height, meta.channels], [64, 48, 1], 'a one-channel greyscale PNG');
    const { data } = await sharp(join(d, 'a', n)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    const holes = [...data].filter((v) => v === 255).length;
    t.true([...data].every((v) => v === 0 || v === 255));
    t.true(holes / (64 * 48) > 0.2 && holes / (64 * 48) <= 0.3);
  }
});
