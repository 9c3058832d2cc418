/**
 * One file through in-painting to disk: read, decode, in-paint, encode in the input's format
 * and lossless-ness, write atomically. The one implementation shared by `inpaint run` (one
 * machine) and the queue's workers (many machines), so both write the same bytes the same way.
 */
import { open } from 'node:fs/promises';
import type { InpaintOptions, Strategy } from '@inpaint/core';
import { InvalidImageError, invalidParameterError } from '@inpaint/core';
import type { FileRecord, InpaintBackend, MaskSource, SharpInpaintOptions, SharpInpaintReport } from '@inpaint/sharp/api';
import { ANIMATED_FORMATS, ENCODING_HEADER_BYTES, applyReport, assertReadable, decoding, encodeAs, inpaintWith, inputEncoding } from '@inpaint/sharp/api';
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
    strategy: o.strategy, dilate: o.dilate, feather: o.feather, invert: o.invert, threshold: o.threshold, resizeMask: o.resizeMask,
  }).filter(([, v]) => v !== undefined));
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
  const { input: path, mask, output } = file;
  await assertReadable(path, 'image');
  const meta = await decoding('image', rec.input, () => sharp(path).metadata());
  const encoding = inputEncoding(meta, await readHead(path, ENCODING_HEADER_BYTES));
  const format = (o.format ?? encoding.format) as keyof FormatEnum;
  if (!(format in sharp.format) || !sharp.format[format].output.buffer) {
    throw invalidParameterError('--format', 'a format sharp can write (png, jpeg, webp, tiff, avif, gif)', `${String(format)} (the input's format)`);
  }
  const pages = meta.pages ?? 1;
  const animated = pages > 1 && ANIMATED_FORMATS.has(encoding.format);
  if (pages > 1 && !animated) {
    throw new InvalidImageError(`${rec.input} has ${pages} pages, and inpaint cannot keep the pages of a ${encoding.format}; extract the page to in-paint first`, { file: rec.input, reason: `${pages} pages`, hint: 'only animated GIF and WebP are in-painted frame by frame' });
  }
  if (animated && !ANIMATED_FORMATS.has(format)) {
    throw new InvalidImageError(`${rec.input} is animated (${pages} frames), and ${format} cannot hold frames; pass --format gif or webp, or leave --format out`, { file: rec.input, reason: `${pages} frames`, hint: '--format gif or --format webp' });
  }
  let image = sharp(path, animated ? { animated: true } : {});
  if (o.autoOrient !== false) image = image.autoOrient();
  const onReport = (r: SharpInpaintReport) => applyReport(rec, r);
  let chain = inpaintWith(backend, () => sharp())(image, mask, { ...inpaintOptionsOf(o), onReport });
  if (o.keepMetadata) chain = chain.keepMetadata();
  const data = await encodeAs(chain, encoding, o.format).toBuffer();
  await writeFileAtomic(output, data);
}
