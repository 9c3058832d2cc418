import test from 'ava';
import { join } from 'node:path';
import { createLabelFinder, parseBoxList, parseCoco, parseYolo } from '../src/labels.js';
import { tempDir, write } from './helpers.js';

test('YOLO lines: boxes from centre and size, polygons from their points, comments and blank lines skipped, classes picked', (t) => {
  const text = '# detector output\n0 0.5 0.5 0.2 0.4\n\n2 0.1 0.1 0.3 0.1 0.2 0.3\n1 0.25 0.75 0.1 0.1\n';
  const all = parseYolo(text, 'l.txt');
  t.is(all.units, 'normalised');
  t.deepEqual(all.boxes.map((b) => b.map((v) => Math.round(v * 1000) / 1000)), [[0.4, 0.3, 0.2, 0.4], [0.2, 0.7, 0.1, 0.1]]);
  t.deepEqual(all.polygons, [[0.1, 0.1, 0.3, 0.1, 0.2, 0.3]]);
  const picked = parseYolo(text, 'l.txt', new Set([2]));
  t.deepEqual([picked.boxes.length, picked.polygons.length], [0, 1]);
});

test('a YOLO line that does not parse names the file, the line and what was expected', (t) => {
  const e = t.throws(() => parseYolo('0 0.5 0.5 0.2 0.4\n0 0.5 zero 0.2 0.4\n', 'labels/cat.txt'));
  t.is((e as { code?: string }).code, 'ERR_INVALID_MASK');
  t.regex(e!.message, /labels\/cat\.txt, line 2: expected `class cx cy w h`.*got '0 0.5 zero 0.2 0.4'/);
  t.is((e as { file?: string }).file, 'labels/cat.txt');
  t.throws(() => parseYolo('1.5 0.5 0.5 0.2 0.4', 'l.txt'), { message: /line 1/ }, 'a class must be an integer');
  t.throws(() => parseYolo('0 0.5 0.5 0.2', 'l.txt'), { message: /line 1/ }, 'four numbers are neither a box nor a polygon');
});

test('a JSON list of boxes in pixels, plain or with classes; a bad entry is named', (t) => {
  t.deepEqual(parseBoxList('[[10, 20, 100, 50], [0, 0, 5, 5]]', 'a.json').boxes, [[10, 20, 100, 50], [0, 0, 5, 5]]);
  t.deepEqual(parseBoxList('[{"bbox": [1, 2, 3, 4], "class": 0}, {"bbox": [5, 6, 7, 8], "class": 3}]', 'a.json', new Set([3])).boxes, [[5, 6, 7, 8]]);
  t.throws(() => parseBoxList('[[10, 20, 100]]', 'labels/a.json'), { code: 'ERR_INVALID_MASK', message: /labels\/a\.json, entry 0: expected a box \[x, y, w, h\]/ });
  t.throws(() => parseBoxList('{"boxes": []}', 'a.json'), { message: /the file: expected a JSON list/ });
  t.throws(() => parseBoxList('[[1, 2, 3, 4],', 'a.json'), { message: /not JSON/ });
});

const COCO = JSON.stringify({
  images: [{ id: 1, file_name: 'cat.jpg' }, { id: 2, file_name: 'street/dog.jpg' }, { id: 3, file_name: 'empty.jpg' }],
  annotations: [
    { image_id: 1, category_id: 17, bbox: [10, 10, 40, 30], segmentation: [[12, 12, 48, 12, 30, 38]] },
    { image_id: 1, category_id: 1, bbox: [60, 5, 10, 10] },
    { image_id: 2, category_id: 18, bbox: [0, 0, 20, 20], segmentation: [] },
  ],
  categories: [{ id: 1, name: 'person' }, { id: 17, name: 'cat' }, { id: 18, name: 'dog' }],
});

test('COCO: every image by its file_name, a polygon where there is one and the box otherwise; category_id picks', (t) => {
  const all = parseCoco(COCO, 'ann.json');
  t.deepEqual(all.get('cat.jpg'), { source: 'ann.json', units: 'pixels', boxes: [[60, 5, 10, 10]], polygons: [[12, 12, 48, 12, 30, 38]] });
  t.deepEqual(all.get('street/dog.jpg')!.boxes, [[0, 0, 20, 20]]);
  t.deepEqual(all.get('empty.jpg'), { source: 'ann.json', units: 'pixels', boxes: [], polygons: [] });
  t.deepEqual(parseCoco(COCO, 'ann.json', new Set([17])).get('cat.jpg')!.boxes, []);
  t.throws(() => parseCoco('{"images": []}', 'ann.json'), { code: 'ERR_INVALID_MASK', message: /ann\.json, the file: expected COCO JSON with the lists "images" and "annotations"/ });
  t.throws(() => parseCoco(JSON.stringify({ images: [{ id: 1, file_name: 'a.jpg' }], annotations: [{ image_id: 9, bbox: [0, 0, 1, 1] }] }), 'ann.json'), { message: /annotations\[0\]: expected an "image_id" listed in "images"/ });
  t.throws(() => parseCoco(JSON.stringify({ images: [{ id: 1, file_name: 'a.jpg' }], annotations: [{ image_id: 1, segmentation: { counts: 'xyz', size: [4, 4] } }] }), 'ann.json'), { message: /RLE masks are not supported/ });
});

test('a finder pairs label files by name (nested, then at the top, .txt before .json), a COCO file by file_name', async (t) => {
  const d = tempDir();
  write(join(d, 'labels/a/cat.txt'), '0 0.5 0.5 0.5 0.5\n');
  write(join(d, 'labels/dog.json'), '[[1, 2, 3, 4]]');
  write(join(d, 'ann.json'), COCO);
  const folder = await createLabelFinder(join(d, 'labels'));
  t.is(folder.kind, 'directory');
  t.is((await folder.find('p/a/cat.jpg', 'a/cat.jpg'))!.source, join(d, 'labels/a/cat.txt'));
  t.deepEqual((await folder.find('p/b/dog.png', 'b/dog.png'))!.boxes, [[1, 2, 3, 4]]);
  t.is(await folder.find('p/bird.jpg', 'bird.jpg'), null);
  const coco = await createLabelFinder(join(d, 'ann.json'));
  t.is(coco.kind, 'coco');
  t.is((await coco.find('/x/street/dog.jpg', 'street/dog.jpg'))!.boxes.length, 1);
  t.is((await coco.find('/x/cat.jpg', 'cat.jpg'))!.polygons.length, 1);
  t.is(await coco.find('/x/bird.jpg', 'bird.jpg'), null);
  await t.throwsAsync(createLabelFinder(join(d, 'nope')), { code: 'ERR_INVALID_PARAMETER', message: /boxes/ });
});
