/**
 * The plugin's options, checked once when the plugin is made: its own (masks, cache,
 * concurrency, the pool's model and plugins, a backend, onImage) and the file options every
 * `?inpaint` import starts from (its directives override them), checked with
 * @inpaint/files' one schema.
 */
import { availableParallelism } from 'node:os';
import type { InpaintPool, Inpainter, ModelFormat, PluginSpec } from '@inpaint/core';
import { POOL_OPTION_SCHEMA, checkOptions, invalidParameterError } from '@inpaint/core';
import type { FileOptions } from '@inpaint/files';
import { BATCH_RUN_OPTION_SCHEMA, FILE_POLICY_OPTION_SCHEMA, checkFileOptions } from '@inpaint/files';
import type { InpaintBackend } from '@inpaint/sharp/api';
import type { ImportRecord } from './import-record.js';

/** The cache folder when none is given, relative to the bundler's root (Vite's root, webpack's context, esbuild's working directory). */
export const DEFAULT_CACHE_DIR = 'node_modules/.cache/inpaint';

export interface UnpluginInpaintOptions extends Omit<FileOptions, 'model' | 'modelFormat'> {
  /** A folder of masks, paired by @inpaint/files' rule (relative to the bundler's root). Default: the mask beside the image (`hero.mask.png` for `hero.jpg`). */
  masks?: string;
  /** The cache folder (relative to the bundler's root), or false for none. Default: `node_modules/.cache/inpaint`. */
  cache?: string | false;
  /** Fills at once: the size of the plugin's pool. Default: the core count. */
  concurrency?: number;
  /** The model of the plugin's pool. Default: the model shipped with @inpaint/core. */
  model?: string;
  /** The contract of `model`. Default: 'auto'. */
  modelFormat?: ModelFormat | 'auto';
  /** Plugins by module for the plugin's pool (@inpaint/core's PluginSpec). */
  plugins?: readonly PluginSpec[];
  /** Fill with this pool or Inpainter instead of the plugin's own pool (then the cache cannot know the model: give `model` too, or it keys on the default model). */
  backend?: InpaintPool | Inpainter | InpaintBackend;
  /** Called once per `?inpaint` import with its record: image, mask, whether it came from the cache, time. */
  onImage?: (record: ImportRecord) => void;
}

/** The plugin's own options that a schema can say (cache, backend and onImage are checked by hand). */
export const UNPLUGIN_OPTION_SCHEMA = {
  masks: FILE_POLICY_OPTION_SCHEMA.masks,
  concurrency: BATCH_RUN_OPTION_SCHEMA.concurrency,
  plugins: POOL_OPTION_SCHEMA.plugins,
};

/** The options, checked, with their defaults. */
export interface UnpluginSettings {
  readonly masks: string | undefined;
  /** The cache folder as given (resolved against the bundler's root at build start), or null. */
  readonly cache: string | null;
  readonly concurrency: number;
  readonly backend: InpaintBackend | undefined;
  /** The plugin's own pool: its model, contract and plugins. */
  readonly pool: { readonly model?: string; readonly modelFormat?: ModelFormat | 'auto'; readonly plugins?: readonly PluginSpec[] };
  /** The file options every import starts from (model and modelFormat included: they key the cache). */
  readonly files: FileOptions;
  readonly onImage: ((record: ImportRecord) => void) | undefined;
}

/**
 * Check the options and split the plugin's own from the file options.
 * @example
 * const settings = unpluginSettings({ masks: 'masks/', detail: 'smooth' }); // settings.files: { detail: 'smooth' }
 * @throws {InvalidParameterError} naming `options.<name>`
 */
export function unpluginSettings(options: UnpluginInpaintOptions = {}): UnpluginSettings {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw invalidParameterError('options', "an object such as { masks: 'masks/' }", options);
  const { masks, cache = DEFAULT_CACHE_DIR, concurrency = availableParallelism(), plugins, backend, onImage, ...fileOptions } = options;
  checkOptions(UNPLUGIN_OPTION_SCHEMA, { masks, concurrency, plugins }, { prefix: 'options' });
  if (cache !== false && (typeof cache !== 'string' || cache === '')) throw invalidParameterError('options.cache', 'a folder, or false for no cache', cache);
  if (onImage !== undefined && typeof onImage !== 'function') throw invalidParameterError('options.onImage', 'a function (record) => void', onImage);
  if (backend !== undefined && (typeof backend !== 'object' || backend === null || typeof (backend as Partial<InpaintBackend>).inpaintWithReport !== 'function')) {
    throw invalidParameterError('options.backend', 'an InpaintPool or an Inpainter', backend);
  }
  if (plugins !== undefined && plugins.length > 0 && backend !== undefined) throw invalidParameterError('options.plugins', "none with a backend: give them to the backend's pool (InpaintPool.create({ plugins }))", plugins);
  const files = checkFileOptions(fileOptions, 'options');
  return {
    masks,
    cache: cache === false ? null : cache,
    concurrency,
    backend: backend as InpaintBackend | undefined,
    pool: { model: files.model, modelFormat: files.modelFormat, plugins },
    // the pixels as stored (no EXIF rotation), as a bundler's other image tools see them
    files: { autoOrient: false, ...files },
    onImage,
  };
}
