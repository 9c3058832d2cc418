import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inpainter } from '@inpaint/core';
import { TINY_MODEL } from '@inpaint/test-fixtures';
import type { BuildContext } from '../src/inpaint-import.js';
import { inpaintImport } from '../src/inpaint-import.js';
import { inpaintImportOf } from '../src/inpaint-id.js';
import { outputCache } from '../src/cache.js';
import { unpluginSettings } from '../src/options.js';
import { LOGO, assertFilled, makeApp } from './fixture-app.js';

let inpainter: Inpainter;
test.before(async () => {
  inpainter = await Inpainter.create({ model: TINY_MODEL });
});
test.after.always(() => inpainter.dispose());

function contextFor(app: string, fills: { n: number }): BuildContext {
  return {
    settings: unpluginSettings({ model: TINY_MODEL }),
    root: app,
    cache: outputCache(join(app, 'cache')),
    finder: undefined,
    backend: () => Promise.resolve(inpainter),
    limit: (fill) => (fills.n++, fill()),
  };
}

test('an import is filled through the file road once, then read from the cache', async (t) => {
  const app = await makeApp();
  const fills = { n: 0 };
  const ctx = contextFor(app, fills);
  const request = inpaintImportOf(join(app, 'logo.png?inpaint'))!;
  const first = await inpaintImport(request, join(app, 'main.js'), ctx);
  t.like(first.record, { image: join(app, 'logo.png'), mask: join(app, 'logo.mask.png'), format: 'png', cached: false, importer: join(app, 'main.js') });
  writeFileSync(join(app, 'out.png'), first.data);
  await assertFilled(t, join(app, 'logo.png'), join(app, 'out.png'), LOGO, true);
  const second = await inpaintImport(request, undefined, ctx);
  t.true(second.record.cached);
  t.is(second.format, 'png');
  t.deepEqual(second.data, first.data);
  t.is(fills.n, 1, 'one fill for two imports of the same image, mask and options');
  const webp = await inpaintImport(inpaintImportOf(join(app, 'logo.png?inpaint&format=webp'))!, undefined, ctx);
  t.like(webp.record, { format: 'webp', cached: false });
});

test('no mask, a missing mask and a bad mask are build errors naming the importer, the image and the mask', async (t) => {
  const app = await makeApp();
  const ctx = contextFor(app, { n: 0 });
  writeFileSync(join(app, 'bad.mask.png'), 'not a png');
  const importer = join(app, 'main.js');
  const none = await t.throwsAsync(inpaintImport(inpaintImportOf(join(app, 'main.js?inpaint'))!, importer, ctx));
  t.regex(none!.message, /main\.js \(imported by .*main\.js, mask none\): no mask pairs with this image; put its mask beside it \(main\.mask\.png\)/);
  const missing = await t.throwsAsync(inpaintImport(inpaintImportOf(join(app, 'logo.png?inpaint=./gone.png'))!, importer, ctx));
  t.regex(missing!.message, /mask .*gone\.png\): the mask .*gone\.png does not exist; fix the path after \?inpaint=/);
  const bad = await t.throwsAsync(inpaintImport(inpaintImportOf(join(app, 'logo.png?inpaint=./bad.mask.png'))!, importer, ctx));
  t.regex(bad!.message, /logo\.png \(imported by .*main\.js, mask .*bad\.mask\.png\): /);
  t.is((bad!.cause as { code?: string }).code, 'ERR_INVALID_MASK');
});
