import test from 'ava';
import { MessageChannel } from 'node:worker_threads';
import { transferableSymbol, valueSymbol } from 'piscina';
import run, { inpaintTask, open, release } from '../src/worker.js';
import type { PoolReply, ProgressMessage } from '../src/worker.js';
import { boxMask, randomImage } from './helpers.js';

// outside a pool (no workerData) the worker uses the default model, as Inpainter.create() does
test.serial('a task in-paints on this thread; a failure comes back as data, with its code', async (t) => {
  const image = randomImage(48, 32, 3, 4);
  const mask = boxMask(48, 32, [[10, 8, 20, 16]]);
  const task = { ...image, data: image.data.slice() }; // the task owns its pixels: they are filled in place
  const reply = await inpaintTask({ image: task, mask: { data: mask, width: 48, height: 32 }, options: { detail: 'smooth' } });
  t.true(reply.ok);
  if (!reply.ok) return;
  t.is(reply.result.report.holePixels, 10 * 8);
  let outside = 0, inside = 0;
  for (let i = 0; i < 48 * 32; i++) {
    for (let c = 0; c < 3; c++) {
      const same = reply.result.image.data[i * 3 + c] === image.data[i * 3 + c];
      if (mask[i] === 0 && !same) outside++;
      if (mask[i] !== 0 && !same) inside++;
    }
  }
  t.is(outside, 0);
  t.true(inside > 0, 'the holes were filled');
  t.is(reply.result.image.data, task.data, 'in place: the task\'s own pixels come back');
  // the mask arrives normalised (the pool checked it); what the in-painting itself refuses comes back typed
  const bad = await inpaintTask({ image, mask: { data: new Uint8Array(48 * 32).fill(255), width: 48, height: 32 } });
  t.false(bad.ok);
  if (!bad.ok) t.is(bad.error.code, 'ERR_INVALID_MASK');
});

test.serial('open makes this thread\'s session once and says which model and engine', async (t) => {
  const first = await open();
  t.true(first.ok);
  if (first.ok) t.is(first.model.format, 'inpaint');
  t.true(await release({ arrived: new SharedArrayBuffer(4), workers: 1 }));
});

test.serial('the pool task moves its output buffer back; progress reaches the task\'s port, then its end', async (t) => {
  const image = randomImage(48, 32, 3, 5);
  const mask = { data: boxMask(48, 32, [[12, 10, 30, 22]]), width: 48, height: 32 };
  const { port1, port2 } = new MessageChannel();
  const messages: ProgressMessage[] = [];
  const ended = new Promise<void>((resolve) => port1.on('message', (m: ProgressMessage) => { messages.push(m); if ('end' in m) resolve(); }));
  const moved = (await run({ image, mask, options: { detail: 'complete' }, progress: port2 })) as unknown as Record<symbol, unknown>;
  const reply = moved[valueSymbol] as PoolReply;
  t.true(reply.ok);
  if (!reply.ok) return;
  t.deepEqual(moved[transferableSymbol], [reply.result.image.data.buffer], 'the output image\'s buffer is in the transfer list');
  await ended;
  port1.close();
  const events = messages.flatMap((m) => ('event' in m ? [m.event] : []));
  t.true(events.length > 0, 'the completion stage reported its levels');
  t.true(events.every((e) => e.plugin === 'complete' && e.done >= 1 && e.done <= e.total));
  t.is(events.at(-1)!.done, events.at(-1)!.total, 'the last level of the last window');
  t.deepEqual(messages.at(-1), { end: true });
});

test.serial('release disposes the session once; a second release has none', async (t) => {
  const task = () => ({ arrived: new SharedArrayBuffer(4), workers: 1 });
  await open();
  t.true(await release(task()));
  t.false(await release(task()));
});
