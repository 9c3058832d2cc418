/**
 * The pictures `inpaint eval --save` writes: one row per fill (masked input, each method's
 * fill, the original side by side) and the README's grid of the 512² protocol.
 */
import { join } from 'node:path';
import type { RawImage } from '@inpaint/core';
import { writeFileAtomic } from '@inpaint/files';
import sharp from 'sharp';

/**
 * RGB tiles of one size side by side, 4 px of white between them, as a PNG at `dir/name`.
 * @example
 * await saveRow('out/eval', 'a-b0-r0.png', [masked, fill, original]);
 */
export async function saveRow(dir: string, name: string, tiles: RawImage[]): Promise<void> {
  const { width, height } = tiles[0];
  const gap = 4;
  const row = await sharp({ create: { width: tiles.length * (width + gap) - gap, height, channels: 3, background: '#ffffff' } })
    .composite(tiles.map((t, i) => ({ input: Buffer.from(t.data), raw: { width, height, channels: 3 as const }, left: i * (width + gap), top: 0 })))
    .removeAlpha().png().toBuffer();
  await writeFileAtomic(join(dir, name), row);
}

/**
 * The README figure, `dir/grid.png`: one row per bucket (masked input, each method, ground
 * truth), every tile resized to 160 px, 4 px of white between them.
 * @example
 * await saveGrid('out/eval', [[masked, fill, original]]);
 */
export async function saveGrid(dir: string, rows: RawImage[][]): Promise<void> {
  const tile = 160, gap = 4;
  const cols = rows[0].length;
  const composites = [];
  for (let r = 0; r < rows.length; r++) {
    for (let c = 0; c < cols; c++) {
      const t = rows[r][c];
      const small = await sharp(Buffer.from(t.data), { raw: { width: t.width, height: t.height, channels: 3 } }).resize(tile, tile).png().toBuffer();
      composites.push({ input: small, left: c * (tile + gap), top: r * (tile + gap) });
    }
  }
  const grid = await sharp({ create: { width: cols * (tile + gap) - gap, height: rows.length * (tile + gap) - gap, channels: 3, background: '#ffffff' } })
    .composite(composites).removeAlpha().png().toBuffer();
  await writeFileAtomic(join(dir, 'grid.png'), grid);
}
