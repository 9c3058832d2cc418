#!/usr/bin/env node
// How samples/ was made (run once; the results are committed, so a fresh clone does not
// need the training cache): three freely licensed photos from the fetched Debian files,
// longest side 640, JPEG q90, and one stroke mask each from @inpaint/mask-gen.
//   node scripts/make-samples.mjs   (after training/fetch_data.py and npm run build)
import { mkdirSync } from 'node:fs';
import sharp from 'sharp';
import { generateMask } from '@inpaint/mask-gen';

const PHOTOS = [
  ['seeding', 'lomiri-wallpapers-16.04__seeding_by_Clements_Engelhardt.jpg', 11],
  ['cat', 'puzzle-jigsaw__usr_share_puzzle-jigsaw_samples_cat-animal-cat-portrait-mackerel.jpg', 12],
  ['sunset', 'lomiri-wallpapers-16.04__sunset_by_Aitzol_Berasategi.jpg', 13],
];
mkdirSync('samples/photos', { recursive: true });
mkdirSync('samples/masks', { recursive: true });
for (const [name, file, seed] of PHOTOS) {
  const info = await sharp(`training/cache/photos/${file}`).autoOrient()
    .resize(640, 640, { fit: 'inside' }).jpeg({ quality: 90 }).toFile(`samples/photos/${name}.jpg`);
  const mask = generateMask({ width: info.width, height: info.height, seed, kind: 'strokes', ratio: [0.05, 0.12], border: 16 });
  await sharp(mask.data, { raw: { width: mask.width, height: mask.height, channels: 1 } }).toColourspace('b-w').png({ compressionLevel: 9 }).toFile(`samples/masks/${name}.png`);
  console.log(name, info.width, info.height);
}
