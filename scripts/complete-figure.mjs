#!/usr/bin/env node
// The README's before/after figures of two detail settings, at 100 %: for a few eval_dev photos at
// their own size, with the native protocol's masks (the same holes `inpaint eval --native --seed N`
// draws), one row per fill: masked input (hole white), the first setting, the second, the
// original, each a 320² crop around the hole.
//   npm run build && node scripts/complete-figure.mjs training/cache/eval-dev-originals docs/complete-crops.png
//   node scripts/complete-figure.mjs training/cache/eval-dev-originals docs/auto-crops.png --arms texture,auto --seed 6 --rows python3-skimage__astronaut.png:strokes:0,librust-tiff-dev__kodim07-lzw.tif:strokes:0
// --rows: photo:kind:bucket, comma-separated; a row may end in :x,y, the crop's centre (default: the hole's box's).
import sharp from 'sharp';
import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Inpainter } from '../packages/core/dist/index.js';
import { objectEvaluationMask, thinStrokeEvaluationMask } from '../packages/mask-gen/dist/index.js';

const { values: flags, positionals } = parseArgs({ allowPositionals: true, options: { arms: { type: 'string', default: 'texture,complete' }, seed: { type: 'string', default: '0' }, rows: { type: 'string' } } });
const [dir = 'training/cache/eval-dev-originals', out = 'docs/complete-crops.png'] = positionals;
const ARMS = flags.arms.split(',');
const SEED = Number(flags.seed);
const SIDE = 320, GAP = 4;
// photo (its index in the sorted eval_dev list is the protocol's image index), kind, bucket, the crop's centre (optional)
const ROWS = flags.rows ? flags.rows.split(',').map((r) => { const [file, kind, bucket, cx, cy] = r.split(':'); return [file, kind, Number(bucket), cx === undefined ? null : [Number(cx), Number(cy)]]; }) : [
  ['golang-github-disintegration-gift-dev__src.jpg', 'strokes', 0],
  ['labelme-examples__apc2016_obj3.jpg', 'strokes', 0],
  ['forensics-samples-files__IMG_1054.JPG', 'objects', 0],
  ['golang-github-disintegration-gift-dev__src.jpg', 'objects', 1],
];
const photos = readdirSync(dir).filter((f) => /\.(jpe?g|png|tiff?)$/i.test(f)).sort();
const inpainter = await Inpainter.create();
const tiles = [];
for (const [r, [file, kind, bucket, centre]] of ROWS.entries()) {
  const { data, info } = await sharp(`${dir}/${file}`).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const photo = { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
  const o = { width: photo.width, height: photo.height, image: photos.indexOf(file), bucket, seed: SEED };
  const mask = kind === 'strokes' ? thinStrokeEvaluationMask(o) : objectEvaluationMask(o);
  // the crop: centred on the hole's pixel nearest its bounding box's centre
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) { const x = i % mask.width, y = (i - x) / mask.width; x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
  const [cx, cy] = centre ?? [(x0 + x1) / 2, (y0 + y1) / 2];
  const left = Math.max(0, Math.min(photo.width - SIDE, Math.round(cx - SIDE / 2)));
  const top = Math.max(0, Math.min(photo.height - SIDE, Math.round(cy - SIDE / 2)));
  const masked = { ...photo, data: photo.data.slice() };
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) masked.data.fill(255, i * 3, i * 3 + 3);
  const fills = [];
  for (const detail of ARMS) fills.push(await inpainter.inpaint(photo, mask, { detail }));
  for (const [c, img] of [masked, ...fills, photo].entries()) {
    const input = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).extract({ left, top, width: SIDE, height: SIDE }).png().toBuffer();
    tiles.push({ input, left: c * (SIDE + GAP), top: r * (SIDE + GAP) });
  }
  console.log(`${file} ${kind} ${bucket}: crop at (${left}, ${top})`);
}
await sharp({ create: { width: (ARMS.length + 2) * SIDE + (ARMS.length + 1) * GAP, height: ROWS.length * SIDE + (ROWS.length - 1) * GAP, channels: 3, background: '#ffffff' } })
  .composite(tiles).png({ compressionLevel: 9 }).toFile(out);
await inpainter.dispose();
console.log(`wrote ${out}`);
