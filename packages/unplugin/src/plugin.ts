/**
 * The plugin, written once against unplugin's Rollup-style hooks: `resolveId` keeps an
 * `?inpaint` import's query and notes its importer, `load` in-paints it (inpaintImport) and
 * returns the module of its asset (assetModule); the image and its mask are watched files,
 * so editing the mask fills again in watch mode and Vite's dev server. One bounded pool per
 * build, made on the first fill and disposed at the build's end; `buildStart` takes the
 * bundler's root for the cache folder and `masks`.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { InpaintPool, invalidParameterError, lazy } from '@inpaint/core';
import { createMaskFinder } from '@inpaint/files';
import type { InpaintBackend } from '@inpaint/sharp/api';
import pLimit from 'p-limit';
import type { UnpluginBuildContext, UnpluginFactory } from 'unplugin';
import { assetModule } from './asset-module.js';
import { buildErrorOf } from './build-error.js';
import { outputCache } from './cache.js';
import { INPAINT_QUERY, inpaintImportOf } from './inpaint-id.js';
import type { BuildContext } from './inpaint-import.js';
import { inpaintImport } from './inpaint-import.js';
import type { UnpluginInpaintOptions } from './options.js';
import { unpluginSettings } from './options.js';

export const PLUGIN_NAME = 'inpaint';

/** The module that imported a module, as webpack and Rspack know it (their loader context). */
function webpackIssuer(ctx: UnpluginBuildContext): string | undefined {
  const native = ctx.getNativeBuildContext?.();
  if (native === undefined || (native.framework !== 'webpack' && native.framework !== 'rspack')) return undefined;
  const loader = native.loaderContext as { _module?: { issuer?: { resource?: string } | null } } | undefined;
  return loader?._module?.issuer?.resource ?? undefined;
}

/**
 * The unplugin factory (createUnplugin(unpluginFactory) is the default export of the
 * package; each bundler's entry calls it).
 * @example
 * import { createUnplugin } from 'unplugin';
 * const inpaint = createUnplugin(unpluginFactory);
 * const config = { plugins: [inpaint.vite({ masks: 'masks/' })] }; // vite.config.js
 * @throws {InvalidParameterError} for bad options, when the plugin is made
 */
export const unpluginFactory: UnpluginFactory<UnpluginInpaintOptions | undefined, false> = (options, meta) => {
  const settings = unpluginSettings(options);
  const ownPool = lazy(() => InpaintPool.create({ size: settings.concurrency, ...settings.pool }), (p) => p.dispose());
  const backend = (): Promise<InpaintBackend> => (settings.backend ? Promise.resolve(settings.backend) : ownPool.get());
  const limit = pLimit(settings.concurrency);
  const importers = new Map<string, string>();
  let root = process.cwd();
  let serve = false;
  let publicPath: string | undefined;
  let build: BuildContext | null = null;
  const context = (): BuildContext => (build ??= {
    settings,
    root,
    cache: outputCache(settings.cache === null ? null : resolve(root, settings.cache)),
    finder: settings.masks === undefined ? undefined : createMaskFinder(resolve(root, settings.masks)),
    backend,
    limit: (fill) => limit(fill),
  });
  return {
    name: PLUGIN_NAME,
    enforce: 'pre',
    buildStart() {
      build = null;
    },
    async buildEnd() {
      build = null;
      await ownPool.dispose();
    },
    // the id keeps its query in every bundler (webpack and Rspack then load it as a virtual
    // module, whose id the load filter sees whole), and the importer is noted for errors
    resolveId(source, importer) {
      if (!INPAINT_QUERY.test(source) || !(source.startsWith('./') || source.startsWith('../') || isAbsolute(source))) return null;
      const at = source.indexOf('?');
      const path = source.slice(0, at);
      const id = (isAbsolute(path) ? path : resolve(importer === undefined ? root : dirname(importer), path)) + source.slice(at);
      if (importer !== undefined) importers.set(id, importer);
      return id;
    },
    loadInclude: (id) => INPAINT_QUERY.test(id),
    async load(id) {
      const importer = importers.get(id) ?? webpackIssuer(this);
      let request;
      try {
        request = inpaintImportOf(id);
      } catch (e) {
        throw buildErrorOf(e, { importer, image: id.slice(0, id.indexOf('?')), mask: undefined });
      }
      if (request === null) return null;
      this.addWatchFile(request.image);
      if (request.mask !== undefined && request.mask !== 'alpha') this.addWatchFile(request.mask);
      const output = await inpaintImport(request, importer, context());
      if (output.record.mask !== 'alpha') this.addWatchFile(output.record.mask);
      settings.onImage?.(output.record);
      return assetModule(this, { framework: meta.framework, serve, publicPath }, request.image, output.data, output.format);
    },
    vite: {
      configResolved(config) {
        root = config.root;
        serve = config.command === 'serve';
        // vite-imagetools loads every image id, `?inpaint` ones too: placed first, it would emit them unfilled
        const names = config.plugins.map((p) => p.name);
        if (names.includes('imagetools') && names.indexOf('imagetools') < names.indexOf(PLUGIN_NAME)) {
          throw invalidParameterError('plugins', `@inpaint/unplugin's inpaint() before vite-imagetools' imagetools() (or imagetools' own inpaint directive: inpaintImagetools())`, `[${names.filter((n) => n === 'imagetools' || n === PLUGIN_NAME).join(', ')}]`);
        }
      },
    },
    webpack(compiler) {
      root = compiler.context;
    },
    rspack(compiler) {
      root = compiler.context;
    },
    esbuild: {
      setup(b) {
        root = b.initialOptions.absWorkingDir ?? process.cwd();
        publicPath = b.initialOptions.publicPath;
      },
    },
  };
};
