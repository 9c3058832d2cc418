/**
 * Masks as core accepts them: a mask-gen Mask, any `{ data, width, height }` with one
 * byte per pixel, or bare bytes of the image's size. Non-zero marks a hole.
 */
import type { Mask } from '@inpaint/mask-gen';
import { MaskMismatchError, invalidParameterError } from './errors.js';
import type { RawImage } from './image.js';

export type MaskInput = Mask | { readonly data: Uint8Array; readonly width: number; readonly height: number } | Uint8Array;

/**
 * @throws {MaskMismatchError} when the mask's size or byte count differs from the image's.
 * @example
 * const mask = toMask(new Uint8Array(image.width * image.height), image); // one byte per pixel, non-zero = hole
 */
export function toMask(input: MaskInput, image: RawImage): Mask {
  const n = image.width * image.height;
  if (input instanceof Uint8Array) {
    if (input.length !== n) {
      throw new MaskMismatchError(`mask has ${input.length} bytes but the ${image.width}x${image.height} image needs ${n} (one byte per pixel, non-zero = hole)`);
    }
    return { width: image.width, height: image.height, data: input };
  }
  if (typeof input !== 'object' || input === null || !(input.data instanceof Uint8Array)) {
    throw invalidParameterError('mask', 'a Mask, { data: Uint8Array, width, height } or a Uint8Array', input);
  }
  if (input.width !== image.width || input.height !== image.height) {
    throw new MaskMismatchError(`mask is ${input.width}x${input.height} but the image is ${image.width}x${image.height}; resize the mask to the image (nearest neighbour), e.g. with @inpaint/sharp's resizeMask option`);
  }
  if (input.data.length !== n) {
    throw new MaskMismatchError(`mask.data has ${input.data.length} bytes but a ${input.width}x${input.height} mask needs ${n} (one byte per pixel; multi-channel masks must be reduced first, e.g. with maskFromImage)`);
  }
  return { width: input.width, height: input.height, data: input.data };
}
