/**
 * One build of the fixture app with each bundler, through its entry of @inpaint/unplugin,
 * as a user's config would write it. Rejects with the bundler's error when the build fails.
 */
import { join } from 'node:path';
import type { UnpluginInpaintOptions } from '../src/index.js';
import esbuildPlugin from '../src/esbuild.js';
import rollupPlugin from '../src/rollup.js';
import rspackPlugin from '../src/rspack.js';
import vitePlugin from '../src/vite.js';
import webpackPlugin from '../src/webpack.js';

export const BUNDLERS = ['vite', 'rollup', 'webpack', 'rspack', 'esbuild'] as const;
export type Bundler = (typeof BUNDLERS)[number];

interface Stats { hasErrors(): boolean; toString(o: string): string }
type Compile = (config: Record<string, unknown>, done: (e: Error | null, stats?: Stats) => void) => unknown;

function compileWith(compile: Compile, config: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    compile(config, (e, stats) => {
      if (e) reject(e);
      else if (stats?.hasErrors()) reject(new Error(stats.toString('errors-only')));
      else resolve();
    });
  });
}

/** Build `main.js` of the app into `out` with a bundler and the plugin's options. */
export async function buildWith(bundler: Bundler, app: string, out: string, options: UnpluginInpaintOptions): Promise<void> {
  const input = join(app, 'main.js');
  switch (bundler) {
    case 'vite': {
      const { build } = await import('vite');
      await build({ root: app, configFile: false, logLevel: 'silent', plugins: [vitePlugin(options)], build: { outDir: out, emptyOutDir: true, assetsInlineLimit: 0, rollupOptions: { input } } });
      return;
    }
    case 'rollup': {
      const { rollup } = await import('rollup');
      const bundle = await rollup({ input, plugins: [rollupPlugin(options)] });
      await bundle.write({ dir: out, format: 'es' });
      await bundle.close();
      return;
    }
    case 'webpack':
    case 'rspack': {
      const compile = (bundler === 'webpack' ? (await import('webpack')).default : (await import('@rspack/core')).rspack) as unknown as Compile;
      const plugin = bundler === 'webpack' ? webpackPlugin(options) : rspackPlugin(options);
      await compileWith(compile, { mode: 'development', devtool: false, context: app, entry: './main.js', output: { path: out, library: { type: 'module' } }, experiments: { outputModule: true }, plugins: [plugin] });
      return;
    }
    case 'esbuild': {
      const esbuild = await import('esbuild');
      await esbuild.build({ entryPoints: [input], bundle: true, format: 'esm', outdir: out, absWorkingDir: app, logLevel: 'silent', plugins: [esbuildPlugin(options)] });
      return;
    }
  }
}
