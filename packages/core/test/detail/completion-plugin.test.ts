import test from 'ava';
import { Inpainter } from '../../src/index.js';
import { TINY_MODEL, boxMask, changedPixels, randomImage } from '../helpers.js';

test("'complete' changes hole pixels only, deterministically, 8 and 16 bit, grey and RGBA (alpha untouched)", async (t) => {
  const inp = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  for (const [channels, depth] of [[3, 8], [4, 16], [1, 8], [2, 16]] as const) {
    const img = randomImage(150, 110, channels, 4, depth);
    const mask = boxMask(150, 110, [[30, 20, 80, 70], [100, 60, 140, 100]]);
    const smooth = await inp.inpaint(img, mask, { detail: 'smooth' });
    const a = await inp.inpaint(img, mask, { detail: 'complete' });
    const b = await inp.inpaint(img, mask, { detail: 'complete' });
    t.deepEqual(a.data, b.data, `${channels} channels, ${depth} bit: deterministic`);
    const holes = new Set<number>();
    for (let i = 0; i < mask.length; i++) if (mask[i]) holes.add(i);
    for (const p of changedPixels(img, a)) t.true(holes.has(p), `pixel ${p} outside the holes changed`);
    t.true(changedPixels(smooth, a).size > 0.5 * holes.size, `${channels} channels: completion changed the network's fill`);
    if (channels === 2 || channels === 4) {
      for (let p = 0; p < 150 * 110; p++) t.is(a.data[p * channels + channels - 1], img.data[p * channels + channels - 1]);
    }
  }
  await inp.dispose();
});
