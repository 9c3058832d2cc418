import test from 'ava';
import { InvalidParameterError } from '../src/errors.js';
import { GENERATE_OPTION_SCHEMA, checkRatio, generateMask } from '../src/generate-mask.js';
import { SIZE_SCHEMA } from '../src/mask.js';
import { Schema, checkOption, choice, defaultsOf, expectedOf, fits, requireOption } from '../src/option-schema.js';
import { SEED_SCHEMA } from '../src/rng.js';

test('requireOption refuses undefined; checkOption lets it through (it means: the default)', (t) => {
  t.notThrows(() => checkOption('border', GENERATE_OPTION_SCHEMA.border, undefined));
  t.throws(() => requireOption('width', SIZE_SCHEMA, undefined), { instanceOf: InvalidParameterError, message: /Expected a positive integer for width but received undefined/ });
  t.notThrows(() => requireOption('width', SIZE_SCHEMA, 1));
});

test("the generator's declared defaults are the ones generateMask applies", (t) => {
  const d = defaultsOf(GENERATE_OPTION_SCHEMA);
  t.deepEqual(d, { seed: 0, kind: 'mixed', ratio: [0.01, 0.6], border: 0 });
  const base = { width: 64, height: 48 };
  t.deepEqual(generateMask(base).data, generateMask({ ...base, ...d }).data);
});

test('ranges read as words; the ratio rule is one function', (t) => {
  t.is(expectedOf(SEED_SCHEMA), 'a safe integer');
  t.is(expectedOf(GENERATE_OPTION_SCHEMA.kind), 'one of strokes, shapes, boxes, mixed, objects');
  t.notThrows(() => checkRatio([0, 1]));
  t.throws(() => checkRatio([0.3, 0.2]), { message: /\[lo, hi\] with lo <= hi for ratio/ });
  t.throws(() => checkRatio([Number.NaN, 0.2]), { message: /for ratio\[0\] \(lo\)/ });
  t.throws(() => requireOption('seed', SEED_SCHEMA, 2 ** 53), { instanceOf: InvalidParameterError });
});

test("Schema builds the very objects TypeBox's Type builds (without loading TypeBox), and TypeBox checks them", async (t) => {
  const { Type } = await import('@sinclair/typebox');
  const { Value } = await import('@sinclair/typebox/value');
  const o = { minimum: 0, maximum: 4, default: 1, description: 'd' };
  t.deepEqual(Schema.Integer(o), Type.Integer(o));
  t.deepEqual(Schema.Number(o), Type.Number(o));
  t.deepEqual(Schema.Boolean({ default: true }), Type.Boolean({ default: true }));
  t.deepEqual(Schema.String({ minLength: 1 }), Type.String({ minLength: 1 }));
  t.deepEqual(Schema.Tuple([Schema.Number(), Schema.Number()]), Type.Tuple([Type.Number(), Type.Number()]));
  t.deepEqual(choice(['a', 'b'], { description: 'x' }), Type.Union([Type.Literal('a'), Type.Literal('b')], { description: 'x' }));
  const kind = Symbol.for('TypeBox.Kind');
  t.is((Schema.Integer() as unknown as Record<symbol, string>)[kind], 'Integer', 'the Kind mark TypeBox reads');
  for (const [schema, good, bad] of [[Schema.Integer(o), 3, 3.5], [choice(['a', 'b'], { description: '' }), 'b', 'c'], [Schema.Tuple([Schema.Number(o), Schema.Number(o)]), [0, 4], [0, 5]]] as const) {
    t.true(Value.Check(schema, good) && fits(schema, good));
    t.false(Value.Check(schema, bad) || fits(schema, bad));
  }
});

test('Schema.Array, Schema.Object and Schema.Unknown: TypeBox checks them; an optional key may be absent, no other key may be present', async (t) => {
  const { Type } = await import('@sinclair/typebox');
  t.deepEqual(Schema.Array(Schema.Number()), Type.Array(Type.Number()));
  t.deepEqual(Schema.Unknown({ description: 'd' }), Type.Unknown({ description: 'd' }));
  const list = Schema.Array(Schema.Object({ module: Schema.String({ minLength: 1 }), options: Schema.Unknown() }, { optional: ['options'] }));
  for (const good of [[], [{ module: 'm' }], [{ module: 'm', options: { k: [1] } }]]) t.true(fits(list, good), JSON.stringify(good));
  for (const bad of [{}, [{}], [{ module: '' }], [{ module: 'm', option: 1 }], ['m']]) t.false(fits(list, bad), JSON.stringify(bad));
});
