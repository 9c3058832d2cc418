/**
 * Decoding one image file (a path or its bytes) for the file road, once: checked readable
 * once, its metadata read once, its pixels decoded once as raw samples (16-bit inputs at
 * 16 bits, every frame of an animated GIF or WebP), with the typed errors of
 * @inpaint/sharp (`assertReadable`, `decoding`). What the encoder must keep of the input
 * (format, lossless-ness, frame delays) is read here too, from the metadata and, for WebP
 * and TIFF only, the file's leading bytes.
 */
import { open } from 'node:fs/promises';
import { InvalidImageError, invalidParameterError } from '@inpaint/core';
import type { RawImage } from '@inpaint/core';
import type { Decoded } from '@inpaint/sharp/api';
import { assertReadable, decoding } from '@inpaint/sharp/api';
import sharp from 'sharp';
import { ANIMATED_FORMATS } from './formats.js';
import type { InputEncoding } from './output-encoding.js';
import { headerBytesFor, inputEncoding, sharpWrites } from './output-encoding.js';

/**
 * How a file is decoded: EXIF orientation applied (default true); 8 bits when metadata is
 * kept (it travels through an 8-bit composite); the output format it will be written in
 * (default: its own), refused here, before any pixel is decoded, when it cannot be written
 * or cannot hold the file's frames.
 */
export interface DecodeOptions {
  readonly autoOrient?: boolean;
  readonly keepMetadata?: boolean;
  readonly format?: string;
  /**
   * Pixels in memory the JavaScript engine owns, so that they can move to a worker thread
   * (sharp's own memory cannot: a pool would copy it, and the decode would stay alive beside
   * the copy). Costs one copy here, after which sharp's buffer is dropped. A still image
   * only (the frames of an animation are handed over one by one, each copied). Default false.
   */
  readonly movable?: boolean;
}

/**
 * sharp's output in memory of this thread's own, which a worker may take by transfer (sharp
 * hands back native memory, which Node refuses to transfer): the road's one copy.
 */
function movableCopy(data: Buffer): Uint8Array {
  const bytes = new Uint8Array(data.byteLength);
  bytes.set(data);
  return bytes;
}

/** A decoded file: its pixels (all frames), what its encoding was, and whether it is animated. */
export interface DecodedFile extends Decoded {
  readonly encoding: InputEncoding;
}

/** The first `bytes` bytes of a file (fewer for a shorter file; none for 0). */
async function readHead(path: string, bytes: number): Promise<Buffer> {
  if (bytes === 0) return Buffer.alloc(0);
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
 * Decode an image file or its bytes once. `name` names it in errors (default: the path).
 * Pages a format cannot keep (a multi-page TIFF) are refused here, before any work.
 * @example
 * const { image, pageHeight, encoding } = await decodeFile('photos/cat.png');
 * image.width; // pixels, all frames stacked when pageHeight > 0
 * @throws {InvalidImageError} for an undecodable file, or pages its format cannot keep;
 *   {InvalidParameterError} for an output format sharp cannot write; file-system errors keep their code (ENOENT, EACCES)
 */
export async function decodeFile(source: string | Buffer, o: DecodeOptions = {}, name: string = typeof source === 'string' ? source : 'the image'): Promise<DecodedFile> {
  if (typeof source === 'string') await assertReadable(source, 'image');
  return decoding('image', name, async () => {
    const meta = await sharp(source).metadata();
    // only WebP and TIFF need their header (not a 16 MB read of every JPEG)
    const header = typeof source === 'string' ? await readHead(source, headerBytesFor(meta.format)) : source;
    const pages = meta.pages ?? 1;
    const animated = pages > 1 && ANIMATED_FORMATS.has(String(meta.format));
    if (pages > 1 && !animated) {
      throw new InvalidImageError(`${name} has ${pages} pages, and inpaint cannot keep the pages of a ${meta.format}; extract the page to in-paint first`, { file: name, reason: `${pages} pages`, hint: 'only animated GIF and WebP are in-painted frame by frame' });
    }
    const encoding = inputEncoding(meta, header);
    const format = o.format ?? encoding.format;
    if (!sharpWrites(format)) {
      throw invalidParameterError('format', `a format sharp can write for ${name} (png, jpeg, webp, tiff, avif, gif)`, `${format}${o.format ? '' : " (the input's format)"}`);
    }
    if (animated && !ANIMATED_FORMATS.has(format)) {
      throw new InvalidImageError(`${name} is animated (${pages} frames), and ${format} cannot hold frames; pass --format gif or webp, or leave --format out`, { file: name, reason: `${pages} frames`, hint: '--format gif or --format webp' });
    }
    let pipeline = sharp(source, animated ? { animated: true } : {});
    if (o.autoOrient !== false) pipeline = pipeline.autoOrient();
    const isSixteen = meta.depth === 'ushort';
    // sharp composites at 8 bits, so pixels that carry metadata back are decoded at 8 bits
    const sixteen = isSixteen && !o.keepMetadata;
    if (sixteen) pipeline = pipeline.toColourspace((meta.channels ?? 3) >= 3 ? 'rgb16' : 'grey16');
    const { data, info } = await pipeline.raw({ depth: sixteen ? 'ushort' : 'uchar' }).toBuffer({ resolveWithObject: true });
    // a plain typed-array view, no copy (a Buffer's slice() is a view, not the copy core's clone expects)
    const bytes = o.movable && !animated ? movableCopy(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const samples = sixteen ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2) : bytes;
    const framed = animated && info.pageHeight !== undefined && info.pageHeight * pages === info.height;
    return {
      image: { data: samples, width: info.width, height: info.height, channels: info.channels as RawImage['channels'] },
      pageHeight: framed ? info.pageHeight! : 0,
      animation: framed ? { delay: meta.delay, loop: meta.loop } : {},
      reduced: isSixteen && !sixteen,
      encoding,
    };
  });
}
