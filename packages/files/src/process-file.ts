/**
 * One image through in-painting, to disk or to bytes: read, decode, in-paint, encode in the
 * input's format and lossless-ness, write atomically. The one implementation shared by
 * `inpaint run` (one machine), the queue's workers (many machines), `inpaint serve` and the
 * gulp plugin (bytes), so all of them write the same bytes the same way.
 */
import { open } from 'node:fs/promises';
import { InvalidImageError, invalidParameterError } from '@inpaint/core';
import type { InpaintBackend, MaskSource, SharpInpaintReport } from '@inpaint/sharp/api';
import { assertReadable, decoding, inpaintWith } from '@inpaint/sharp/api';
import sharp from 'sharp';
import type { FormatEnum } from 'sharp';
import { writeFileAtomic } from './atomic.js';
import type { FileRecord } from './file-record.js';
import { applyReport, createFileRecord, failRecord } from './file-record.js';
import { ANIMATED_FORMATS } from './formats.js';
import { encodeAs, headerBytesFor, inputEncoding, sharpWrites, writtenFormat } from './output-encoding.js';
import type { FileOptions } from './file-options.js';
import { inpaintOptionsOf } from './file-options.js';

/** What inpaintEncoded() made: the encoded bytes, the format written, and core's report. */
export interface EncodedResult {
  readonly data: Buffer;
  /** The format of `data` (sharp's name: 'jpeg', 'png', 'avif', …). */
  readonly format: string;
  /** What was done; absent only when nothing was in-painted. */
  readonly report?: SharpInpaintReport;
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

/**
 * In-paint an encoded image (a path or the bytes themselves) and encode the result in the
 * input's format and lossless-ness (or `o.format`). `name` names the image in errors.
 *
 * @example
 * const { data, format, report } = await inpaintEncoded(bytes, maskBytes, { detail: 'texture' }, inpainter, 'upload');
 * @throws {InvalidImageError | InvalidMaskError | MaskMismatchError | InvalidParameterError} and file-system errors with their code
 */
export async function inpaintEncoded(
  source: string | Buffer,
  mask: MaskSource,
  o: FileOptions,
  backend: InpaintBackend,
  name: string = typeof source === 'string' ? source : 'the image',
): Promise<EncodedResult> {
  if (typeof source === 'string') await assertReadable(source, 'image');
  const meta = await decoding('image', name, () => sharp(source).metadata());
  // only WebP and TIFF need their header (not a 16 MB read of every JPEG)
  const header = typeof source === 'string' ? await readHead(source, headerBytesFor(meta.format)) : source;
  const encoding = inputEncoding(meta, header);
  const format = (o.format ?? encoding.format) as keyof FormatEnum;
  if (!sharpWrites(format)) {
    throw invalidParameterError('format', `a format sharp can write for ${name} (png, jpeg, webp, tiff, avif, gif)`, `${String(format)}${o.format ? '' : " (the input's format)"}`);
  }
  const pages = meta.pages ?? 1;
  const animated = pages > 1 && ANIMATED_FORMATS.has(encoding.format);
  if (pages > 1 && !animated) {
    throw new InvalidImageError(`${name} has ${pages} pages, and inpaint cannot keep the pages of a ${encoding.format}; extract the page to in-paint first`, { file: name, reason: `${pages} pages`, hint: 'only animated GIF and WebP are in-painted frame by frame' });
  }
  if (animated && !ANIMATED_FORMATS.has(format)) {
    throw new InvalidImageError(`${name} is animated (${pages} frames), and ${format} cannot hold frames; pass --format gif or webp, or leave --format out`, { file: name, reason: `${pages} frames`, hint: '--format gif or --format webp' });
  }
  let image = sharp(source, animated ? { animated: true } : {});
  if (o.autoOrient !== false) image = image.autoOrient();
  let report: SharpInpaintReport | undefined;
  let chain = inpaintWith(backend, () => sharp())(image, mask, { ...inpaintOptionsOf(o), onReport: (r) => { report = r; } });
  if (o.keepMetadata) chain = chain.keepMetadata();
  const data = await encodeAs(chain, encoding, o.format).toBuffer();
  return { data, format: writtenFormat(format), ...(report ? { report } : {}) };
}

/** One image, its mask and where its result goes. */
export interface FileJob {
  readonly input: string;
  /** A mask file, 'alpha', or mask pixels. */
  readonly mask: MaskSource;
  readonly output: string;
}

/**
 * In-paint `file.input` with `file.mask` and write the result to `file.output` (temporary
 * file, fsync, then rename). Never throws: resolves to the file's record, `status: 'ok'`
 * with core's report (strategy, counts, timings, warnings), or `status: 'failed'` with the
 * typed error's message, code, file, role and hint; no output is written then.
 *
 * @example
 * const rec = await processFile({ input: 'photos/a.jpg', mask: 'masks/a.png', output: 'fixed/a.jpg' }, {}, inpainter);
 * if (rec.status === 'failed') console.error(rec.code, rec.reason);
 */
export async function processFile(file: FileJob, o: FileOptions, backend: InpaintBackend): Promise<FileRecord> {
  const t0 = performance.now();
  const rec = createFileRecord(file.input);
  rec.mask = typeof file.mask === 'string' ? file.mask : '(pixels)';
  rec.output = file.output;
  try {
    const { data, report } = await inpaintEncoded(file.input, file.mask, o, backend);
    if (report) applyReport(rec, report);
    await writeFileAtomic(file.output, data);
  } catch (e) {
    failRecord(rec, e);
  }
  rec.ms = Math.round((performance.now() - t0) * 10) / 10;
  return rec;
}
