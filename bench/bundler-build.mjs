#!/usr/bin/env node
// Build time of an app that imports 20 photos, with and without @inpaint/unplugin, for Vite,
// webpack and esbuild (issue 33's target: a cached build adds < 50 ms per image over the
// same build without the plugin).
//   baseline: `import a from './a.jpg'` (the bundler's own asset handling: the file is emitted as is)
//   first:    `import a from './a.jpg?inpaint'` with an empty cache (every image in-painted)
//   cached:   the same build again (every output read from node_modules/.cache/inpaint)
// Each build runs in a fresh `node` process (as `vite build` does), so the cached build pays
// for reading the model to key the cache; the time is the bundler's build call alone (module
// loading excluded, the same for both sides). Baseline and cached builds alternate, R
// repetitions each, and the medians are compared. Photos: samples/photos resized to
// 640×480 JPEGs (quality 90), a rectangle and a stroke hole each (about 4 % of the pixels).
//   npm run build && node bench/bundler-build.mjs [--model <onnx>] [--reps 3] [--images 20] [--out bench/results/bundler-build.json]
// Without --model the fills use the model shipped with @inpaint/core.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { machine, median, round } from './machine.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..');
const arg = (k, d) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const BUNDLERS = ['vite', 'webpack', 'esbuild'];

/** In a child: one build of the app, its duration (ms) on stdout. */
async function buildOnce(bundler, app, withPlugin, model) {
  const out = join(app, 'dist');
  rmSync(out, { recursive: true, force: true });
  const options = model ? { model } : {};
  const entry = join(app, withPlugin ? 'main-inpaint.js' : 'main.js');
  if (bundler === 'vite') {
    const { build } = await import('vite');
    const inpaint = (await import('@inpaint/unplugin/vite')).default;
    const started = performance.now();
    await build({ root: app, configFile: false, logLevel: 'silent', plugins: withPlugin ? [inpaint(options)] : [], build: { outDir: out, assetsInlineLimit: 0, rollupOptions: { input: entry } } });
    return performance.now() - started;
  }
  if (bundler === 'webpack') {
    const webpack = (await import('webpack')).default;
    const inpaint = (await import('@inpaint/unplugin/webpack')).default;
    const config = { mode: 'production', context: app, entry, output: { path: out }, module: { rules: [{ test: /\.jpg$/, type: 'asset/resource' }] }, plugins: withPlugin ? [inpaint(options)] : [] };
    const started = performance.now();
    await new Promise((res, rej) => webpack(config, (e, s) => (e ? rej(e) : s.hasErrors() ? rej(new Error(s.toString('errors-only'))) : res())));
    return performance.now() - started;
  }
  const esbuild = await import('esbuild');
  const inpaint = (await import('@inpaint/unplugin/esbuild')).default;
  const started = performance.now();
  await esbuild.build({ entryPoints: [entry], bundle: true, outdir: out, absWorkingDir: app, loader: { '.jpg': 'file' }, logLevel: 'error', plugins: withPlugin ? [inpaint(options)] : [] });
  return performance.now() - started;
}

if (process.argv[2] === '--child') {
  const [, , , bundler, app, side, model] = process.argv;
  process.stdout.write(String(await buildOnce(bundler, app, side === 'plugin', model || undefined)));
  process.exit(0);
}

const reps = Number(arg('--reps', '3'));
const images = Number(arg('--images', '20'));
const model = arg('--model') ? resolve(arg('--model')) : '';
const outFile = arg('--out', join(root, 'bench/results/bundler-build.json'));
const sharp = (await import('sharp')).default;

async function makeApp() {
  const app = mkdtempSync(join(tmpdir(), 'inpaint-bundler-bench-'));
  mkdirSync(join(app, 'node_modules'));
  for (const name of ['@inpaint', 'vite', 'webpack', 'esbuild']) symlinkSync(join(root, 'node_modules', name), join(app, 'node_modules', name));
  const samples = readdirSync(join(root, 'samples/photos')).filter((f) => f.endsWith('.jpg')).sort();
  const names = [];
  for (let i = 0; i < images; i++) {
    const name = `photo${String(i).padStart(2, '0')}`;
    names.push(name);
    // each photo its own crop, so no two outputs are the same file
    await sharp(join(root, 'samples/photos', samples[i % samples.length])).resize(640 + i, 480, { fit: 'cover' }).resize(640, 480, { fit: 'fill' }).jpeg({ quality: 90 }).toFile(join(app, `${name}.jpg`));
    const x = 40 + ((i * 37) % 480), y = 40 + ((i * 53) % 340);
    const stroke = `<svg width="640" height="480"><rect width="640" height="480"/><rect x="${x}" y="${y}" width="80" height="60" fill="#fff"/><path d="M40 ${440 - i * 5} L600 ${420 - i * 3}" stroke="#fff" stroke-width="9"/></svg>`;
    await sharp(Buffer.from(stroke)).png().toFile(join(app, `${name}.mask.png`));
  }
  const module = (query) => `${names.map((n) => `import ${n} from './${n}.jpg${query}';`).join('\n')}\nglobalThis.photos = [${names.join(', ')}];\n`;
  writeFileSync(join(app, 'main.js'), module(''));
  writeFileSync(join(app, 'main-inpaint.js'), module('?inpaint'));
  return app;
}

const build = (bundler, app, side) => Number(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', bundler, app, side, model], { cwd: app, encoding: 'utf8' }));

const rows = [];
for (const bundler of BUNDLERS) {
  const app = await makeApp();
  rmSync(join(app, 'node_modules/.cache'), { recursive: true, force: true });
  const first = build(bundler, app, 'plugin');
  const baseline = [];
  const cached = [];
  for (let r = 0; r < reps; r++) {
    baseline.push(build(bundler, app, 'baseline'));
    cached.push(build(bundler, app, 'plugin'));
  }
  const overhead = (median(cached) - median(baseline)) / images;
  const row = {
    bundler, images,
    baselineMs: round(median(baseline), 0), firstMs: round(first, 0), cachedMs: round(median(cached), 0),
    cachedOverMsPerImage: round(overhead, 1), firstMsPerImage: round((first - median(baseline)) / images, 0),
    cachedOverBaseline: round(median(cached) / median(baseline), 2),
    runs: { baseline: baseline.map((v) => round(v, 0)), cached: cached.map((v) => round(v, 0)) },
    target: 'cached adds < 50 ms per image', met: overhead < 50,
  };
  console.log(JSON.stringify(row));
  rows.push(row);
  rmSync(app, { recursive: true, force: true });
}
mkdirSync(join(outFile, '..'), { recursive: true });
writeFileSync(outFile, `${JSON.stringify({
  command: `node bench/bundler-build.mjs${model ? ` --model ${model.replace(`${root}/`, '')}` : ''} --reps ${reps} --images ${images}`,
  machine: machine(),
  model: model ? model.replace(`${root}/`, '') : 'the model shipped with @inpaint/core (packages/core/models/pconv-default.onnx)',
  photos: `${images} × 640×480 JPEG (quality 90) from samples/photos, a rectangle and a stroke hole each`,
  note: 'each build in a fresh node process, timed around the bundler call; medians of the alternating baseline and cached builds. The machine is shared (2 cores, other work running): the ratios and the per-image overhead are what counts.',
  rows,
}, null, 2)}\n`);
console.log(`written ${outFile}`);
