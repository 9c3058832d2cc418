/**
 * The options of batch work, declared once: how a file is read and written (format,
 * autoOrient, keepMetadata), and which of core's options a batch exposes. `inpaint run`
 * and `inpaint enqueue` make their flags from BATCH_OPTION_SCHEMA, `inpaint serve` its form
 * fields and OpenAPI document, a queued job carries them.
 */
import { INPAINT_OPTION_SCHEMA, MASK_OPTION_SCHEMA, MODEL_OPTION_SCHEMA, Schema, checkOptions, choice } from '@inpaint/core';
import type { OptionsOf } from '@inpaint/core';
import type { SharpInpaintOptions } from '@inpaint/sharp/api';
import { OUTPUT_FORMATS } from './formats.js';

/** How a file is read and written. */
export const FILE_OPTION_SCHEMA = {
  format: choice(OUTPUT_FORMATS, { description: "output format (default: the input's, with its lossless-ness)" }),
  autoOrient: Schema.Boolean({ default: true, description: 'apply EXIF orientation before in-painting' }),
  keepMetadata: Schema.Boolean({ default: false, description: 'keep EXIF, ICC and XMP of the input in the output' }),
};

/** Every option a batch (command line, queued job, HTTP form) may set for its files. */
export const BATCH_OPTION_SCHEMA = {
  strategy: INPAINT_OPTION_SCHEMA.strategy,
  detail: INPAINT_OPTION_SCHEMA.detail,
  dilate: MASK_OPTION_SCHEMA.dilate,
  feather: INPAINT_OPTION_SCHEMA.feather,
  clamp: INPAINT_OPTION_SCHEMA.clamp,
  invert: MASK_OPTION_SCHEMA.invert,
  threshold: MASK_OPTION_SCHEMA.threshold,
  resizeMask: MASK_OPTION_SCHEMA.resizeMask,
  ...FILE_OPTION_SCHEMA,
};

/** How a batch treats its files: `inpaint run`'s and the gulp plugin's shared options. */
export const BATCH_RUN_OPTION_SCHEMA = {
  missingMask: choice(['skip', 'error'], { default: 'skip', description: 'an image without a mask: skip it (passed through unchanged, reported) or fail it' }),
  suffix: Schema.String({ description: 'appended to output file names (photo.jpg → photo<suffix>.jpg)' }),
  concurrency: Schema.Integer({ minimum: 1, maximum: 1024, description: 'files in flight at once (default: the core count)' }),
};

/** How a file is in-painted and written (the options of `inpaint run`, of a queued job, of the server, of the gulp plugin). */
export interface FileOptions extends Omit<SharpInpaintOptions, 'onReport'>, OptionsOf<typeof FILE_OPTION_SCHEMA> {}

/** The options a batch sets, by name. */
export type BatchOptions = OptionsOf<typeof BATCH_OPTION_SCHEMA>;

/**
 * The batch options among a command's options (which carry more: folders, concurrency, …),
 * undefined ones left out.
 * @example
 * const flags = { masks: 'masks/', out: 'fixed/', dilate: 4, format: undefined };
 * batchOptionsOf(flags); // { dilate: 4 }
 */
export function batchOptionsOf(o: BatchOptions): BatchOptions {
  const given = o as Readonly<Record<string, unknown>>;
  return Object.fromEntries(Object.keys(BATCH_OPTION_SCHEMA).filter((k) => given[k] !== undefined).map((k) => [k, given[k]])) as BatchOptions;
}

/**
 * The in-painting options among a file's options (the rest say how it is read and written).
 * @example
 * inpaintOptionsOf({ format: 'png', dilate: 4 }); // { dilate: 4 }
 */
export function inpaintOptionsOf(o: FileOptions): SharpInpaintOptions {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => !Object.hasOwn(FILE_OPTION_SCHEMA, k) && v !== undefined)) as SharpInpaintOptions;
}

/** Every option of one file's in-painting and writing: core's, the mask's, the model's and the file's (FileOptions, declared once). */
export const FILE_JOB_OPTION_SCHEMA = {
  ...INPAINT_OPTION_SCHEMA,
  ...MASK_OPTION_SCHEMA,
  model: MODEL_OPTION_SCHEMA.model,
  modelFormat: MODEL_OPTION_SCHEMA.modelFormat,
  ...FILE_OPTION_SCHEMA,
};

/**
 * Check a file's options once, at the edge (a command's flags, a job, a plugin's options):
 * the file road takes them as checked and checks nothing per file.
 * @example
 * checkFileOptions({ dilate: 4, format: 'png' }); // returns them
 * checkFileOptions({ dilate: -1 }); // throws InvalidParameterError naming dilate
 * @throws {InvalidParameterError} naming the option (with `prefix.`, when given)
 */
export function checkFileOptions(o: unknown, prefix?: string): FileOptions {
  return checkOptions(FILE_JOB_OPTION_SCHEMA, o, { prefix }) as FileOptions;
}
