import test from 'ava';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import { register } from '../src/index.js';

// register() patches sharp globally, so the failing backend lives in its own test file (process)
const broken = { inpaintWithReport: () => Promise.reject(new Error('backend exploded')) };
register(sharp, { inpainter: broken });
const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#808080' } }).png().toBuffer();
const mask = { data: new Uint8Array(256).fill(255, 0, 40), width: 16, height: 16 };

test('a failing inference rejects the promise, reaches the callback, and errors the stream', async (t) => {
  await t.throwsAsync(sharp(png).inpaint(mask).toBuffer(), { message: 'backend exploded' });
  const err = await new Promise<Error | null>((resolve) => { sharp(png).inpaint(mask).toFile('/tmp/never.png', (e) => resolve(e)); });
  t.is(err?.message, 'backend exploded');
  await t.throwsAsync(pipeline(sharp(png).inpaint(mask).png(), new PassThrough()), { message: 'backend exploded' });
});
