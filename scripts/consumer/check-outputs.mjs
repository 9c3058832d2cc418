// Every sample photo has an in-painted output in the folder. The outputs are JPEG (lossy), so
// inside the holes each must be nearer to a reference fill (inpaintSharp, PNG) than to the
// original photo, and the same size.
import { readdirSync } from 'node:fs';
import sharp from 'sharp';
import { inpaintSharp } from '@inpaint/sharp/api';
import { rgb } from './pixels.mjs';

const dir = process.argv[2];
const outputs = readdirSync(dir);
for (const p of readdirSync('photos')) {
  if (!outputs.includes(p)) throw new Error(`${dir} lacks ${p} (has ${outputs.join(', ')})`);
  const mask = `masks/${p.replace(/\.jpg$/, '.png')}`;
  const [orig, out, ref] = await Promise.all([rgb(`photos/${p}`), rgb(`${dir}/${p}`),
    inpaintSharp(sharp(`photos/${p}`), mask).then((s) => s.png().toBuffer()).then(rgb)]);
  if (out.width !== orig.width || out.height !== orig.height) throw new Error(`${dir}/${p}: ${out.width}×${out.height}, expected ${orig.width}×${orig.height}`);
  const m = await sharp(mask).greyscale().raw().toBuffer();
  let n = 0, toRef = 0, toOrig = 0;
  for (let i = 0; i < m.length; i++) {
    if (m[i] < 128) continue;
    n++;
    for (let c = 0; c < 3; c++) { toRef += Math.abs(out.data[i * 3 + c] - ref.data[i * 3 + c]); toOrig += Math.abs(out.data[i * 3 + c] - orig.data[i * 3 + c]); }
  }
  toRef /= n * 3; toOrig /= n * 3;
  if (!(toRef < toOrig)) throw new Error(`${dir}/${p}: the holes look unfilled (mean |diff| to the reference fill ${toRef.toFixed(2)}, to the original ${toOrig.toFixed(2)})`);
  console.log(`${dir}/${p}: holes filled (mean |diff| in holes: to reference fill ${toRef.toFixed(2)}, to original ${toOrig.toFixed(2)})`);
}
