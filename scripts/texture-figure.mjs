#!/usr/bin/env node
// The README's before/after figure, at 100 %: crops of `inpaint eval --native --save` rows
// (tiles: masked input, then the methods in --detail order, the baselines, original), one row per
// photo: masked input, the smooth fill (detail 'smooth', what 0.4.0 gave), the texture fill
// (detail 'texture', the default now), the original.
//   node scripts/texture-figure.mjs out/eval-native docs/texture-crops.png
// Expects the rows of: inpaint eval --native --detail texture,smooth,attention --save out/eval-native
import sharp from 'sharp';

const [dir = 'out/eval-native', out = 'docs/texture-crops.png'] = process.argv.slice(2);
const TILE_W = { native: 640 };
const GAP = 4;
const SIDE = 320;
// photo row, where in its 640×480 crop (native; 512 for the 512-pixel photos) the 320² window sits
const ROWS = [
  ['plasma-workspace-wallpapers__Path-2560x1600-b1-r0.png', 0, 80, 640],
  ['lomiri-wallpapers-16.04__picosdeeuropa_by_Aitzol_Berasategi-b1-r0.png', 40, 120, 640],
  ['opencv-doc__baboon-b1-r0.png', 96, 100, 512],
];
// masked, smooth, texture, original (the last tile: how many baselines came before it depends on the run)
const COLUMNS = [0, 2, 1, 'last'];
const tiles = [];
for (const [r, [file, x, y, tileW]] of ROWS.entries()) {
  const w = tileW ?? TILE_W.native;
  const { width: rowWidth } = await sharp(`${dir}/${file}`).metadata();
  for (const [c, column] of COLUMNS.entries()) {
    const col = column === 'last' ? Math.round((rowWidth + GAP) / (w + GAP)) - 1 : column;
    const input = await sharp(`${dir}/${file}`).extract({ left: col * (w + GAP) + x, top: y, width: SIDE, height: SIDE }).png().toBuffer();
    tiles.push({ input, left: c * (SIDE + GAP), top: r * (SIDE + GAP) });
  }
}
await sharp({ create: { width: COLUMNS.length * (SIDE + GAP) - GAP, height: ROWS.length * (SIDE + GAP) - GAP, channels: 3, background: '#ffffff' } })
  .composite(tiles).png().toFile(out);
console.log(`wrote ${out}`);
