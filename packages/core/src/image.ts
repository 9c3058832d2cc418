/**
 * Raw interleaved pixels: the image type core reads and returns.
 */
import type { RawImage } from '@inpaint/mask-gen';
import { InvalidImageError } from './errors.js';

/**
 * The project's image type (defined in @inpaint/mask-gen): 16-bit images are in-painted
 * at 16-bit precision (the network computes in float32 either way).
 */
export type { RawImage };

/**
 * Full-scale value of the image's sample type (255 or 65535).
 * @example
 * fullScale({ width: 1, height: 1, channels: 1, data: new Uint16Array(1) }); // 65535
 */
export function fullScale(image: RawImage): number {
  return image.data instanceof Uint16Array ? 65535 : 255;
}

/**
 * Number of colour channels (without alpha).
 * @example
 * colourChannels(rgbaImage); // 3
 */
export function colourChannels(image: RawImage): 1 | 3 {
  return image.channels >= 3 ? 3 : 1;
}

/**
 * Check an image; throw an InvalidImageError that says what to fix.
 * @throws {InvalidImageError}
 * @example
 * assertImage({ width: 2, height: 2, channels: 3, data: new Uint8Array(5) }); // throws InvalidImageError
 */
export function assertImage(image: unknown, name = 'image'): asserts image is RawImage {
  if (typeof image !== 'object' || image === null) {
    throw new InvalidImageError(`${name} must be an object { data, width, height, channels }, got ${image === null ? 'null' : typeof image}`);
  }
  const { width, height, channels, data } = image as Partial<RawImage>;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width! <= 0 || height! <= 0) {
    throw new InvalidImageError(`${name} must have a positive integer width and height, got ${String(width)}x${String(height)}; a zero-size image cannot be in-painted`);
  }
  if (channels !== 1 && channels !== 2 && channels !== 3 && channels !== 4) {
    throw new InvalidImageError(`${name}.channels must be 1, 2, 3 or 4 (grey, grey+alpha, RGB, RGBA), got ${String(channels)}`);
  }
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray || data instanceof Uint16Array)) {
    throw new InvalidImageError(`${name}.data must be a Uint8Array (8-bit) or Uint16Array (16-bit), got ${data === undefined ? 'undefined' : Object.prototype.toString.call(data)}`);
  }
  const expected = width! * height! * channels;
  if (data.length !== expected) {
    throw new InvalidImageError(`${name}.data must hold width*height*channels = ${width}*${height}*${channels} = ${expected} samples, got ${data.length}`);
  }
}

/**
 * A copy of an image's samples in memory of their own, also for a Node Buffer (sharp's
 * decoded pixels), whose own slice() is a view of the same memory: writing into such a "copy"
 * wrote into the caller's image.
 * @example
 * const samples = copySamples(decodedBuffer); // a Uint8Array of its own
 */
export function copySamples<T extends RawImage['data']>(data: T): T {
  return (Buffer.isBuffer(data) ? Uint8Array.prototype.slice.call(data) : data.slice()) as T;
}

/**
 * A copy of an image (new memory, same sample type).
 * @example
 * const copy = cloneImage(image); // new buffer, same type
 */
export function cloneImage(image: RawImage): RawImage {
  return { width: image.width, height: image.height, channels: image.channels, data: copySamples(image.data) };
}
