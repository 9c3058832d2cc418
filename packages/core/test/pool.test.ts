import test from 'ava';
import { generateMask } from '@inpaint/mask-gen';
import { DisposedError, InpaintPool, Inpainter, MaskMismatchError, ModelNotFoundError } from '../src/index.js';
import { TINY_MODEL, randomImage } from './helpers.js';

test('pool results equal the single Inpainter byte for byte, with bounded in-flight work', async (t) => {
  const pool = await InpaintPool.create({ model: TINY_MODEL, size: 2, maxQueue: 0 });
  const single = await Inpainter.create({ model: TINY_MODEL, threads: 1 });
  const jobs = Array.from({ length: 6 }, (_, i) => ({
    image: randomImage(90, 60, 3, i),
    mask: generateMask({ width: 90, height: 60, seed: i, ratio: [0.1, 0.3] }),
  }));
  let maxRunning = 0;
  const timer = setInterval(() => { maxRunning = Math.max(maxRunning, pool.pending.running); }, 1);
  const results = await Promise.all(jobs.map((j) => pool.inpaint(j.image, j.mask)));
  clearInterval(timer);
  t.true(maxRunning <= 2, `at most size + maxQueue in the workers, saw ${maxRunning}`);
  for (const [i, j] of jobs.entries()) t.deepEqual(results[i].data, (await single.inpaint(j.image, j.mask)).data);
  await single.dispose();
  await pool.dispose();
});

test('pool keeps the event loop free while workers run', async (t) => {
  const pool = await InpaintPool.create({ model: TINY_MODEL, size: 1 });
  let ticks = 0;
  const timer = setInterval(() => { ticks++; }, 2);
  await Promise.all(Array.from({ length: 4 }, (_, i) => pool.inpaint(randomImage(256, 256, 3, i), generateMask({ width: 256, height: 256, seed: i, ratio: [0.3, 0.5] }), { strategy: 'full' })));
  clearInterval(timer);
  t.true(ticks > 3, `timer fired ${ticks} times`);
  await pool.dispose();
});

test('pool errors keep their class; a bad model fails at create; disposed pool rejects', async (t) => {
  await t.throwsAsync(InpaintPool.create({ model: '/nope.onnx', size: 1 }), { instanceOf: ModelNotFoundError });
  const pool = await InpaintPool.create({ model: TINY_MODEL, size: 1 });
  await t.throwsAsync(pool.inpaint(randomImage(10, 10, 3), new Uint8Array(5)), { instanceOf: MaskMismatchError });
  const img = randomImage(20, 20, 3);
  const full = new Uint8Array(400).fill(255);
  await t.throwsAsync(pool.inpaint(img, full), { message: /every pixel as a hole/, instanceOf: Error });
  await pool.dispose();
  await t.throwsAsync(pool.inpaint(img, new Uint8Array(400)), { instanceOf: DisposedError });
});
