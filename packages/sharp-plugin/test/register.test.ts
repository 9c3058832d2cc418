import test from 'ava';
import { createRequire } from 'node:module';
import type { InpaintBackend } from '../src/backend.js';
import sharp from 'sharp';
import { register } from '../src/register.js';

type Proto = { prototype: Record<string, unknown> };

test.serial('register() adds .inpaint to the ESM and CommonJS sharp, replacing an earlier registration', (t) => {
  const cjs = createRequire(import.meta.url)('sharp') as Proto;
  register();
  const first = (sharp as unknown as Proto).prototype.inpaint;
  t.is(typeof first, 'function');
  t.is(typeof cjs.prototype.inpaint, 'function', 'the CommonJS build too');
  register();
  t.not((sharp as unknown as Proto).prototype.inpaint, first, 'a new registration replaces the method');
});

test.serial('register({ inpainter }) in-paints with the given backend', async (t) => {
  const calls: number[] = [];
  const backend: InpaintBackend = {
    async inpaintWithReport(image) {
      calls.push(image.width);
      const data = image.data.slice();
      data.fill(7, 0, image.channels); // the one hole pixel (a backend composites into the holes itself)
      return { image: { ...image, data }, report: { width: image.width, height: image.height, strategy: 'full', windows: 1, inferences: 1, holePixels: 1, ms: { total: 0, plan: 0, infer: 0 }, warnings: [] } };
    },
  };
  register(sharp as never, { inpainter: backend });
  const img = sharp({ create: { width: 4, height: 2, channels: 3, background: '#fff' } }).png();
  const mask = { data: Uint8Array.from([255, 0, 0, 0, 0, 0, 0, 0]), width: 4, height: 2 };
  const out = await img.inpaint(mask).raw().toBuffer();
  t.deepEqual(calls, [4]);
  t.deepEqual([...out.subarray(0, 3)], [7, 7, 7], 'the hole takes the backend fill');
  t.deepEqual([...out.subarray(3, 6)], [255, 255, 255], 'the rest as the backend returned it');
  register();
});
