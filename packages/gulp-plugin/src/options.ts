/**
 * The gulp plugin's options, checked once and synchronously when the plugin is made: its
 * own (masks, format, backend, model, continueOnError and the batch options it shares with
 * `inpaint run`), and the file options it hands to @inpaint/files' per-file policy.
 */
import { availableParallelism } from 'node:os';
import type { InpaintPool, Inpainter, ModelFormat, PluginSpec } from '@inpaint/core';
import { POOL_OPTION_SCHEMA, Schema, checkOptions, invalidParameterError } from '@inpaint/core';
import type { OutputFormat, RunFilesOptions } from '@inpaint/files';
import { BATCH_RUN_OPTION_SCHEMA, sharpWrites } from '@inpaint/files';
import type { InpaintBackend, MaskSource, SharpInpaintOptions } from '@inpaint/sharp/api';
import type { FormatEnum } from 'sharp';
import type Vinyl from 'vinyl';

export type MaskResolver = (file: Vinyl) => MaskSource | null | undefined | Promise<MaskSource | null | undefined>;

/** Masks drawn from a detector's labels (@inpaint/files' runFiles `boxes`): a folder of YOLO .txt / JSON files, or one COCO file; `classes` picks, `grow` pads (round corners). */
export interface BoxMasks {
  readonly boxes: string;
  readonly classes?: readonly number[];
  readonly grow?: number;
}

export interface GulpInpaintOptions extends SharpInpaintOptions {
  /** A directory of masks (paired by file stem, see @inpaint/files' pairing rules), one mask file for all, a function, 'alpha', or a detector's labels `{ boxes: 'labels/', classes?, grow? }`. */
  masks: string | MaskResolver | BoxMasks;
  /** A file without a mask: 'skip' passes it through unchanged (default), 'error' fails it. */
  missingMask?: 'skip' | 'error';
  /** Output format; default: the input's format. The file extension follows it. */
  format?: keyof FormatEnum;
  /** Appended to the file stem: `photo.jpg` → `photo<suffix>.jpg`. Default: none. */
  suffix?: string;
  /** Files in flight at once (bounded memory). Default: the core count. */
  concurrency?: number;
  /** In-paint with this pool or Inpainter instead of a pool the plugin creates (and disposes at the end). */
  backend?: InpaintPool | Inpainter | InpaintBackend;
  /** Model for the plugin's own pool. Default: the model shipped with @inpaint/core. */
  model?: string;
  /** The contract of `model` for the plugin's own pool. Default: 'auto'. */
  modelFormat?: ModelFormat | 'auto';
  /**
   * Plugins by module for the plugin's own pool, applied in each of its workers:
   * `[{ module: './plugins/sharpen.mjs', options: { amount: 0.5 } }]` (see @inpaint/core's
   * PluginSpec). A module that cannot be used fails the stream with a PluginError whose
   * `cause` is core's PluginError. With `backend`, give them to that backend instead.
   */
  plugins?: readonly PluginSpec[];
  /**
   * Keep going past a file that fails: it passes through unchanged, with
   * `file.inpaint.status === 'failed'` and the reason, instead of ending the stream with an
   * error. Default false (the first failure is emitted as a PluginError).
   */
  continueOnError?: boolean;
}

/** The plugin's own options that a schema can say (masks, format and backend are checked by hand: functions, sharp's formats, objects). */
export const GULP_OPTION_SCHEMA = {
  ...BATCH_RUN_OPTION_SCHEMA,
  plugins: POOL_OPTION_SCHEMA.plugins,
  continueOnError: Schema.Boolean({ default: false, description: 'keep going past a file that fails (recorded on file.inpaint)' }),
};

/** The options, checked, with their defaults: the plugin's own, and those of each file (for createFileRunner). */
export interface GulpSettings {
  readonly masks: string | MaskResolver | BoxMasks;
  readonly concurrency: number;
  readonly continueOnError: boolean;
  readonly backend?: InpaintBackend;
  /** The plugin's own pool: its model, contract and plugins. */
  readonly pool: { readonly model?: string; readonly modelFormat?: ModelFormat | 'auto'; readonly plugins?: readonly PluginSpec[] };
  readonly files: RunFilesOptions;
}

function option(name: string, expected: string, actual: unknown): Error {
  return invalidParameterError(`options.${name}`, expected, actual);
}

/**
 * Check the plugin's own options and split them from the file options.
 * @example
 * const settings = gulpSettings({ masks: 'masks/', detail: 'smooth' }); // settings.files: { masks: 'masks/', detail: 'smooth', … }
 * @throws {InvalidParameterError} naming `options.<name>`
 */
export function gulpSettings(options: GulpInpaintOptions): GulpSettings {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw invalidParameterError('options', "an object such as { masks: 'masks/' }", options);
  const { masks, missingMask = 'skip', format, suffix, concurrency = availableParallelism(), backend, model, modelFormat, plugins, continueOnError = false, ...fileOptions } = options;
  const boxes = typeof masks === 'object' && masks !== null && typeof (masks as BoxMasks).boxes === 'string' ? masks as BoxMasks : undefined;
  if (typeof masks !== 'string' && typeof masks !== 'function' && !boxes) throw option('masks', "a directory, a mask file, a function (file) => mask, 'alpha', or { boxes: 'labels/' }", masks);
  checkOptions(GULP_OPTION_SCHEMA, { missingMask, concurrency, suffix, plugins, continueOnError }, { prefix: 'options' });
  if (plugins !== undefined && plugins.length > 0 && backend !== undefined) throw option('plugins', "none with a backend: give them to the backend's pool (InpaintPool.create({ plugins }))", plugins);
  if (format !== undefined && !sharpWrites(format)) throw option('format', 'an output format of sharp (png, jpeg, webp, tiff, avif, gif)', format);
  return {
    masks,
    concurrency,
    continueOnError,
    backend: backend as InpaintBackend | undefined,
    pool: { model, modelFormat, plugins },
    // the pixels as stored (no EXIF rotation), as a sharp pipeline would see them
    files: { ...fileOptions, autoOrient: false, masks: typeof masks === 'string' ? masks : undefined, boxes: boxes?.boxes, classes: boxes?.classes, grow: boxes?.grow, missingMask, suffix, format: format as OutputFormat | undefined },
  };
}
