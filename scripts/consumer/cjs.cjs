// README (CommonJS): const sharp = require('sharp'); require('@inpaint/sharp')
const sharp = require('sharp');
require('@inpaint/sharp');

(async () => {
  const { compareHoles } = await import('./pixels.mjs');
  const out = await sharp('photos/sunset.jpg').inpaint('masks/sunset.png').png().toBuffer();
  const r = await compareHoles('photos/sunset.jpg', 'masks/sunset.png', out, { exact: true });
  console.log(`CJS .inpaint(): ${r.inside} hole pixels filled (mean |diff| ${r.meanIn.toFixed(1)}), outside unchanged`);
})().catch((e) => { console.error(e); process.exit(1); });
