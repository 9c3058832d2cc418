import test from 'ava';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelNotFoundError } from '@inpaint/core';
import { TINY_MODEL } from '@inpaint/test-fixtures';
import { disposeBackends, getDefaultBackend, getModelBackend } from '../src/backend.js';

test.serial('one Inpainter per model file and format, kept; another format is another session', async (t) => {
  const a = await getModelBackend(TINY_MODEL);
  t.is(await getModelBackend(TINY_MODEL), a);
  t.is(await getModelBackend(TINY_MODEL, 'auto'), a);
  t.not(await getModelBackend(TINY_MODEL, 'inpaint'), a);
  await disposeBackends();
  t.not(await getModelBackend(TINY_MODEL), a, 'made again after disposeBackends()');
  await disposeBackends();
});

test.serial('a model file that is missing fails, and is tried again on the next call (not cached)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'inpaint-backend-'));
  const later = join(dir, 'later.onnx');
  await t.throwsAsync(getModelBackend(later), { instanceOf: ModelNotFoundError });
  copyFileSync(TINY_MODEL, later);
  await t.notThrowsAsync(getModelBackend(later));
  await disposeBackends();
});

test.serial('the default backend is made once, on first use', async (t) => {
  const first = getDefaultBackend();
  t.is(getDefaultBackend(), first);
  await first;
  await disposeBackends();
});
