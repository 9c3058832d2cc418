import test from 'ava';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inpainter } from '@inpaint/core';
import type { InpaintBackend } from '@inpaint/sharp/api';
import { TINY_MODEL } from '@inpaint/test-fixtures';
import type { ImportRecord } from '../src/index.js';
import { unpluginFactory } from '../src/index.js';
import { BUNDLERS, buildWith } from './bundlers.js';
import { HERO, LOGO, assertFilled, bundleText, emitted, makeApp, maskOf } from './fixture-app.js';

for (const bundler of BUNDLERS) {
  test.serial(`${bundler}: ?inpaint imports are filled, emitted as hashed assets whose URLs the bundle holds; a second build takes them from the cache`, async (t) => {
    const app = await makeApp();
    const cache = join(app, 'node_modules/.cache/inpaint');
    const records: ImportRecord[] = [];
    // the cache folder's default is relative to the bundler's root (the app); Rollup has none but the working directory
    const options = { model: TINY_MODEL, concurrency: 2, onImage: (r: ImportRecord) => records.push(r), ...(bundler === 'rollup' ? { cache } : {}) };
    const out = join(app, 'dist');
    await buildWith(bundler, app, out, options);
    t.deepEqual(records.map((r) => r.cached), [false, false], 'first build: both filled');
    const hero = emitted(out, 'hero');
    const logo = emitted(out, 'logo');
    t.regex(hero, /hero-[\w-]{8,}\.jpg$/, 'hashed, format kept');
    t.regex(logo, /logo-[\w-]{8,}\.png$/);
    const bundle = bundleText(out);
    for (const f of [hero, logo]) t.true(bundle.includes(f.slice(f.lastIndexOf('/') + 1)), `the bundle refers to ${f}`);
    await assertFilled(t, join(app, HERO.file), hero, HERO, false);
    await assertFilled(t, join(app, LOGO.file), logo, LOGO, true);
    t.true(records.every((r) => r.importer === join(app, 'main.js')));

    records.length = 0;
    const again = join(app, 'dist2');
    await buildWith(bundler, app, again, options);
    t.deepEqual(records.map((r) => r.cached), [true, true], 'second build: nothing in-painted');
    t.deepEqual(readFileSync(emitted(again, 'logo')), readFileSync(logo));
    t.is((readdirSync(cache, { recursive: true }) as string[]).filter((f) => /^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(f)).length, 2, 'two entries in <root>/node_modules/.cache/inpaint');
  });

  test.serial(`${bundler}: an image without a mask fails the build, naming the importer, the image and the mask`, async (t) => {
    const app = await makeApp("import lone from './logo.png?inpaint=./nowhere.png';\nglobalThis.images = { lone };\n");
    const e = await t.throwsAsync(buildWith(bundler, app, join(app, 'dist'), { model: TINY_MODEL, cache: false }));
    t.regex(e!.message, /logo\.png \(imported by .*main\.js, mask .*nowhere\.png\): the mask .*nowhere\.png does not exist/);
  });
}

test.serial('format= chooses the output format; options come from the directives', async (t) => {
  const app = await makeApp("import logo from './logo.png?inpaint&format=webp&inpaintDilate=2';\nexport { logo };\n");
  const records: ImportRecord[] = [];
  await buildWith('esbuild', app, join(app, 'dist'), { model: TINY_MODEL, cache: false, onImage: (r) => records.push(r) });
  t.regex(emitted(join(app, 'dist'), 'logo'), /\.webp$/);
  t.is(records[0].format, 'webp');
});

test.serial('a masks folder pairs images by their path under the root (a relative folder: under the root)', async (t) => {
  const app = await makeApp("import logo from './logo.png?inpaint';\nexport { logo };\n");
  const masks = join(app, 'masks');
  const { mkdirSync, rmSync } = await import('node:fs');
  rmSync(join(app, 'logo.mask.png'));
  mkdirSync(masks);
  await maskOf(LOGO, masks, 'logo.png');
  const records: ImportRecord[] = [];
  await buildWith('rollup', app, join(app, 'dist'), { model: TINY_MODEL, cache: false, masks, onImage: (r) => records.push(r) });
  t.is(records[0].mask, join(masks, 'logo.png'));
  await assertFilled(t, join(app, LOGO.file), emitted(join(app, 'dist'), 'logo'), LOGO, true);
});

