import test from 'ava';
import run, { release } from '../src/worker.js';
import { boxMask, randomImage } from './helpers.js';

// outside a pool (no workerData) the worker uses the default model, as Inpainter.create() does
test.serial('a task in-paints on this thread; a failure comes back as data, with its code', async (t) => {
  const image = randomImage(48, 32, 3, 4);
  const mask = boxMask(48, 32, [[10, 8, 20, 16]]);
  const reply = await run({ image, mask: { data: mask, width: 48, height: 32 }, options: { detail: 'smooth' } });
  t.true(reply.ok);
  if (!reply.ok) return;
  t.is(reply.result.report.holePixels, 10 * 8);
  let outside = 0;
  for (let i = 0; i < 48 * 32; i++) if (mask[i] === 0) for (let c = 0; c < 3; c++) if (reply.result.image.data[i * 3 + c] !== image.data[i * 3 + c]) outside++;
  t.is(outside, 0);
  const bad = await run({ image, mask: { data: new Uint8Array(5), width: 5, height: 1 } });
  t.false(bad.ok);
  if (!bad.ok) t.is(bad.error.code, 'ERR_MASK_MISMATCH');
});

test.serial('release disposes the session once; a second release has none', async (t) => {
  const task = () => ({ arrived: new SharedArrayBuffer(4), workers: 1 });
  t.true(await release(task()));
  t.false(await release(task()));
});
