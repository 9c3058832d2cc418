import test from 'ava';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RawImage } from '@inpaint/core';
import { saveGrid, saveRow } from '../../src/commands/eval-figures.js';
import { tempDir } from '../helpers.js';

const flat = (w: number, h: number, rgb: [number, number, number]): RawImage => ({ data: new Uint8Array(w * h * 3).map((_, i) => rgb[i % 3]), width: w, height: h, channels: 3 });

async function pixels(file: string) {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  return { info: { ...info, format: (await sharp(file).metadata()).format }, at: (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)] };
}

test('saveRow: the tiles side by side at 100 %, 4 px of white between them, as an RGB PNG', async (t) => {
  const d = tempDir();
  await saveRow(d, 'a-b0-r0.png', [flat(10, 6, [255, 0, 0]), flat(10, 6, [0, 255, 0]), flat(10, 6, [0, 0, 255])]);
  t.deepEqual(readdirSync(d), ['a-b0-r0.png'], 'one file, written atomically (no temporary left)');
  const { info, at } = await pixels(join(d, 'a-b0-r0.png'));
  t.deepEqual([info.format, info.width, info.height, info.channels], ['png', 3 * 10 + 2 * 4, 6, 3]);
  t.deepEqual(at(0, 0), [255, 0, 0]);
  t.deepEqual(at(9, 5), [255, 0, 0]);
  t.deepEqual(at(10, 3), [255, 255, 255], 'the gap');
  t.deepEqual(at(14, 0), [0, 255, 0]);
  t.deepEqual(at(37, 5), [0, 0, 255]);
});

test('saveGrid: grid.png, one row per bucket, every tile at 160 px', async (t) => {
  const d = tempDir();
  const row = (v: number) => [flat(32, 32, [v, 0, 0]), flat(32, 32, [0, v, 0])];
  await saveGrid(d, [row(200), row(100)]);
  const { info, at } = await pixels(join(d, 'grid.png'));
  t.deepEqual([info.width, info.height], [2 * 160 + 4, 2 * 160 + 4]);
  t.deepEqual(at(80, 80), [200, 0, 0]);
  t.deepEqual(at(164 + 80, 80), [0, 200, 0]);
  t.deepEqual(at(80, 164 + 80), [100, 0, 0]);
  t.deepEqual(at(162, 80), [255, 255, 255], 'the gap');
});
