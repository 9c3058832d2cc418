import test from 'ava';
import { Inpainter, completionPlugin } from '../../src/index.js';
import type { ProgressEvent } from '../../src/index.js';
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

test("'complete' reports each level of each window on the progress hook, coarsest first, as it goes", async (t) => {
  const inp = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  const img = randomImage(150, 110, 3, 4);
  const mask = boxMask(150, 110, [[30, 20, 80, 70], [100, 60, 140, 100]]);
  const events: ProgressEvent[] = [];
  let composites = 0;
  inp.hooks.composite.tap('count', () => { composites++; });
  inp.hooks.progress.tap('collect', (e) => { events.push(e); });
  const { report } = await inp.inpaintWithReport(img, mask, { detail: 'complete' });
  t.true(events.length >= 2 * report.windows, `${events.length} events for ${report.windows} windows`);
  t.true(events.every((e) => e.plugin === 'complete' && e.total >= 2));
  // per window (fill box): 1, 2, …, total in order
  const byBox = new Map<string, number[]>();
  for (const e of events) byBox.set(JSON.stringify(e.box), [...(byBox.get(JSON.stringify(e.box)) ?? []), e.done]);
  t.is(byBox.size, composites, 'one run of levels per window');
  for (const [box, done] of byBox) t.deepEqual(done, done.map((_, i) => i + 1), box);
  events.length = 0;
  await inp.inpaint(img, mask, { detail: 'texture' });
  t.deepEqual(events, [], "no completion under 'texture', no progress");
  await inp.dispose();
});

test('a completion plugin replaces the built-in of its name', async (t) => {
  const tuned = await Inpainter.create({ model: TINY_MODEL, threads: 1, plugins: [completionPlugin({ guide: 4 })] });
  const stacked = await Inpainter.create({ model: TINY_MODEL, threads: 1, detail: 'smooth', plugins: [completionPlugin({ guide: 4, always: true })] });
  const img = randomImage(150, 110, 3, 6);
  const mask = boxMask(150, 110, [[40, 30, 90, 80]]);
  t.deepEqual((await tuned.inpaint(img, mask, { detail: 'complete' })).data, (await stacked.inpaint(img, mask)).data, 'only the tuned completion ran, on the network fill');
  await Promise.all([tuned.dispose(), stacked.dispose()]);
});
