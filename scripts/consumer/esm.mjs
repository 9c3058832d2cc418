// README (ESM): import sharp from 'sharp'; import '@inpaint/sharp'; sharp(photo).inpaint(mask)
import sharp from 'sharp';
import '@inpaint/sharp';
import { compareHoles } from './pixels.mjs';

const out = await sharp('photos/cat.jpg').inpaint('masks/cat.png').png().toBuffer();
const r = await compareHoles('photos/cat.jpg', 'masks/cat.png', out, { exact: true });
console.log(`ESM .inpaint(): ${r.inside} hole pixels filled (mean |diff| ${r.meanIn.toFixed(1)}), outside unchanged`);
