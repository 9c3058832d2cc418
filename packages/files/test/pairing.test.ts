import test from 'ava';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMaskFinder } from '../src/pairing.js';

function tree(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'pairing-'));
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), '');
  }
  return root;
}

test('pairing rules in order: .mask. before same stem, nested before flat, lossless first', async (t) => {
  const m = tree(['masks/a/cat.mask.png', 'masks/a/cat.png', 'masks/dog.jpg', 'masks/dog.png', 'masks/a/bird.png', 'masks/owl.mask.webp', 'masks/b/Fox.PNG']);
  const f = await createMaskFinder(join(m, 'masks'));
  t.is(f.kind, 'directory');
  t.is(await f.find('/p/a/cat.jpg', 'a/cat.jpg'), join(m, 'masks/a/cat.mask.png'));
  t.is(await f.find('/p/a/bird.jpg', 'a/bird.jpg'), join(m, 'masks/a/bird.png'));
  t.is(await f.find('/p/a/dog.jpg', 'a/dog.jpg'), join(m, 'masks/dog.png'), 'flat fallback, png before jpg');
  t.is(await f.find('/p/owl.tif', 'owl.tif'), join(m, 'masks/owl.mask.webp'));
  t.is(await f.find('/p/b/Fox.jpg', 'b/Fox.jpg'), join(m, 'masks/b/Fox.PNG'), 'upper-case extensions');
  t.is(await f.find('/p/eel.jpg', 'eel.jpg'), null);
});

test('a masks folder equal to the images folder never pairs an image with itself', async (t) => {
  const m = tree(['photos/x.png', 'photos/x.mask.png', 'photos/y.png']);
  const f = await createMaskFinder(join(m, 'photos'));
  t.is(await f.find(join(m, 'photos/x.png'), 'x.png'), join(m, 'photos/x.mask.png'));
  t.is(await f.find(join(m, 'photos/y.png'), 'y.png'), null);
});

test('a single mask file serves every image; a missing path is a clear error', async (t) => {
  const m = tree(['one.png']);
  const f = await createMaskFinder(join(m, 'one.png'));
  t.is(f.kind, 'file');
  t.is(await f.find('/any/thing.jpg', 'thing.jpg'), join(m, 'one.png'));
  await t.throwsAsync(createMaskFinder(join(m, 'nope')), { message: /does not exist/ });
});

test('isMaskFile: the .mask. rule by name, in any case, with one extension after it', async (t) => {
  const { isMaskFile } = await import('../src/pairing.js');
  t.true(isMaskFile('photos/cat.mask.png'));
  t.true(isMaskFile('photos/CAT.MASK.PNG'));
  t.false(isMaskFile('photos/cat.png'));
  t.false(isMaskFile('photos/cat.mask.png.bak'));
  t.false(isMaskFile('photos/masks/cat.png'), 'a folder named like masks is not the rule');
  t.false(isMaskFile('photos/cat.mask.'));
});

test('findMaskBeside: only <stem>.mask.<e> beside the image, lossless first; a same-stem image is never its mask', async (t) => {
  const { findMaskBeside } = await import('../src/pairing.js');
  const m = tree(['p/hero.jpg', 'p/hero.mask.webp', 'p/hero.mask.png', 'p/cat.jpg', 'p/cat.png', 'p/Owl.jpg', 'p/Owl.mask.PNG']);
  t.is(await findMaskBeside(join(m, 'p/hero.jpg')), join(m, 'p/hero.mask.png'));
  t.is(await findMaskBeside(join(m, 'p/cat.jpg')), null, 'cat.png is another image');
  t.is(await findMaskBeside(join(m, 'p/Owl.jpg')), join(m, 'p/Owl.mask.PNG'));
  t.is(await findMaskBeside(join(m, 'nowhere/x.jpg')), null);
});
