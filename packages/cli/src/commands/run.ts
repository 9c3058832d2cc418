/**
 * `inpaint run <inputs…> --masks <dir|file|alpha> --out <dir>`: batch in-painting with
 * atomic writes, resumable, bounded memory, per-file records.
 */
import { access, open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, parse, relative, resolve } from 'node:path';
import type { Strategy } from '@inpaint/core';
import { InpaintPool, InvalidImageError, invalidParameterError } from '@inpaint/core';
import type { MaskFinder, MaskSource, SharpInpaintOptions, SharpInpaintReport } from '@inpaint/sharp/api';
import { ANIMATED_FORMATS, ENCODING_HEADER_BYTES, applyReport, assertReadable, createFileRecord, createMaskFinder, decoding, encodeAs, failRecord, inpaintWith, inputEncoding } from '@inpaint/sharp/api';
import sharp from 'sharp';
import type { FormatEnum } from 'sharp';
import { removeLiveTemporaries, removeStaleTemporaries, writeFileAtomic } from '../io/atomic.js';
import type { InputFile } from '../io/inputs.js';
import { expandInputs } from '../io/inputs.js';
import type { ReportMode } from '../report/progress.js';
import { createReporter } from '../report/progress.js';
import type { FileRecord, Summary } from '../report/records.js';
import { summarise } from '../report/records.js';

