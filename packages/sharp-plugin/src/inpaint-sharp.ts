/**
 * `inpaintSharp(pipeline, mask)`: in-painting through sharp's public API only. The
 * pipeline is decoded to raw pixels, in-painted, and a new `sharp(raw)` instance of the
 * same sharp is returned. Works with any sharp version and patches nothing; unlike
 * `.inpaint()` it is asynchronous and does not carry the input's metadata.
 */
import type { Sharp } from 'sharp';
import type { InpaintBackend } from './backend.js';
import { getDefaultBackend } from './backend.js';
import { inpaintPipeline } from './inpaint-decoded.js';
import { checkOptions } from './sharp-options.js';
import type { SharpInpaintOptions } from './sharp-options.js';
import type { MaskSource } from './mask-source.js';
import { invalidParameterError } from '@inpaint/core';

export interface InpaintSharpOptions extends SharpInpaintOptions {
  /** In-paint with this Inpainter or InpaintPool (default: the shared default Inpainter). */
  backend?: InpaintBackend;
}

type SharpConstructor = (input: Uint8Array | Uint16Array, options: { raw: { width: number; height: number; channels: 1 | 2 | 3 | 4; pageHeight?: number } }) => Sharp;

/**
 * In-paint the image of a sharp pipeline as it stands; resolves to a new Sharp instance
 * (raw input) to chain further operations and an output on.
 *
 * @example
 * import sharp from 'sharp';
 * import { inpaintSharp } from '@inpaint/sharp/api';
 * const filled = await inpaintSharp(sharp('photo.jpg').autoOrient(), 'mask.png');
 * await filled.jpeg({ quality: 90 }).toFile('fixed.jpg');
 * @param pipeline a Sharp instance (its chain so far is applied)
 * @param mask white (non-zero) marks the holes: a path, an encoded Buffer, a Sharp
 *   instance, raw `{ data, width, height, channels }`, a mask-gen Mask, or 'alpha'
 * @throws {InvalidParameterError} for a pipeline that is not a Sharp instance or bad options
 */
export async function inpaintSharp(pipeline: Sharp, mask: MaskSource, options: InpaintSharpOptions = {}): Promise<Sharp> {
  if (typeof pipeline !== 'object' || pipeline === null || typeof (pipeline as Partial<Sharp>).raw !== 'function') {
    throw invalidParameterError('pipeline', 'a Sharp instance', pipeline);
  }
  if (mask === undefined || mask === null) throw invalidParameterError('mask', "a mask (path, Buffer, Sharp, raw pixels, Mask or 'alpha')", mask);
  const { backend, ...rest } = options;
  const o = checkOptions(rest);
  const { image, decoded } = await inpaintPipeline(pipeline, mask, o, backend ? Promise.resolve(backend) : getDefaultBackend());
  const create = pipeline.constructor as unknown as SharpConstructor;
  // a typed array tells sharp the sample depth (a Buffer is always read as 8-bit)
  const data = image.data instanceof Uint16Array ? image.data : new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const raw = { width: image.width, height: image.height, channels: image.channels, ...(decoded.pageHeight ? { pageHeight: decoded.pageHeight } : {}) };
  const filled = create(data, { raw });
  // sharp writes 8-bit sRGB unless asked for rgb16 / grey16
  return image.data instanceof Uint16Array ? filled.toColourspace(image.channels >= 3 ? 'rgb16' : 'grey16') : filled;
}
