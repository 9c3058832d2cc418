import test from 'ava';
import { parseSelection } from '../../src/serve/selection.js';

test('a form becomes a selection: the box, strokes as points, grow as a number', (t) => {
  t.deepEqual(parseSelection({ box: '[10, 20.5, 200, 150]' }), { box: [10, 20.5, 200, 150], strokes: [], grow: 0 });
  const s = parseSelection({ box: '[0,0,5,5]', strokes: '[{"mode":"keep","size":8,"points":[[1,2],[3,4]]}]', grow: '-3' });
  t.deepEqual(s.strokes, [{ mode: 'keep', size: 8, points: [{ x: 1, y: 2 }, { x: 3, y: 4 }] }]);
  t.is(s.grow, -3);
});

test('a bad field is an InvalidParameterError naming it and what was expected', (t) => {
  const bad: [Record<string, string>, RegExp][] = [
    [{}, /box/],
    [{ box: '10,20,30,40' }, /box/],
    [{ box: '[10, 20, 0, 40]' }, /box/],
    [{ box: '[10, 20, 30]' }, /box/],
    [{ box: '[1,1,5,5]', strokes: '[{"mode":"erase","size":8,"points":[[1,2]]}]' }, /keep.*strokes\[0\]/],
    [{ box: '[1,1,5,5]', strokes: '{}' }, /strokes/],
    [{ box: '[1,1,5,5]', grow: '1.5' }, /grow/],
    [{ box: '[1,1,5,5]', grow: '1000' }, /grow/],
    [{ box: '[1,1,5,5]', dilate: '3' }, /one of the fields image, box, strokes, grow.*dilate/],
  ];
  for (const [fields, message] of bad) t.throws(() => parseSelection(fields), { code: 'ERR_INVALID_PARAMETER', message }, JSON.stringify(fields));
});