test.serial('watch mode: the mask is a watched file; editing it fills again', async (t) => {
  const app = await makeApp("import logo from './logo.png?inpaint';\nexport { logo };\n");
  const { watch } = await import('rollup');
  const rollupPlugin = (await import('../src/rollup.js')).default;
  const records: ImportRecord[] = [];
  const watcher = watch({ input: join(app, 'main.js'), plugins: [rollupPlugin({ model: TINY_MODEL, cache: join(app, 'cache'), onImage: (r) => records.push(r) })], output: { dir: join(app, 'dist'), format: 'es' }, watch: { buildDelay: 50 } });
  const ends: (() => void)[] = [];
  const errors: unknown[] = [];
  watcher.on('event', (e) => {
    if (e.code === 'BUNDLE_END') void e.result.close();
    if (e.code === 'ERROR') errors.push(e.error);
    if (e.code === 'END') ends.shift()?.();
  });
  const nextEnd = () => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no rebuild within 15 s')), 15_000);
    ends.push(() => (clearTimeout(timer), resolve()));
  });
  try {
    await nextEnd();
    t.deepEqual(records.map((r) => r.cached), [false]);
    // the asset the bundle refers to (the watcher keeps earlier ones in dist/)
    const current = () => readFileSync(join(app, 'dist', bundleText(join(app, 'dist')).match(/assets\/logo-[\w-]+\.png/)![0]));
    const first = current();
    const rebuilt = nextEnd();
    await maskOf(LOGO, app, 'logo.mask.png', { left: 40, top: 30, width: 10, height: 10 });
    await rebuilt;
    t.deepEqual(errors, []);
    t.deepEqual(records.map((r) => r.cached), [false, false], 'the edited mask filled again');
    t.notDeepEqual(current(), first);
  } finally {
    await watcher.close();
  }
});

test('the factory checks its options when the plugin is made', (t) => {
  t.throws(() => unpluginFactory({ concurrency: 0 }, { framework: 'rollup', versions: {} }), { message: /options\.concurrency/ });
  t.throws(() => unpluginFactory({ dilate: -1 }, { framework: 'rollup', versions: {} }), { message: /options\.dilate/ });
});

test.serial("Vite's dev server: the import is a data URL of the filled image; editing the mask fills again", async (t) => {
  const app = await makeApp("import logo from './logo.png?inpaint';\nexport default logo;\n");
  const { createServer } = await import('vite');
  const vitePlugin = (await import('../src/vite.js')).default;
  const records: ImportRecord[] = [];
  const server = await createServer({ root: app, configFile: false, logLevel: 'silent', plugins: [vitePlugin({ model: TINY_MODEL, onImage: (r) => records.push(r) })], server: { middlewareMode: true, ws: false } });
  try {
    const url = async () => ((await server.ssrLoadModule('/main.js')) as { default: string }).default;
    const first = await url();
    t.true(first.startsWith('data:image/png;base64,'));
    const png = join(app, 'served.png');
    writeFileSync(png, Buffer.from(first.slice(first.indexOf(',') + 1), 'base64'));
    await assertFilled(t, join(app, LOGO.file), png, LOGO, true);
    await maskOf(LOGO, app, 'logo.mask.png', { left: 40, top: 30, width: 10, height: 10 });
    // the watcher invalidates the import (the mask is its watched file); the next load fills again
    let second = first;
    for (let i = 0; i < 100 && second === first; i++) {
      await new Promise((r) => setTimeout(r, 100));
      second = await url();
    }
    t.not(second, first);
    t.deepEqual(records.map((r) => r.cached), [false, false]);
  } finally {
    await server.close();
  }
});

test.serial('fills are bounded by concurrency: a build never has more in flight than the pool has sessions', async (t) => {
  const app = await makeApp();
  const inpainter = await Inpainter.create({ model: TINY_MODEL });
  let inFlight = 0;
  let most = 0;
  const backend: InpaintBackend = {
    async inpaintWithReport(...args) {
      most = Math.max(most, ++inFlight);
      try {
        await new Promise((r) => setTimeout(r, 300)); // a slow fill, so that fills allowed at once do overlap
        return await inpainter.inpaintWithReport(...args);
      } finally {
        inFlight--;
      }
    },
  };
  try {
    await buildWith('esbuild', app, join(app, 'dist'), { backend, concurrency: 1, cache: false });
    t.is(most, 1, 'two images, one at a time');
    await buildWith('esbuild', app, join(app, 'dist2'), { backend, concurrency: 2, cache: false });
    t.is(most, 2, 'two at once with two sessions');
  } finally {
    await inpainter.dispose();
  }
});

test.serial('Vite: placed after vite-imagetools (which would emit ?inpaint images unfilled), the plugin refuses the config', async (t) => {
  const app = await makeApp();
  const { build } = await import('vite');
  const { imagetools } = await import('vite-imagetools');
  const vitePlugin = (await import('../src/vite.js')).default;
  const plugins = [imagetools({ cache: { enabled: false } }), vitePlugin({ model: TINY_MODEL, cache: false })];
  const e = await t.throwsAsync(build({ root: app, configFile: false, logLevel: 'silent', plugins, build: { outDir: join(app, 'dist'), rollupOptions: { input: join(app, 'main.js') } } }));
  t.regex(e!.message, /inpaint\(\) before vite-imagetools' imagetools\(\)/);
});
