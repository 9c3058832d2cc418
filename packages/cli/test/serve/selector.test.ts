// The selector: object selections on a thread of their own. The same mask as segmentObject on
// the calling thread; the calling thread stays free while it works; close ends the thread.
import test from 'ava';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import type { RawImage } from '@inpaint/core';
import { segmentObject } from '../../src/serve/grabcut.js';
import type { Selector } from '../../src/serve/selector.js';
import { createSelector } from '../../src/serve/selector.js';
import { SELECTION_CASES } from './selection-truth.js';

async function rgb(path: string, scale = 1): Promise<RawImage> {
  const meta = await sharp(path).metadata();
  const { data, info } = await sharp(path).resize(Math.round(meta.width! * scale)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

const c = SELECTION_CASES.table;
const scale = 2.7; // about 2 MP: GrabCut on a scaled copy, the edge refined at full size
const selection = { box: c.box.map((v) => v * scale) as typeof c.box, strokes: c.strokes.map((s) => ({ mode: s.mode, size: s.size * scale, points: s.points.map(([x, y]) => ({ x: x * scale, y: y * scale })) })) };

/** The longest the calling thread's event loop was held (ms) while `work` ran. */
async function longestHold(work: () => Promise<unknown>): Promise<{ heldMs: number; tookMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const t0 = performance.now();
  await work();
  const tookMs = performance.now() - t0;
  delay.disable();
  return { heldMs: delay.max / 1e6, tookMs };
}

test('a selection on the thread is the mask segmentObject gives on the calling thread, byte for byte; the calling thread is held for a fraction of what it was', async (t) => {
  const image = await rgb(c.photo, scale);
  const selector = createSelector();
  try {
    await selector.segment(image, selection); // the thread's first selection loads OpenCV.js
    const here = await longestHold(() => segmentObject(image, selection));
    let there: Awaited<ReturnType<Selector['segment']>> | undefined;
    const away = await longestHold(async () => { there = await selector.segment(image, selection); });
    const mine = await segmentObject(image, selection);
    t.deepEqual([there!.width, there!.height], [image.width, image.height]);
    t.true(Buffer.from(there!.data).equals(Buffer.from(mine.data)), 'the same mask');
    t.log(`event loop held ${here.heldMs.toFixed(0)} ms by segmentObject on this thread (${here.tookMs.toFixed(0)} ms), ${away.heldMs.toFixed(0)} ms while the selector worked (${away.tookMs.toFixed(0)} ms)`);
    t.true(away.heldMs < here.heldMs / 3, `held ${away.heldMs.toFixed(0)} ms with the selector, ${here.heldMs.toFixed(0)} ms without`);
  } finally {
    await selector.close();
  }
});

test('close ends the thread and later selections are refused; closing a selector that never selected is harmless', async (t) => {
  const idle = createSelector();
  await idle.close();
  const selector = createSelector();
  const image = await rgb(c.photo);
  const mask = await selector.segment(image, { box: c.box });
  t.true(mask.data.some((v) => v === 255));
  await selector.close();
  await t.throwsAsync(selector.segment(image, { box: c.box }), { message: /the selector is closed/ });
});