export const OUTPUT_FORMATS = ['jpeg', 'png', 'webp', 'tiff', 'avif', 'gif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
const EXT: Record<OutputFormat, string> = { jpeg: '.jpg', png: '.png', webp: '.webp', tiff: '.tif', avif: '.avif', gif: '.gif' };

export interface RunOptions {
  masks: string;
  out: string;
  format?: OutputFormat;
  suffix?: string;
  skipExisting?: boolean;
  overwrite?: boolean;
  missingMask?: 'skip' | 'error';
  concurrency?: number;
  model?: string;
  strategy?: Strategy;
  dilate?: number;
  feather?: number;
  invert?: boolean;
  threshold?: number;
  resizeMask?: boolean;
  autoOrient?: boolean;
  keepMetadata?: boolean;
  report: ReportMode;
}

function outputPath(o: RunOptions, file: InputFile): string {
  const { dir, name, ext } = parse(file.relative);
  const extension = o.format ? EXT[o.format] : ext;
  return join(resolve(o.out), dir, `${name}${o.suffix ?? ''}${extension}`);
}

/** The first `bytes` bytes of a file (fewer for a shorter file). */
async function readHead(path: string, bytes: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(bytes, (await fh.stat()).size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuse an output folder that would replace the inputs or cannot be a folder.
 * @throws {InvalidParameterError} naming --out
 * @example
 * await checkOutDir(['photos/'], 'fixed/'); // throws for --out photos/ or an existing file
 */
export async function checkOutDir(inputs: readonly string[], out: string): Promise<void> {
  const target = resolve(out);
  const info = await stat(target).catch(() => null);
  if (info && !info.isDirectory()) throw invalidParameterError('--out', 'a directory (created when missing)', `the file ${out}`);
  for (const input of inputs) {
    if (resolve(input) === target) {
      throw invalidParameterError('--out', 'a folder other than the input folder (outputs must not replace the inputs)', `the input folder ${input}`);
    }
  }
}

/**
 * Run a batch; resolves to the summary (the caller sets the exit code).
 * @example
 * const { summary, records } = await runBatch(['photos/'], { masks: 'masks/', out: 'fixed/', report: 'json' });
 */
export async function runBatch(inputs: readonly string[], o: RunOptions, io: { quiet?: boolean } = {}): Promise<{ summary: Summary; records: FileRecord[] }> {
  await checkOutDir(inputs, o.out);
  const masksIsAlpha = o.masks === 'alpha';
  const finder: MaskFinder | null = masksIsAlpha ? null : await createMaskFinder(o.masks);
  const exclude = [o.out, ...(finder?.kind === 'directory' ? [o.masks] : [])];
  const { files, missing } = await expandInputs(inputs, exclude);
  await removeStaleTemporaries(resolve(o.out));
  const records: FileRecord[] = missing.map((m) => ({ input: m, output: null, mask: null, status: 'failed', reason: 'no such file, directory or matching glob', warnings: [], ms: 0 }));
  const reporter = io.quiet ? { start: () => undefined, file: () => undefined, finish: () => undefined } : createReporter(o.report);
  reporter.start(files.length + missing.length);
  for (const r of records) reporter.file(r);
  const started = performance.now();
  const concurrency = o.concurrency ?? availableParallelism();
  const pool = files.length > 0 ? await InpaintPool.create({ size: Math.min(concurrency, files.length), ...(o.model ? { model: o.model } : {}) }) : null;
  const onSignal = (signal: NodeJS.Signals) => {
    void removeLiveTemporaries().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const inpaintOptions: SharpInpaintOptions = Object.fromEntries(Object.entries({
    strategy: o.strategy, dilate: o.dilate, feather: o.feather, invert: o.invert, threshold: o.threshold, resizeMask: o.resizeMask,
  }).filter(([, v]) => v !== undefined));

  const one = async (file: InputFile): Promise<FileRecord> => {
    const t0 = performance.now();
    const rec = createFileRecord(relative(process.cwd(), file.path) || file.path);
    try {
      const mask: MaskSource | null = masksIsAlpha ? 'alpha' : await finder!.find(file.path, file.relative);
      rec.mask = mask === 'alpha' ? 'alpha' : mask && relative(process.cwd(), mask);
      if (mask === null) {
        rec.status = o.missingMask === 'error' ? 'failed' : 'skipped';
        rec.reason = 'no mask pairs with this image';
        return rec;
      }
      const out = outputPath(o, file);
      rec.output = relative(process.cwd(), out);
      if (await exists(out)) {
        if (o.skipExisting) {
          rec.status = 'skipped';
          rec.reason = 'output exists (--skip-existing)';
          return rec;
        }
        if (!o.overwrite) {
          rec.status = 'failed';
          rec.reason = 'output exists; pass --overwrite to replace it or --skip-existing to resume';
          return rec;
        }
      }
      await assertReadable(file.path, 'image');
      const meta = await decoding('image', rec.input, () => sharp(file.path).metadata());
      const encoding = inputEncoding(meta, await readHead(file.path, ENCODING_HEADER_BYTES));
      const format = (o.format ?? encoding.format) as keyof FormatEnum;
      if (!(format in sharp.format) || !sharp.format[format].output.buffer) {
        throw invalidParameterError('--format', 'a format sharp can write (png, jpeg, webp, tiff, avif, gif)', `${String(format)} (the input's format)`);
      }
      const pages = meta.pages ?? 1;
      const animated = pages > 1 && ANIMATED_FORMATS.has(encoding.format);
      if (pages > 1 && !animated) {
        throw new InvalidImageError(`${rec.input} has ${pages} pages, and inpaint run cannot keep the pages of a ${encoding.format}; extract the page to in-paint first`, { file: rec.input, reason: `${pages} pages`, hint: 'only animated GIF and WebP are in-painted frame by frame' });
      }
      if (animated && !ANIMATED_FORMATS.has(format)) {
        throw new InvalidImageError(`${rec.input} is animated (${pages} frames), and ${format} cannot hold frames; pass --format gif or webp, or leave --format out`, { file: rec.input, reason: `${pages} frames`, hint: '--format gif or --format webp' });
      }
      let input = sharp(file.path, animated ? { animated: true } : {});
      if (o.autoOrient !== false) input = input.autoOrient();
      const onReport = (r: SharpInpaintReport) => applyReport(rec, r);
      let chain = inpaintWith(pool!, () => sharp())(input, mask, { ...inpaintOptions, onReport });
      if (o.keepMetadata) chain = chain.keepMetadata();
      const data = await encodeAs(chain, encoding, o.format).toBuffer();
      await writeFileAtomic(out, data);
      return rec;
    } catch (e) {
      failRecord(rec, e);
      return rec;
    } finally {
      rec.ms = Math.round((performance.now() - t0) * 10) / 10;
    }
  };

  // `concurrency` files in flight, each pulled when the previous finished: memory stays bounded
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const rec = await one(files[next++]);
      records.push(rec);
      reporter.file(rec);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await pool?.dispose();
  }
  const summary = summarise(records, (performance.now() - started) / 1000);
  reporter.finish(summary);
  return { summary, records };
}

