import test from 'ava';
import { lazy } from '../src/lazy.js';

test('made once on first use, shared by concurrent callers, disposed once', async (t) => {
  let made = 0;
  const disposed: number[] = [];
  const l = lazy(async () => ++made, async (v) => { disposed.push(v); });
  t.false(l.created);
  const [a, b] = await Promise.all([l.get(), l.get()]);
  t.deepEqual([a, b, made], [1, 1, 1]);
  t.true(l.created);
  await l.dispose();
  await l.dispose();
  t.deepEqual(disposed, [1]);
  t.is(await l.get(), 2, 'a new one after dispose');
});

test('a failed creation is not kept: the next get() tries again; dispose() of a failure is a no-op', async (t) => {
  let calls = 0;
  const disposed: string[] = [];
  const l = lazy(async () => {
    calls++;
    if (calls === 1) throw new Error('model file not there yet');
    return 'ready';
  }, async (v) => { disposed.push(v); });
  await t.throwsAsync(l.get(), { message: /not there yet/ });
  t.false(l.created);
  t.is(await l.get(), 'ready');
  const failing = lazy(() => Promise.reject(new Error('no')), async () => { disposed.push('never'); });
  failing.get().catch(() => undefined);
  await t.notThrowsAsync(failing.dispose());
  t.deepEqual(disposed, []);
});
