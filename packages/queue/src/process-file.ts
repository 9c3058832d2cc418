/**
 * One image through in-painting, to disk or to bytes: read, decode, in-paint, encode in the input's format
 * and lossless-ness, write atomically. The one implementation shared by `inpaint run` (one
 * machine) and the queue's workers (many machines), so both write the same bytes the same way.
 */
import { open } from 'node:fs/promises';
import type { Detail, InpaintOptions, Strategy } from '@inpaint/core';
import { InvalidImageError, invalidParameterError } from '@inpaint/core';
import type { FileRecord, InpaintBackend, MaskSource, SharpInpaintOptions, SharpInpaintReport } from '@inpaint/sharp/api';
import { ANIMATED_FORMATS, applyReport, assertReadable, decoding, encodeAs, headerBytesFor, inpaintWith, inputEncoding } from '@inpaint/sharp/api';
import sharp from 'sharp';
import type { FormatEnum } from 'sharp';
import { writeFileAtomic } from './atomic.js';

/** Output formats `--format` may name. */
export const OUTPUT_FORMATS = ['jpeg', 'png', 'webp', 'tiff', 'avif', 'gif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** How a file is in-painted and written (the options of `inpaint run` and of a queued job). */
export interface FileOptions {
  /** Output format; default: the input's, with its lossless-ness. */
  format?: OutputFormat;
  strategy?: Strategy;
  /** 'texture' (default): the photo's own detail in the fill; 'smooth': the network's fill alone. */
  detail?: Detail;
  dilate?: number;
  feather?: number;
  invert?: boolean;
  threshold?: number;
  resizeMask?: boolean;
  /** Apply EXIF orientation before in-painting. Default true. */
  autoOrient?: boolean;
  keepMetadata?: boolean;
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

function inpaintOptionsOf(o: FileOptions): SharpInpaintOptions & InpaintOptions {
  return Object.fromEntries(Object.entries({
    strategy: o.strategy, detail: o.detail, dilate: o.dilate, feather: o.feather, invert: o.invert, threshold: o.threshold, resizeMask: o.resizeMask,
  }).filter(([, v]) => v !== undefined));
}

/**
 * In-paint an encoded image (a path or the bytes themselves) and encode the result in the
 * input's format and lossless-ness (or `o.format`). Fills `rec` from core's report.
 *
 * @example
 * const rec = createFileRecord('upload');
 * const { data, format } = await inpaintEncoded(bytes, maskBytes, {}, inpainter, rec);
 * @throws {InvalidImageError | InvalidMaskError | MaskMismatchError | InvalidParameterError} and file-system errors with their code
 */
export async function inpaintEncoded(
  source: string | Buffer,
  mask: MaskSource,
  o: FileOptions,
  backend: InpaintBackend,
  rec: FileRecord,
): Promise<{ data: Buffer; format: string }> {
  if (typeof source === 'string') await assertReadable(source, 'image');
  const meta = await decoding('image', rec.input, () => sharp(source).metadata());
  // only WebP and TIFF need their header (not a 16 MB read of every JPEG)
  const header = typeof source === 'string' ? await readHead(source, headerBytesFor(meta.format)) : source;
  const encoding = inputEncoding(meta, header);
  const format = (o.format ?? encoding.format) as keyof FormatEnum;
  if (!(format in sharp.format) || !sharp.format[format].output.buffer) {
    throw invalidParameterError('format', 'a format sharp can write (png, jpeg, webp, tiff, avif, gif)', `${String(format)} (the input's format)`);
  }
  const pages = meta.pages ?? 1;
  const animated = pages > 1 && ANIMATED_FORMATS.has(encoding.format);
  if (pages > 1 && !animated) {
    throw new InvalidImageError(`${rec.input} has ${pages} pages, and inpaint cannot keep the pages of a ${encoding.format}; extract the page to in-paint first`, { file: rec.input, reason: `${pages} pages`, hint: 'only animated GIF and WebP are in-painted frame by frame' });
  }
  if (animated && !ANIMATED_FORMATS.has(format)) {
    throw new InvalidImageError(`${rec.input} is animated (${pages} frames), and ${format} cannot hold frames; pass --format gif or webp, or leave --format out`, { file: rec.input, reason: `${pages} frames`, hint: '--format gif or --format webp' });
  }
  let image = sharp(source, animated ? { animated: true } : {});
  if (o.autoOrient !== false) image = image.autoOrient();
  const onReport = (r: SharpInpaintReport) => applyReport(rec, r);
  let chain = inpaintWith(backend, () => sharp())(image, mask, { ...inpaintOptionsOf(o), onReport });
  if (o.keepMetadata) chain = chain.keepMetadata();
  return { data: await encodeAs(chain, encoding, o.format).toBuffer(), format };
}

/**
 * In-paint `input` with `mask` and write the result to `output` (temporary file, then
 * rename). Fills `rec` (strategy, counts, timings, warnings) from core's report; throws the
 * typed error of a failure (the caller records it).
 *
 * @example
 * const rec = createFileRecord('photos/a.jpg');
 * await processFile({ input: 'photos/a.jpg', mask: 'masks/a.png', output: 'fixed/a.jpg' }, {}, inpainter, rec);
 * @throws {InvalidImageError | InvalidMaskError | MaskMismatchError | InvalidParameterError} and file-system errors with their code
 */
export async function processFile(
  file: { readonly input: string; readonly mask: MaskSource; readonly output: string },
  o: FileOptions,
  backend: InpaintBackend,
  rec: FileRecord,
): Promise<void> {
  const { data } = await inpaintEncoded(file.input, file.mask, o, backend, rec);
  await writeFileAtomic(file.output, data);
}
