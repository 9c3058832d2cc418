import test from 'ava';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TINY_MODEL } from '@inpaint/test-fixtures';
import { cacheKey, modelDigest, outputCache } from '../src/cache.js';

const parts = { image: Buffer.from('image'), mask: Buffer.from('mask'), model: 'm', settings: { dilate: 4, format: undefined } };

test('the key changes with the image, the mask, the model and each option, and only with them', (t) => {
  const key = cacheKey(parts);
  t.regex(key, /^[0-9a-f]{64}$/);
  t.is(cacheKey({ ...parts, settings: { format: undefined, dilate: 4 } }), key, 'key order and undefined options do not matter');
  t.is(cacheKey({ ...parts, settings: { dilate: 4 } }), key);
  const others = [
    { ...parts, image: Buffer.from('imagf') }, { ...parts, mask: Buffer.from('masl') }, { ...parts, mask: 'alpha' as const },
    { ...parts, model: 'n' }, { ...parts, settings: { dilate: 5 } }, { ...parts, settings: { dilate: 4, format: 'png' } },
    { ...parts, image: Buffer.from('imagem'), mask: Buffer.from('ask') }, // the same bytes, split otherwise
  ];
  t.is(new Set(others.map(cacheKey).concat(key)).size, others.length + 1);
});

test('modelDigest hashes the content, once per file version', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'digest-'));
  writeFileSync(join(dir, 'a.onnx'), 'one');
  const first = await modelDigest(join(dir, 'a.onnx'));
  t.is(first, '7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed'); // sha256('one')
  writeFileSync(join(dir, 'a.onnx'), 'two!');
  t.not(await modelDigest(join(dir, 'a.onnx')), first);
  t.regex(await modelDigest(TINY_MODEL), /^[0-9a-f]{64}$/);
  await t.throwsAsync(modelDigest(join(dir, 'none.onnx')), { code: 'ENOENT' });
});

test('an output cache keeps entries whole under <dir>/<2 hex>/<key>; none keeps nothing', async (t) => {
  const dir = join(mkdtempSync(join(tmpdir(), 'cache-')), 'node_modules/.cache/inpaint');
  const cache = outputCache(dir);
  const key = cacheKey(parts);
  t.is(await cache.get(key), undefined);
  await cache.set(key, Buffer.from('bytes'));
  t.deepEqual(await cache.get(key), Buffer.from('bytes'));
  t.deepEqual(readdirSync(dir, { recursive: true }).sort(), [key.slice(0, 2), `${key.slice(0, 2)}/${key}`]);
  const none = outputCache(null);
  await none.set(key, Buffer.from('x'));
  t.is(await none.get(key), undefined);
});
