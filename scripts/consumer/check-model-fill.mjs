// `inpaint run --model FILE` with a fixture graph of LaMa's 4-channel signature, which fills
// holes with (51, 153, 230): away from the holes' rims, the JPEG outputs hold that colour.
import { readdirSync } from 'node:fs';
import sharp from 'sharp';
import { rgb } from './pixels.mjs';

const dir = process.argv[2];
const FILL = [51, 153, 230];
for (const p of readdirSync('photos')) {
  const out = await rgb(`${dir}/${p}`);
  // the hole pixels whose 7×7 neighbourhood is all hole: JPEG's blocks blur the rim
  const { data: m, info } = await sharp(`masks/${p.replace(/\.jpg$/, '.png')}`).greyscale().raw().toBuffer({ resolveWithObject: true });
  const W = info.width, H = info.height;
  const inner = (i) => {
    const x = i % W, y = (i - x) / W;
    for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) {
      const xx = x + dx, yy = y + dy;
      if (xx < 0 || yy < 0 || xx >= W || yy >= H || m[yy * W + xx] < 128) return false;
    }
    return true;
  };
  let n = 0, off = 0;
  for (let i = 0; i < m.length; i++) {
    if (!inner(i)) continue;
    n++;
    for (let c = 0; c < 3; c++) off += Math.abs(out.data[i * 3 + c] - FILL[c]);
  }
  const mean = off / (n * 3);
  if (!(n > 0 && mean < 6)) throw new Error(`${dir}/${p}: the holes do not hold the model's fill (mean |diff| ${mean.toFixed(2)} over ${n} pixels)`);
  console.log(`${dir}/${p}: the brought model's fill in the holes (mean |diff| ${mean.toFixed(2)})`);
}
