/**
 * Every example of README.md, run as a user would: each `// <file>` block is written into a
 * fresh app (src/ holds the photos, their masks and main.js; node_modules links the
 * workspace's packages, so the examples import the built @inpaint/unplugin) and built from
 * the app's folder. The error shown is the error the build gives.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { ExecutionContext } from 'ava';
import { HERO, LOGO, assertFilled, bundleText, emitted, makeApp } from './fixture-app.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
/** The root README's section on bundlers: its examples are blocks of this README, so the builds below run them too. */
const ROOT_SECTION = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8').split('\n## ').find((s) => s.startsWith('In your bundler'))!;
const WORKSPACE_MODULES = new URL('../../../node_modules/', import.meta.url).pathname;

/** The README's blocks that start with `// <file>` (and an optional note in parentheses), by that first line. */
const blocksOf = (text: string) => new Map([...text.matchAll(/```(?:js|text)\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.startsWith('// ')).map((b) => [b.slice(3, b.indexOf('\n')), b]));
const blocks = blocksOf(README);
const ERROR_TEXT = README.match(/```text\n(.*)\n```/)![1];

const MAIN = "import hero from './hero.jpg?inpaint';\nimport logo from './logo.png?inpaint';\nglobalThis.images = { hero, logo };\n";

async function readmeApp(files: string[], main = MAIN): Promise<string> {
  const app = await makeApp(main, 'src');
  writeFileSync(join(app, 'package.json'), '{ "type": "module", "private": true }\n');
  writeFileSync(join(app, 'index.html'), '<img><script type="module" src="/src/main.js"></script>\n');
  mkdirSync(join(app, 'node_modules'));
  // tsx: the test runner's loader, which worker threads started from the app's folder look up there
  for (const name of ['@inpaint', '@rspack', 'vite', 'vite-imagetools', 'rollup', 'webpack', 'esbuild', 'tsx']) symlinkSync(join(WORKSPACE_MODULES, name), join(app, 'node_modules', name));
  for (const file of files) {
    const block = blocks.get(file);
    if (block === undefined) throw new Error(`README.md has no block // ${file}`);
    writeFileSync(join(app, file.replace(/ \(.*\)$/, '')), block);
  }
  return app;
}

/** Run a build from the app's folder (the examples' paths are relative to it). */
async function inApp<T>(app: string, build: () => Promise<T>): Promise<T> {
  const cwd = process.cwd();
  process.chdir(app);
  try {
    return await build();
  } finally {
    process.chdir(cwd);
  }
}

const load = async (app: string, file: string) => (await import(pathToFileURL(join(app, file)).href)) as { default: Record<string, unknown>; fills?: () => number };

async function viteBuild(app: string): Promise<void> {
  const { build } = await import('vite');
  // loaded in the app's folder too: vite-imagetools makes its cache folder when its plugin is made
  await inApp(app, async () => build({ ...(await load(app, 'vite.config.js')).default, root: app, configFile: false, logLevel: 'silent', build: { assetsInlineLimit: 0 } }));
}

async function checkOutputs(t: ExecutionContext, app: string): Promise<void> {
  const out = join(app, 'dist');
  const [hero, logo] = [emitted(out, 'hero'), emitted(out, 'logo')];
  for (const f of [hero, logo]) t.true(bundleText(out).includes(f.slice(f.lastIndexOf('/') + 1)));
  await assertFilled(t, join(app, 'src', HERO.file), hero, HERO, false);
  await assertFilled(t, join(app, 'src', LOGO.file), logo, LOGO, true);
}

test.serial('README: vite.config.js', async (t) => {
  const app = await readmeApp(['vite.config.js']);
  await viteBuild(app);
  await checkOutputs(t, app);
});

test.serial('README: rollup.config.js', async (t) => {
  const app = await readmeApp(['rollup.config.js']);
  const { rollup } = await import('rollup');
  const config = (await load(app, 'rollup.config.js')).default as { output: object };
  await inApp(app, async () => {
    const bundle = await rollup(config);
    await bundle.write(config.output);
    await bundle.close();
  });
  await checkOutputs(t, app);
});

for (const bundler of ['webpack', 'rspack'] as const) {
  test.serial(`README: ${bundler}.config.js`, async (t) => {
    const app = await readmeApp([`${bundler}.config.js`]);
    const compile = (bundler === 'webpack' ? (await import('webpack')).default : (await import('@rspack/core')).rspack) as unknown as (c: object, done: (e: Error | null, s?: { hasErrors(): boolean; toString(o: string): string }) => void) => void;
    const config = (await load(app, `${bundler}.config.js`)).default;
    // development mode: the same build without minifying (faster)
    await inApp(app, () => new Promise<void>((resolve, reject) => compile({ ...config, mode: 'development', devtool: false, context: app }, (e, s) => (e ? reject(e) : s?.hasErrors() ? reject(new Error(s.toString('errors-only'))) : resolve()))));
    await checkOutputs(t, app);
  });
}

test.serial('README: build.mjs (esbuild)', async (t) => {
  const app = await readmeApp(['build.mjs (esbuild)']);
  // as a user runs it: `node build.mjs` in the app's folder (esbuild takes its working directory when it loads)
  await promisify(execFile)(process.execPath, ['build.mjs'], { cwd: app });
  await checkOutputs(t, app);
});

test.serial('README: vite-imagetools', async (t) => {
  const app = await readmeApp(['vite.config.js (vite-imagetools)', 'src/main.js (vite-imagetools)']);
  await viteBuild(app);
  const hero = emitted(join(app, 'dist'), 'hero');
  t.regex(hero, /\.webp$/);
  t.is((await (await import('sharp')).default(hero).metadata()).width, 48);
});

test.serial('README: the cache (a second build fills nothing) and the error', async (t) => {
  const app = await readmeApp(['vite.config.js (counting fills)']);
  const { fills } = await load(app, 'vite.config.js');
  await viteBuild(app);
  t.is(fills!(), 2);
  await viteBuild(app);
  t.is(fills!(), 2, 'the second build took both from node_modules/.cache/inpaint');
  writeFileSync(join(app, 'src', 'main.js'), "import logo from './logo.png?inpaint=./nowhere.png';\nglobalThis.images = { logo };\n");
  const e = await t.throwsAsync(viteBuild(app));
  t.true(e!.message.includes(ERROR_TEXT.replaceAll('/app/', `${app}/`)), e!.message);
});

test('README: the block of src/main.js is the import the tests build', (t) => {
  t.true(blocks.get('src/main.js')!.startsWith("// src/main.js\nimport hero from './hero.jpg?inpaint';"));
});

test("the root README's examples are the package README's, which the tests above build", (t) => {
  const root = blocksOf(ROOT_SECTION);
  t.deepEqual([...root.keys()], ['vite.config.js', 'src/main.js', 'vite.config.js (vite-imagetools)', 'src/main.js (vite-imagetools)']);
  for (const [name, block] of root) t.is(blocks.get(name) ?? `no block // ${name}`, block, name);
  t.true(ROOT_SECTION.includes('```text\n' + ERROR_TEXT + '\n```'), 'the same error text');
});
