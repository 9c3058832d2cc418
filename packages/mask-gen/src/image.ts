/**
 * The one image type of the project: raw interleaved pixels with their size, channel
 * count and (through the array type) sample depth. Defined here, at the bottom of the
 * dependency graph, and used by every package.
 */

/**
 * An image as interleaved samples: 1 channel = grey, 2 = grey + alpha, 3 = RGB, 4 = RGBA.
 * 8-bit images use a Uint8Array (or Uint8ClampedArray); 16-bit ones a Uint16Array.
 */
export interface RawImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
  readonly data: Uint8Array | Uint8ClampedArray | Uint16Array;
}
