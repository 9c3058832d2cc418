import test from 'ava';
import { join } from 'node:path';
import { outputName } from '../src/output-name.js';

test('outputName keeps the folders, appends the suffix, takes the format’s extension unless the input already has one of its extensions', (t) => {
  t.is(outputName(join('trip', 'cat.jpg')), join('trip', 'cat.jpg'));
  t.is(outputName(join('trip', 'cat.jpg'), { suffix: '-fixed', format: 'webp' }), join('trip', 'cat-fixed.webp'));
  t.is(outputName('cat.JPEG', { format: 'jpeg' }), 'cat.JPEG');
  t.is(outputName('scan.png', { format: 'tiff' }), 'scan.tif');
  t.is(outputName('a.b.png', { suffix: '_x' }), 'a.b_x.png');
});
