import test from 'ava';
import { InpaintError, InvalidParameterError, Inpainter } from '../src/index.js';
import type { ModuleImporter } from '../src/engine.js';
import { WASM_FALLBACK_NOTICE, loadEngine, resolveEnginePreference } from '../src/engine.js';
import { boxMask, changedPixels, randomImage } from './helpers.js';

/** An importer on which onnxruntime-node is not installed (as after a failed optional install). */
const withoutNative: ModuleImporter = (specifier) => specifier === 'onnxruntime-node'
  ? Promise.reject(Object.assign(new Error("Cannot find package 'onnxruntime-node'"), { code: 'ERR_MODULE_NOT_FOUND' }))
  : import(specifier);

test('the preference: option first, then INPAINT_ENGINE, else auto; unknown names refused', (t) => {
  t.is(resolveEnginePreference(undefined, {}), 'auto');
  t.is(resolveEnginePreference(undefined, { INPAINT_ENGINE: 'wasm' }), 'wasm');
  t.is(resolveEnginePreference('native', { INPAINT_ENGINE: 'wasm' }), 'native');
  t.throws(() => resolveEnginePreference('gpu', {}), { instanceOf: InvalidParameterError, message: /engine/ });
  t.throws(() => resolveEnginePreference(undefined, { INPAINT_ENGINE: 'cuda' }), { instanceOf: InvalidParameterError, message: /INPAINT_ENGINE/ });
});

test('auto falls back to wasm when onnxruntime-node is missing, with one notice that says how to get native', async (t) => {
  const notices: string[] = [];
  const engine = await loadEngine('auto', withoutNative, (m) => notices.push(m));
  t.is(engine.name, 'wasm');
  t.deepEqual(notices, [WASM_FALLBACK_NOTICE]);
  t.regex(notices[0], /ONNXRUNTIME_NODE_INSTALL=skip npm i/);
});

test('auto takes native where it is installed, with no notice', async (t) => {
  const notices: string[] = [];
  const engine = await loadEngine('auto', (s) => import(s), (m) => notices.push(m));
  t.is(engine.name, 'native', 'this workspace installs onnxruntime-node (ONNXRUNTIME_NODE_INSTALL=skip npm ci)');
  t.deepEqual(notices, []);
});

test("asking for 'native' where it is missing is a typed error naming the fix", async (t) => {
  const e = await t.throwsAsync(loadEngine('native', withoutNative, () => t.fail('no notice for an explicit choice')), { instanceOf: InpaintError });
  t.is(e?.code, 'ERR_MISSING_DEPENDENCY');
  t.regex(e?.message ?? '', /ONNXRUNTIME_NODE_INSTALL=skip/);
});

test('both engines run the default model to the same fill: outside holes exact, inside within one level', async (t) => {
  const native = await Inpainter.create({ engine: 'native', threads: 1 });
  const wasm = await Inpainter.create({ engine: 'wasm' });
  t.is(native.engine, 'native');
  t.is(wasm.engine, 'wasm');
  const image = randomImage(200, 150, 3, 7);
  const mask = boxMask(200, 150, [[40, 30, 120, 90], [150, 100, 190, 140]]);
  const a = await native.inpaint(image, mask);
  const b = await wasm.inpaint(image, mask);
  for (const out of [a, b]) for (const p of changedPixels(image, out)) t.not(mask[p], 0, `pixel ${p} outside the holes changed`);
  let maxDiff = 0;
  let holeSamples = 0;
  for (let i = 0; i < a.data.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(a.data[i] - b.data[i]));
    if (mask[Math.floor(i / 3)]) holeSamples++;
  }
  t.true(holeSamples > 0);
  t.log(`max |native - wasm| per sample: ${maxDiff} of 255`);
  t.true(maxDiff <= 1, `max difference ${maxDiff}`);
  await native.dispose();
  await wasm.dispose();
});
