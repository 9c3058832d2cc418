/**
 * @inpaint/gulp — in-paint the images of a vinyl stream (gulp plugin guidelines: one
 * job, object mode, errors as PluginError through the stream, null files pass through,
 * streaming contents refused, Buffers in and out). Each file goes through @inpaint/files'
 * per-file policy, the same as `inpaint run`. Table of contents:
 *   options       the options, checked once (gulpSettings)
 *   vinyl-file    one vinyl file through the policy (inpaintVinyl)
 *   ordered-stream  the Transform: bounded, in order
 */
import type { Transform } from 'node:stream';
import { availableParallelism } from 'node:os';
import { InpaintPool, lazy } from '@inpaint/core';
import { createFileRunner } from '@inpaint/files';
import type { InpaintBackend } from '@inpaint/sharp/api';
import PluginError from 'plugin-error';
import type { GulpInpaintOptions } from './options.js';
import { gulpSettings } from './options.js';
import { orderedStream } from './ordered-stream.js';
import { inpaintVinyl } from './vinyl-file.js';

export type { BoxMasks, GulpInpaintOptions, GulpSettings, MaskResolver } from './options.js';
export { GULP_OPTION_SCHEMA, gulpSettings } from './options.js';
export type { InpaintedFile } from './vinyl-file.js';
export { inpaintVinyl } from './vinyl-file.js';
export { orderedStream } from './ordered-stream.js';

export const PLUGIN_NAME = '@inpaint/gulp';

/**
 * @example
 * import gulp from 'gulp';
 * import inpaint from '@inpaint/gulp';
 * export const fix = () => gulp.src('photos/*.jpg', { encoding: false })
 *   .pipe(inpaint({ masks: 'masks/' }))
 *   .pipe(gulp.dest('fixed/'));
 * @throws {InvalidParameterError} for bad options (synchronously, the same class as every
 *   other @inpaint package); a file's failure is emitted on the stream as a PluginError
 *   whose `cause` is the typed error (or recorded on `file.inpaint` with continueOnError).
 */
export default function inpaint(options: GulpInpaintOptions): Transform {
  const settings = gulpSettings(options);
  // the plugin's own pool (model, modelFormat and plugins), made on the first file and disposed at the end of the stream
  const ownPool = lazy(() => InpaintPool.create({ size: Math.min(settings.concurrency, availableParallelism()), ...settings.pool }), (p) => p.dispose());
  const backend = settings.backend;
  const run = createFileRunner(settings.files, backend ?? ((): Promise<InpaintBackend> => ownPool.get()), 'options');
  return orderedStream({
    concurrency: settings.concurrency,
    work: (file) => inpaintVinyl(file, run, settings.masks, settings.continueOnError).catch((e: unknown) => {
      const err = new PluginError(PLUGIN_NAME, e instanceof Error ? e : String(e), { fileName: file.path, showStack: false });
      throw Object.assign(err, { cause: e });
    }),
    refuseStream: (file) => new PluginError(PLUGIN_NAME, `${file.relative}: streaming contents are not supported; read files as Buffers (gulp.src(glob, { buffer: true, encoding: false }))`),
    dispose: () => ownPool.dispose(),
  });
}
