/**
 * Encoding in-painted pixels for the file road, through sharp's public API only: the raw
 * samples are handed to `sharp(pixels, { raw })` as they are (a Uint16Array tells sharp
 * they are 16-bit; no copy), written in the input's format and lossless-ness (see
 * output-encoding) or the requested one, an animation with its frame delays and loop.
 * Metadata, when asked for, comes from the input itself: the pixels are composited onto
 * the input's own pipeline, which carries its EXIF, ICC profile and XMP.
 */
import type { RawImage } from '@inpaint/core';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import type { DecodedFile } from './decode-file.js';
import { encodeAs } from './output-encoding.js';

/** How the pixels are written: the format (default: the input's), metadata kept or not, EXIF orientation as when decoded. */
export interface EncodeOptions {
  readonly format?: string;
  readonly keepMetadata?: boolean;
  readonly autoOrient?: boolean;
}

/**
 * The encoder of in-painted pixels of a decoded file: a sharp instance with the output
 * format set, to end with `toBuffer()` or `toFile()` (which streams to disk). `source` (the
 * file or its bytes) is read again only for `keepMetadata` on a still image. The encoder
 * keeps the pixels, not `file`.
 * @example
 * const file = await decodeFile('photo.png');
 * await encoderFor(filledPixels, file, 'photo.png').toFile('fixed.png'); // a PNG, same depth
 */
export function encoderFor(image: RawImage, file: DecodedFile, source: string | Buffer, o: EncodeOptions = {}): Sharp {
  const sixteen = image.data instanceof Uint16Array;
  // a Buffer is always read as 8-bit samples; a Uint16Array as 16-bit
  const samples = sixteen ? image.data : new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const raw = { width: image.width, height: image.height, channels: image.channels, pageHeight: file.pageHeight > 0 ? file.pageHeight : undefined };
  let chain: Sharp;
  if (o.keepMetadata && file.pageHeight === 0) {
    let input = sharp(source);
    if (o.autoOrient !== false) input = input.autoOrient();
    chain = input.keepMetadata().composite([{ input: Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength), raw, blend: 'source' }]);
  } else {
    chain = sharp(samples, { raw });
    // sharp writes 8-bit sRGB unless asked for rgb16 / grey16
    if (sixteen) chain = chain.toColourspace(image.channels >= 3 ? 'rgb16' : 'grey16');
  }
  return encodeAs(chain, file.encoding, o.format, file.animation);
}

/**
 * Encode in-painted pixels of a decoded file to bytes.
 * @example
 * const file = await decodeFile('photo.png');
 * const bytes = await encodeImage(filledPixels, file, 'photo.png'); // a PNG, same depth
 */
export async function encodeImage(image: RawImage, file: DecodedFile, source: string | Buffer, o: EncodeOptions = {}): Promise<Buffer> {
  return encoderFor(image, file, source, o).toBuffer();
}
