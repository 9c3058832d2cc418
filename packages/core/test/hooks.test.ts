import test from 'ava';
import { createHooks } from '../src/hooks.js';
import type { InpaintContext, InpaintReport } from '../src/hooks.js';
import type { Plan } from '../src/plan.js';

const context = {} as InpaintContext;

test('the hooks are declared once and frozen', (t) => {
  const hooks = createHooks();
  t.deepEqual(Object.keys(hooks), ['plan', 'preprocess', 'infer', 'postprocess', 'composite', 'done', 'progress']);
  t.true(Object.isFrozen(hooks));
  t.not(createHooks().plan, hooks.plan, 'each inpainter its own');
});

test('plan is a waterfall: each tap gets the previous plan and may replace it', async (t) => {
  const hooks = createHooks();
  const seen: number[] = [];
  hooks.plan.tap('first', (plan) => { seen.push(plan.windows.length); return { ...plan, windows: plan.windows.slice(1) }; });
  hooks.plan.tapPromise('second', async (plan) => { seen.push(plan.windows.length); return plan; });
  const start = { strategy: 'crop', windows: [{}, {}, {}] } as unknown as Plan;
  const out = await hooks.plan.promise(start, context);
  t.deepEqual(seen, [3, 2]);
  t.is(out.windows.length, 2);
});

test('done is a series hook: taps run in order and an async one is awaited', async (t) => {
  const hooks = createHooks();
  const order: string[] = [];
  hooks.done.tapPromise('slow', async () => { await new Promise((r) => setTimeout(r, 20)); order.push('slow'); });
  hooks.done.tap('fast', () => { order.push('fast'); });
  await hooks.done.promise({ strategy: 'crop' } as unknown as InpaintReport, context);
  t.deepEqual(order, ['slow', 'fast']);
});

test('progress is called by plugins, synchronously, and every tap sees each event', (t) => {
  const hooks = createHooks();
  const seen: string[] = [];
  hooks.progress.tap('a', (e) => { seen.push(`a ${e.plugin} ${e.done}/${e.total}`); });
  hooks.progress.tap('b', (e) => { seen.push(`b ${e.done}`); });
  const box = { x0: 0, y0: 0, x1: 4, y1: 4 };
  hooks.progress.call({ plugin: 'complete', done: 1, total: 2, box }, context);
  hooks.progress.call({ plugin: 'complete', done: 2, total: 2, box }, context);
  t.deepEqual(seen, ['a complete 1/2', 'b 1', 'a complete 2/2', 'b 2']);
});
