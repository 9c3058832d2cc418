/**
 * TypeScript: `.inpaint()` on sharp's `Sharp` interface (module augmentation).
 */
import type { MaskSource } from './mask-source.js';
import type { SharpInpaintOptions } from './sharp-options.js';

declare module 'sharp' {
  interface Sharp {
    /**
     * Fill the holes of the image as it stands at this point of the chain. Returns a new
     * Sharp instance; chain resize, format and output calls after it as usual.
     *
     * @example
     * await sharp('photo.jpg').autoOrient().inpaint('mask.png', { dilate: 3 }).jpeg().toFile('fixed.jpg');
     * @param mask white (non-zero) marks the holes: a path, an encoded Buffer, a Sharp
     *   instance, raw `{ data, width, height, channels }`, a mask-gen Mask, or 'alpha'.
     * @throws {InvalidParameterError} for bad options (synchronously); anything else
     *   rejects the output promise, reaches the callback, or is emitted as 'error'.
     */
    inpaint(mask: MaskSource, options?: SharpInpaintOptions): Sharp;
  }
}

export {};
