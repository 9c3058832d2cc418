import test from 'ava';
import { availableParallelism } from 'node:os';
import type { InpaintPool } from '@inpaint/core';
import { DEFAULT_CACHE_DIR, unpluginSettings } from '../src/options.js';

test('defaults: the cache folder, the core count, the pixels as stored', (t) => {
  const s = unpluginSettings();
  t.is(s.cache, DEFAULT_CACHE_DIR);
  t.is(s.concurrency, availableParallelism());
  t.is(s.masks, undefined);
  t.deepEqual(s.files, { autoOrient: false });
});

test('the options split into the plugin\'s own, the pool\'s and the files\'', (t) => {
  const onImage = () => undefined;
  const s = unpluginSettings({ masks: 'masks', cache: false, concurrency: 2, model: 'm.onnx', detail: 'smooth', format: 'webp', onImage });
  t.is(s.cache, null);
  t.is(s.onImage, onImage);
  t.deepEqual(s.pool, { model: 'm.onnx', modelFormat: undefined, plugins: undefined });
  t.deepEqual(s.files, { autoOrient: false, model: 'm.onnx', detail: 'smooth', format: 'webp' });
});

test('bad options throw at once, naming options.<name>', async (t) => {
  t.throws(() => unpluginSettings({ concurrency: 0 }), { message: /options\.concurrency/ });
  t.throws(() => unpluginSettings({ cache: '' }), { message: /options\.cache/ });
  t.throws(() => unpluginSettings({ dilate: -2 }), { message: /options\.dilate/ });
  t.throws(() => unpluginSettings({ format: 'bmp' as 'png' }), { message: /options\.format/ });
  t.throws(() => unpluginSettings({ backend: {} as InpaintPool }), { message: /options\.backend/ });
  t.throws(() => unpluginSettings({ onImage: 'x' as unknown as () => void }), { message: /options\.onImage/ });
  t.throws(() => unpluginSettings({ bogus: 1 } as object), { message: /options\.bogus/ });
});
