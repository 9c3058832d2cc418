import test from 'ava';
import { InvalidArgumentError } from 'commander';
import { listOf, nonNegativeInt, oneOf, positiveInt, ratio, size } from '../src/args.js';

test('number parsers accept exactly their range and name what they got', (t) => {
  t.is(positiveInt('3'), 3);
  t.is(nonNegativeInt('0'), 0);
  const bad: [(v: string) => unknown, string][] = [
    [positiveInt, '0'], [positiveInt, '1.5'], [positiveInt, 'two'], [nonNegativeInt, '-1'], [nonNegativeInt, ''],
  ];
  for (const [parse, v] of bad) {
    const e = t.throws(() => parse(v), { instanceOf: InvalidArgumentError }, `${parse.name}('${v}')`);
    t.true(e.message.includes(`'${v}'`), e.message);
  }
});

test('size and ratio parse their forms; anything else is refused', (t) => {
  t.deepEqual(size('640x480'), [640, 480]);
  t.deepEqual(size(' 32X16 '), [32, 16]);
  for (const v of ['640', '0x10', '10x', 'axb']) t.throws(() => size(v), { instanceOf: InvalidArgumentError });
  t.deepEqual(ratio('0.1-0.2'), [0.1, 0.2]);
  t.deepEqual(ratio('0-1'), [0, 1]);
  for (const v of ['0.3-0.2', '0.5-1.5', '0.1', 'a-b']) t.throws(() => ratio(v), { instanceOf: InvalidArgumentError });
});

test('oneOf and listOf take only the choices; listOf takes none for an empty list', (t) => {
  const kinds = oneOf(['a', 'b'] as const);
  t.is(kinds('b'), 'b');
  t.throws(() => kinds('c'), { instanceOf: InvalidArgumentError, message: /one of a, b, got 'c'/ });
  const list = listOf(['telea', 'ns'] as const);
  t.deepEqual(list('telea, ns'), ['telea', 'ns']);
  t.deepEqual(list('none'), []);
  t.throws(() => list('telea,lama'), { instanceOf: InvalidArgumentError });
});
