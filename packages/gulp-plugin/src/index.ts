/**
 * @inpaint/gulp — in-paint the images of a vinyl stream (gulp plugin guidelines: one
 * job, object mode, errors as PluginError through the stream, null files pass through,
 * streaming contents refused, Buffers in and out).
 */
import { Transform } from 'node:stream';
import { debuglog } from 'node:util';
import { availableParallelism } from 'node:os';
import type { InpaintPool, Inpainter } from '@inpaint/core';
import { InpaintPool as Pool } from '@inpaint/core';
import type { InpaintBackend, MaskFinder, MaskSource, SharpInpaintOptions } from '@inpaint/sharp/api';
import { createMaskFinder, inpaintWith } from '@inpaint/sharp/api';
import PluginError from 'plugin-error';
import sharp from 'sharp';
import type { FormatEnum } from 'sharp';
import type Vinyl from 'vinyl';

export const PLUGIN_NAME = '@inpaint/gulp';
const debug = debuglog('inpaint');

export type MaskResolver = (file: Vinyl) => MaskSource | null | undefined | Promise<MaskSource | null | undefined>;

export interface GulpInpaintOptions extends SharpInpaintOptions {
  /** A directory of masks (paired by file stem, see @inpaint/sharp's pairing rules), one mask file for all, a function, or 'alpha'. */
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
}

const OWN = new Set(['masks', 'missingMask', 'format', 'suffix', 'concurrency', 'backend', 'model']);
const EXT: Partial<Record<string, string>> = { jpeg: '.jpg', png: '.png', webp: '.webp', tiff: '.tif', gif: '.gif', avif: '.avif', heif: '.heic', jp2: '.jp2', jxl: '.jxl' };

function bad(message: string): PluginError {
  return new PluginError(PLUGIN_NAME, message);
}

/**
 * @example
 * import gulp from 'gulp';
 * import inpaint from '@inpaint/gulp';
 * export const fix = () => gulp.src('photos/*.jpg', { encoding: false })
 *   .pipe(inpaint({ masks: 'masks/' }))
 *   .pipe(gulp.dest('fixed/'));
 * @throws {PluginError} for bad options (synchronously); everything else is emitted on the stream.
 */
export default function inpaint(options: GulpInpaintOptions): Transform {
  if (typeof options !== 'object' || options === null) throw bad('options are required: inpaint({ masks: "masks/" })');
  const { masks, missingMask = 'skip', format, suffix, concurrency = availableParallelism(), backend: given, model } = options;
  if (typeof masks !== 'string' && typeof masks !== 'function') throw bad("options.masks must be a directory, a mask file, a function (file) => mask, or 'alpha'");
  if (missingMask !== 'skip' && missingMask !== 'error') throw bad(`options.missingMask must be 'skip' or 'error', got ${String(missingMask)}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw bad(`options.concurrency must be a positive integer, got ${String(concurrency)}`);
  if (suffix !== undefined && typeof suffix !== 'string') throw bad('options.suffix must be a string');
  if (format !== undefined && !(format in sharp.format && sharp.format[format].output.buffer)) throw bad(`options.format '${String(format)}' is not an output format of sharp`);
  const inpaintOptions = Object.fromEntries(Object.entries(options).filter(([k]) => !OWN.has(k))) as SharpInpaintOptions;

  let backend: Promise<InpaintBackend> | null = given ? Promise.resolve(given as InpaintBackend) : null;
  let ownPool: Promise<InpaintPool> | null = null;
  const getBackend = (): Promise<InpaintBackend> => {
    if (!backend) {
      ownPool = Pool.create({ size: Math.min(concurrency, availableParallelism()), ...(model ? { model } : {}) });
      backend = ownPool;
    }
    return backend;
  };
  let finder: Promise<MaskFinder> | null = null;

  async function maskFor(file: Vinyl): Promise<MaskSource | null> {
    if (masks === 'alpha') return 'alpha';
    if (typeof masks === 'function') return (await masks(file)) ?? null;
    finder ??= createMaskFinder(masks);
    return (await finder).find(file.path, file.relative);
  }

  async function processFile(file: Vinyl): Promise<Vinyl> {
    const contents = file.contents as Buffer;
    const mask = await maskFor(file);
    if (mask === null) {
      if (missingMask === 'error') throw new Error(`no mask for ${file.relative}`);
      debug('%s: no mask for %s, passed through unchanged', PLUGIN_NAME, file.relative);
      return file;
    }
    const meta = await sharp(contents).metadata();
    const outFormat = format ?? (meta.format as keyof FormatEnum);
    if (!(outFormat in sharp.format) || !sharp.format[outFormat].output.buffer) {
      throw new Error(`${file.relative}: sharp cannot write ${String(outFormat)}; set the format option (e.g. format: 'png')`);
    }
    const run = inpaintWith(await getBackend(), () => sharp());
    const out = await run(sharp(contents), mask, inpaintOptions).toFormat(outFormat).toBuffer();
    const result = file.clone({ contents: false });
    result.contents = out;
    if (suffix) result.stem = result.stem + suffix;
    if (format && EXT[format] && result.extname.toLowerCase() !== EXT[format]) result.extname = EXT[format]!;
    return result;
  }

  // in-order output, at most `concurrency` files in flight
  const pending: Promise<Vinyl>[] = [];
  const drainOne = async (stream: Transform): Promise<void> => {
    const next = pending.shift();
    if (next) stream.push(await next);
  };
  const dispose = async () => {
    if (ownPool) await (await ownPool.catch(() => null))?.dispose();
  };

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
        const job = processFile(file).catch((e: unknown) => {
          throw new PluginError(PLUGIN_NAME, e instanceof Error ? e : String(e), { fileName: file.path, showStack: false });
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
