import test from 'ava';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Inpainter } from '@inpaint/core';
import { TINY_MODEL } from '@inpaint/test-fixtures';
import sharp from 'sharp';
import { processFile } from '../src/process-file.js';
import { holeMask, photo, tempDir, write } from './helpers.js';

const inpainter = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
test.after.always(() => inpainter.dispose());

const mask = holeMask;

test('processFile writes the output and returns an ok record with core’s report; outside the hole exact for PNG', async (t) => {
  const d = tempDir();
  write(join(d, 'in.png'), await photo('png'));
  write(join(d, 'm.png'), await mask());
  const rec = await processFile({ input: join(d, 'in.png'), mask: join(d, 'm.png'), output: join(d, 'out/in.png') }, {}, inpainter);
  t.like(rec, { status: 'ok', input: join(d, 'in.png'), mask: join(d, 'm.png'), output: join(d, 'out/in.png'), inpaint: { holePixels: 80, frames: 1 } });
  t.true(rec.ms > 0);
  const [a, b] = await Promise.all([sharp(join(d, 'in.png')).raw().toBuffer(), sharp(join(d, 'out/in.png')).raw().toBuffer()]);
  let changedOutside = 0;
  for (let p = 0; p < 40 * 30; p++) {
    const x = p % 40, y = Math.floor(p / 40);
    const inHole = x >= 12 && x < 22 && y >= 10 && y < 18;
    if (!inHole && (a[p * 3] !== b[p * 3] || a[p * 3 + 1] !== b[p * 3 + 1] || a[p * 3 + 2] !== b[p * 3 + 2])) changedOutside++;
  }
  t.is(changedOutside, 0);
});

test('processFile never throws: a missing input or a broken mask is a failed record, and nothing is written', async (t) => {
  const d = tempDir();
  write(join(d, 'in.png'), await photo('png'));
  write(join(d, 'broken.png'), Buffer.from('not an image at all'));
  const missing = await processFile({ input: join(d, 'nope.png'), mask: join(d, 'broken.png'), output: join(d, 'out/a.png') }, {}, inpainter);
  t.like(missing, { status: 'failed', code: 'ENOENT' });
  const broken = await processFile({ input: join(d, 'in.png'), mask: join(d, 'broken.png'), output: join(d, 'out/b.png') }, {}, inpainter);
  t.like(broken, { status: 'failed', code: 'ERR_INVALID_MASK', role: 'mask', file: join(d, 'broken.png') });
  t.truthy(broken.hint);
  t.false(existsSync(join(d, 'out')) && readdirSync(join(d, 'out')).length > 0, 'no output, no temporary');
});
