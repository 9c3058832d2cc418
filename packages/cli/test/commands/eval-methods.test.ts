import test from 'ava';
import { DETAILS, InvalidParameterError } from '@inpaint/core';
import { BLIND_ARMS, DETAIL_ARMS, HOLE_KINDS, armInpainters, blindMethod, planMethods } from '../../src/commands/eval-methods.js';
import { TINY } from '../helpers.js';

test('the model arms are core\'s detail settings and the attention arm; a blind test pits those or the baselines', (t) => {
  t.deepEqual([...DETAIL_ARMS], [...DETAILS, 'attention']);
  t.true(DETAIL_ARMS.includes('texture') && DETAIL_ARMS.includes('smooth'));
  t.deepEqual([...HOLE_KINDS], ['strokes', 'objects']);
  t.true(BLIND_ARMS.includes('attention') && BLIND_ARMS.includes('telea') && BLIND_ARMS.includes('gmic-matchpatch'));
});

test('blindMethod: model arms get the run\'s model- prefix once, baselines keep their names', (t) => {
  t.is(blindMethod('texture'), 'model-texture');
  t.is(blindMethod('model-smooth'), 'model-smooth');
  t.is(blindMethod('telea'), 'telea');
});

test('planMethods: default arms, then the baselines in the order given, each a column of the table', (t) => {
  const logged: string[] = [];
  t.deepEqual(planMethods({ baselines: ['ns', 'telea'] }, (s) => logged.push(s)), { arms: ['auto', 'smooth'], baselines: ['ns', 'telea'], methods: ['model-auto', 'model-smooth', 'ns', 'telea'] });
  t.deepEqual(planMethods({ detail: ['attention'], baselines: [] }, (s) => logged.push(s)).methods, ['model-attention']);
  t.deepEqual(logged, []);
});

test.serial('planMethods: without gmic on PATH its baselines are dropped and the log says so and how to install it', (t) => {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    const logged: string[] = [];
    const plan = planMethods({ detail: ['smooth'], baselines: ['telea', 'gmic-patch', 'gmic-matchpatch'] }, (s) => logged.push(s));
    t.deepEqual(plan.baselines, ['telea']);
    t.deepEqual(plan.methods, ['model-smooth', 'telea']);
    t.is(logged.length, 1);
    t.regex(logged[0], /gmic is not on PATH: skipping gmic-patch, gmic-matchpatch \(.*apt-get install gmic\)/);
    // a blind arm of a dropped baseline is refused, and the message says why
    t.throws(() => planMethods({ baselines: ['gmic-patch'], blind: { dir: 'b', arms: ['gmic-patch'] } }, () => {}), { instanceOf: InvalidParameterError, message: /arms this run fills \(model-auto, model-smooth;.*G'MIC's need gmic on PATH\) for --blind-arm but received 'gmic-patch'/ });
  } finally {
    process.env.PATH = path;
  }
});

test('planMethods refuses --holes without --native or twice the same kind, and blind arms the run does not fill', (t) => {
  const quiet = () => {};
  t.throws(() => planMethods({ holes: ['strokes'], baselines: [] }, quiet), { instanceOf: InvalidParameterError, message: /only with --native .* for --holes but received 'strokes'/ });
  t.throws(() => planMethods({ native: true, holes: ['objects', 'objects'], baselines: [] }, quiet), { instanceOf: InvalidParameterError, message: /one or both of strokes, objects for --holes but received 'objects,objects'/ });
  t.throws(() => planMethods({ native: true, holes: [], baselines: [] }, quiet), { instanceOf: InvalidParameterError, message: /for --holes but received 'none'/ });
  t.deepEqual(planMethods({ native: true, holes: ['objects'], baselines: [] }, quiet).arms, ['auto', 'smooth']);
  t.throws(() => planMethods({ baselines: [], blind: { dir: 'b', arms: ['bogus'] } }, quiet), { instanceOf: InvalidParameterError, message: /model arms or baselines: auto, texture, smooth, .* for --blind-arm but received 'bogus'/ });
  t.throws(() => planMethods({ baselines: ['telea'], blind: { dir: 'b', arms: ['attention'] } }, quiet), { instanceOf: InvalidParameterError, message: /arms this run fills \(model-auto, model-smooth, telea;.* for --blind-arm but received 'attention'/ });
  t.notThrows(() => planMethods({ baselines: ['telea'], blind: { dir: 'b', arms: ['model-auto', 'telea'] } }, quiet));
});

test('armInpainters: one Inpainter shared by the detail settings, its own for the attention arm', async (t) => {
  const inpainters = await armInpainters(['texture', 'smooth', 'attention'], { model: TINY, threads: 1 });
  try {
    t.deepEqual([...inpainters.keys()], ['texture', 'smooth', 'attention']);
    t.is(inpainters.get('texture'), inpainters.get('smooth'));
    t.not(inpainters.get('attention'), inpainters.get('texture'));
    t.is(new Set(inpainters.values()).size, 2);
    t.is(inpainters.get('texture')!.model.format, 'inpaint');
  } finally {
    for (const inp of new Set(inpainters.values())) await inp.dispose();
  }
});
