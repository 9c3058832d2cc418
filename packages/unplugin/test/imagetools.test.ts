import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TINY_MODEL } from '@inpaint/test-fixtures';
import sharp from 'sharp';
import { build, createServer } from 'vite';
import { imagetools } from 'vite-imagetools';
import { inpaintImagetools } from '../src/imagetools.js';
import { HERO, LOGO, assertFilled, bundleText, emitted, makeApp, maskOf } from './fixture-app.js';

/** The README's line: in-paint, then imagetools' own directives (format, w), in one import. */
const MAIN = "import hero from './hero.jpg?inpaint=./hero.mask.png&format=webp&w=48';\nimport logo from './logo.png?inpaint&inpaintDetail=smooth';\nglobalThis.images = { hero, logo };\n";

async function viteBuild(app: string, out: string): Promise<void> {
  await build({
    root: app, configFile: false, logLevel: 'silent',
    plugins: [imagetools({ ...inpaintImagetools({ model: TINY_MODEL }), cache: { dir: join(app, 'node_modules/.cache/imagetools') } })],
    build: { outDir: out, emptyOutDir: true, assetsInlineLimit: 0, rollupOptions: { input: join(app, 'main.js') } },
  });
}

test.serial('vite-imagetools: ?inpaint fills before the other directives (format=webp, w=48), in their order; the format is kept without one', async (t) => {
  const app = await makeApp(MAIN);
  await viteBuild(app, join(app, 'dist'));
  const hero = emitted(join(app, 'dist'), 'hero');
  t.regex(hero, /\.webp$/);
  const meta = await sharp(hero).metadata();
  t.is(meta.width, 48, 'resized after the fill');
  // the fill happened at full size: the resized hole is free of magenta
  await assertFilled(t, join(app, HERO.file), await sharp(hero).resize(HERO.width, HERO.height, { fit: 'fill' }).png().toBuffer().then((b) => { const p = join(app, 'hero-back.png'); writeFileSync(p, b); return p; }), HERO, false);
  const logo = emitted(join(app, 'dist'), 'logo');
  t.regex(logo, /\.png$/, 'the input format kept');
  t.true(bundleText(join(app, 'dist')).includes(logo.slice(logo.lastIndexOf('/') + 1)));
  await assertFilled(t, join(app, LOGO.file), logo, LOGO, true);
});

test.serial("vite-imagetools: editing the mask misses imagetools' cache and fills again", async (t) => {
  const app = await makeApp("import logo from './logo.png?inpaint';\nglobalThis.images = { logo };\n");
  await viteBuild(app, join(app, 'dist'));
  const first = await sharp(emitted(join(app, 'dist'), 'logo')).raw().toBuffer();
  await maskOf(LOGO, app, 'logo.mask.png', { left: 40, top: 30, width: 10, height: 10 });
  await viteBuild(app, join(app, 'dist'));
  t.notDeepEqual(await sharp(emitted(join(app, 'dist'), 'logo')).raw().toBuffer(), first);
});

test.serial('vite-imagetools: a missing mask fails the build naming the image and the mask', async (t) => {
  const app = await makeApp("import logo from './logo.png?inpaint=./nowhere.png';\nglobalThis.images = { logo };\n");
  const e = await t.throwsAsync(viteBuild(app, join(app, 'dist')));
  t.regex(e!.message, /logo\.png \(imported by .*, mask .*nowhere\.png\):.*(nowhere\.png|no such file)/s);
});

test('inpaintImagetools checks its options, and a directive without the extension says how to set it up', (t) => {
  t.throws(() => inpaintImagetools({ dilate: -1 }), { message: /options\.dilate/ });
  const { extendTransforms } = inpaintImagetools();
  const [directive] = extendTransforms([]);
  t.throws(() => directive({ inpaint: '' }, { useParam: () => undefined, manualSearchParams: new URLSearchParams(), logger: console }), { message: /inpaintImagetools\(\)/ });
  t.is(directive({ w: '10' }, { useParam: () => undefined, manualSearchParams: new URLSearchParams(), logger: console }), undefined, 'not an inpaint import');
});

test.serial("vite-imagetools on Vite's dev server: with watchMasks, editing the mask fills again", async (t) => {
  const app = await makeApp("import logo from './logo.png?inpaint';\nexport default logo;\n");
  const inpaint = inpaintImagetools({ model: TINY_MODEL });
  const server = await createServer({
    root: app, configFile: false, logLevel: 'silent', server: { middlewareMode: true, ws: false },
    plugins: [imagetools({ ...inpaint, cache: { dir: join(app, 'node_modules/.cache/imagetools') } }), inpaint.watchMasks],
  });
  try {
    const url = async () => ((await server.ssrLoadModule('/main.js')) as { default: string }).default;
    const first = await url();
    t.regex(first, /^\/@imagetools\/\w+$/);
    await maskOf(LOGO, app, 'logo.mask.png', { left: 40, top: 30, width: 10, height: 10 });
    let second = first;
    for (let i = 0; i < 100 && second === first; i++) {
      await new Promise((r) => setTimeout(r, 100));
      second = await url();
    }
    t.not(second, first, 'a new image (its id keys on the mask) after the edit');
  } finally {
    await server.close();
  }
});
