import test from 'ava';
import { countHoles } from '@inpaint/mask-gen';
import sharp from 'sharp';
import { hasShapes, labelMask, labelMaskFor } from '../src/label-mask.js';

test('normalised boxes are scaled to the photo; pixel boxes and polygons are drawn as given', (t) => {
  const { mask, warnings } = labelMask({ source: 'l.txt', units: 'normalised', boxes: [[0.25, 0.5, 0.5, 0.25]], polygons: [] }, 80, 40);
  t.is(countHoles(mask), 40 * 10);
  t.is(mask.data[20 * 80 + 20], 255);
  t.is(mask.data[19 * 80 + 20], 0);
  t.deepEqual(warnings, []);
  const tri = labelMask({ source: 'a.json', units: 'pixels', boxes: [], polygons: [[0, 0, 40, 0, 0, 40]] }, 80, 40);
  t.true(Math.abs(countHoles(tri.mask) - 800) < 40, `${countHoles(tri.mask)}`);
});

test('grow widens every shape with round corners', (t) => {
  const plain = countHoles(labelMask({ source: 'a.json', units: 'pixels', boxes: [[20, 10, 20, 10]], polygons: [] }, 80, 40).mask);
  const grown = countHoles(labelMask({ source: 'a.json', units: 'pixels', boxes: [[20, 10, 20, 10]], polygons: [] }, 80, 40, 3).mask);
  t.true(Math.abs(grown - (plain + 3 * 2 * (20 + 10) + Math.PI * 9)) < 10, `${plain} -> ${grown}`);
});

test('a box across the edge is clipped with a warning; one wholly outside is ignored with a warning', (t) => {
  const { mask, warnings } = labelMask({ source: 'labels/a.json', units: 'pixels', boxes: [[70, 30, 20, 20], [200, 0, 5, 5]], polygons: [] }, 80, 40);
  t.is(countHoles(mask), 10 * 10);
  t.is(warnings.length, 2);
  t.regex(warnings[0], /labels\/a\.json: box 1 \(70,30 to 90,50\) reaches outside the 80x40 image; clipped to it/);
  t.regex(warnings[1], /box 2 .* lies outside the 80x40 image; ignored/);
});

test('labelMaskFor draws at the size the file road sees: EXIF orientation 6 swaps width and height unless autoOrient is off', async (t) => {
  const turned = await sharp({ create: { width: 80, height: 40, channels: 3, background: '#777' } }).withMetadata({ orientation: 6 }).jpeg().toBuffer();
  const shapes = { source: 'l.txt', units: 'normalised' as const, boxes: [[0, 0, 0.5, 0.5] as const], polygons: [] };
  const upright = await labelMaskFor(turned, 'a.jpg', shapes);
  t.deepEqual([upright.mask.width, upright.mask.height], [40, 80]);
  t.is(countHoles(upright.mask), 20 * 40);
  const asStored = await labelMaskFor(turned, 'a.jpg', shapes, { autoOrient: false, grow: 0 });
  t.deepEqual([asStored.mask.width, asStored.mask.height], [80, 40]);
  await t.throwsAsync(labelMaskFor(Buffer.from('not an image'), 'b.jpg', shapes), { code: 'ERR_INVALID_IMAGE', message: /b\.jpg|decode/ });
  t.true(hasShapes(shapes));
  t.false(hasShapes({ ...shapes, boxes: [] }));
});
