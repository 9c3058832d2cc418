/**
 * @inpaint/unplugin — in-painting inside Vite, Rollup, webpack, Rspack and esbuild builds:
 * `import hero from './hero.jpg?inpaint'` in-paints the image with its mask (`hero.mask.png`
 * beside it, a `masks` folder, `?inpaint=./other.png` or `?inpaint=alpha`), emits it as a
 * hashed asset and resolves to its URL. Each import takes @inpaint/files' file road; outputs
 * are cached by content. Table of contents:
 *   options        the options, checked once (unpluginSettings)
 *   directives     the option directives, from the one option schema (inpaintDilate, …)
 *   inpaint-id     an `?inpaint` import's id, read (inpaintImportOf)
 *   cache          the persistent cache, keyed by content (cacheKey, outputCache, modelDigest)
 *   inpaint-import one import: mask, cache, fill (inpaintImport)
 *   asset-module   the output as each bundler's asset, the import as its URL
 *   build-error    the build's error: importer, image, mask (InpaintBuildError)
 *   import-record  what became of an import (ImportRecord, given to onImage)
 *   plugin         the unplugin factory
 *   imagetools     the vite-imagetools directive (also '@inpaint/unplugin/imagetools')
 */
import { createUnplugin } from 'unplugin';
import { unpluginFactory } from './plugin.js';

export type { UnpluginInpaintOptions, UnpluginSettings } from './options.js';
export { DEFAULT_CACHE_DIR, UNPLUGIN_OPTION_SCHEMA, unpluginSettings } from './options.js';
export type { DirectiveOptions } from './directives.js';
export { INPAINT_DIRECTIVE, OPTION_DIRECTIVES, directiveHelp, directiveName, optionsOfDirectives } from './directives.js';
export type { InpaintImport } from './inpaint-id.js';
export { INPAINT_QUERY, inpaintImportOf } from './inpaint-id.js';
export type { CacheKeyParts, OutputCache } from './cache.js';
export { cacheKey, modelDigest, outputCache } from './cache.js';
export type { BuildContext, ImportOutput } from './inpaint-import.js';
export { inpaintImport } from './inpaint-import.js';
export type { AssetTarget } from './asset-module.js';
export { assetModule, hashedName } from './asset-module.js';
export type { ImportSite } from './build-error.js';
export { InpaintBuildError, buildErrorOf } from './build-error.js';
export type { ImportRecord } from './import-record.js';
export { PLUGIN_NAME, unpluginFactory } from './plugin.js';
export type { InpaintImagetoolsOptions, ImagetoolsExtension, MaskWatcher } from './imagetools.js';
export { inpaintImagetools } from './imagetools.js';

/**
 * The plugin for every bundler: `.vite()`, `.rollup()`, `.webpack()`, `.rspack()`, `.esbuild()`.
 * @example
 * import { inpaintUnplugin } from '@inpaint/unplugin';
 * const config = { plugins: [inpaintUnplugin.rollup({ masks: 'masks/' })] }; // rollup.config.js
 */
export const inpaintUnplugin = createUnplugin(unpluginFactory);

export default inpaintUnplugin;
