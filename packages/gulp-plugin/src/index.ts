/**
 * @inpaint/gulp — in-paint the images of a vinyl stream (gulp plugin guidelines: one
 * job, object mode, errors as PluginError through the stream, null files pass through,
 * streaming contents refused, Buffers in and out).
 */
import { Transform } from 'node:stream';
import { debuglog } from 'node:util';
import { availableParallelism } from 'node:os';
import type { InpaintPool, Inpainter } from '@inpaint/core';
import { InpaintPool as Pool, InvalidMaskError, Schema, checkOptions, invalidParameterError, lazy } from '@inpaint/core';
import type { FileRecord, MaskFinder, OutputFormat } from '@inpaint/files';
import { BATCH_RUN_OPTION_SCHEMA, applyReport, createFileRecord, createMaskFinder, extensionFor, failRecord, inpaintEncoded, sharpWrites } from '@inpaint/files';
import type { InpaintBackend, MaskSource, SharpInpaintOptions } from '@inpaint/sharp/api';
import PluginError from 'plugin-error';
import type { FormatEnum } from 'sharp';
import type Vinyl from 'vinyl';

/** A vinyl file after the plugin: `inpaint` is its record (status, strategy, warnings, timings). */
export type InpaintedFile = Vinyl & { inpaint?: FileRecord };

export const PLUGIN_NAME = '@inpaint/gulp';
const debug = debuglog('inpaint');

export type MaskResolver = (file: Vinyl) => MaskSource | null | undefined | Promise<MaskSource | null | undefined>;

export interface GulpInpaintOptions extends SharpInpaintOptions {
  /** A directory of masks (paired by file stem, see @inpaint/files' pairing rules), one mask file for all, a function, or 'alpha'. */
  masks: string | MaskResolver;
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
  continueOnError: Schema.Boolean({ default: false, description: 'keep going past a file that fails (recorded on file.inpaint)' }),
};

const OWN = new Set(['masks', 'format', 'backend', 'model', ...Object.keys(GULP_OPTION_SCHEMA)]);

function bad(message: string): PluginError {
  return new PluginError(PLUGIN_NAME, message);
}

function option(name: string, expected: string, actual: unknown): Error {
  return invalidParameterError(`options.${name}`, expected, actual);
}

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
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw invalidParameterError('options', "an object such as { masks: 'masks/' }", options);
  const { masks, missingMask = 'skip', format, suffix, concurrency = availableParallelism(), backend: given, model, continueOnError = false } = options;
  if (typeof masks !== 'string' && typeof masks !== 'function') throw option('masks', "a directory, a mask file, a function (file) => mask, or 'alpha'", masks);
  checkOptions(GULP_OPTION_SCHEMA, { missingMask, concurrency, suffix, continueOnError }, { prefix: 'options' });
  if (format !== undefined && !sharpWrites(format)) throw option('format', 'an output format of sharp (png, jpeg, webp, tiff, avif, gif)', format);
  const inpaintOptions = Object.fromEntries(Object.entries(options).filter(([k]) => !OWN.has(k))) as SharpInpaintOptions;

  // the plugin's own pool, made on the first file and disposed at the end of the stream
  const ownPool = lazy(() => Pool.create({ size: Math.min(concurrency, availableParallelism()), ...(model ? { model } : {}) }), (p) => p.dispose());
  const getBackend = (): Promise<InpaintBackend> => (given ? Promise.resolve(given as InpaintBackend) : ownPool.get());
  let finder: Promise<MaskFinder> | null = null;

  async function maskFor(file: Vinyl): Promise<MaskSource | null> {
    if (masks === 'alpha') return 'alpha';
    if (typeof masks === 'function') return (await masks(file)) ?? null;
    finder ??= createMaskFinder(masks);
    return (await finder).find(file.path, file.relative);
  }

  async function processFile(file: Vinyl, rec: FileRecord): Promise<Vinyl> {
    const contents = file.contents as Buffer;
    const mask = await maskFor(file);
    rec.mask = typeof mask === 'string' ? mask : mask === null ? null : '(given)';
    if (mask === null) {
      if (missingMask === 'error') throw new InvalidMaskError(`no mask pairs with ${file.relative}; add one, or pass missingMask: 'skip'`, { file: file.path });
      debug('%s: no mask for %s, passed through unchanged', PLUGIN_NAME, file.relative);
      rec.status = 'skipped';
      rec.reason = 'no mask pairs with this file';
      return file;
    }
    // the pixels as stored (no EXIF rotation), as a sharp pipeline would see them
    const { data, report } = await inpaintEncoded(contents, mask, { ...inpaintOptions, ...(format ? { format: format as OutputFormat } : {}), autoOrient: false }, await getBackend(), file.path);
    if (report) applyReport(rec, report);
    const result = file.clone({ contents: false });
    result.contents = data;
    if (suffix) result.stem = result.stem + suffix;
    const ext = format ? extensionFor(format) : undefined;
    if (ext && result.extname.toLowerCase() !== ext) result.extname = ext;
    rec.output = result.path;
    return result;
  }

  /** One file through processFile, with its record on `file.inpaint` (and timing). */
  async function processWithRecord(file: Vinyl): Promise<Vinyl> {
    const rec = createFileRecord(file.path);
    const t0 = performance.now();
    try {
      const out: InpaintedFile = await processFile(file, rec);
      out.inpaint = rec;
      return out;
    } catch (e) {
      failRecord(rec, e);
      if (!continueOnError) throw e;
      (file as InpaintedFile).inpaint = rec;
      return file;
    } finally {
      rec.ms = Math.round((performance.now() - t0) * 10) / 10;
    }
  }

  // in-order output, at most `concurrency` files in flight
  const pending: Promise<Vinyl>[] = [];
  const drainOne = async (stream: Transform): Promise<void> => {
    const next = pending.shift();
    if (next) stream.push(await next);
  };
  const dispose = () => ownPool.dispose();

  return new Transform({
    objectMode: true,
    highWaterMark: concurrency,
    transform(file: Vinyl, _enc, callback) {
      if (file.isNull()) {
        pending.push(Promise.resolve(file));
      } else if (file.isStream()) {
        callback(bad(`${file.relative}: streaming contents are not supported; read files as Buffers (gulp.src(glob, { buffer: true, encoding: false }))`));
        return;
      } else {
        const job = processWithRecord(file).catch((e: unknown) => {
          const err = new PluginError(PLUGIN_NAME, e instanceof Error ? e : String(e), { fileName: file.path, showStack: false });
          throw Object.assign(err, { cause: e });
        });
        job.catch(() => undefined); // reported when its turn comes
        pending.push(job);
      }
      if (pending.length < concurrency) {
        callback();
        return;
      }
      drainOne(this).then(() => callback(), (e: Error) => callback(e));
    },
    flush(callback) {
      const drainAll = async (): Promise<void> => {
        while (pending.length > 0) await drainOne(this);
      };
      drainAll().then(() => dispose()).then(() => callback(), (e: Error) => { void dispose(); callback(e); });
    },
    destroy(err, callback) {
      dispose().then(() => callback(err), () => callback(err));
    },
  });
}
