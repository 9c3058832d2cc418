/**
 * Every mask form the sharp plugin accepts, resolved to a mask of the image's size at
 * the point of the chain where `.inpaint()` stands. White / non-zero marks a hole.
 */
import { access } from 'node:fs/promises';
import type { Mask } from '@inpaint/mask-gen';
import { dilate, invertMask, maskFromAlpha, maskFromImage } from '@inpaint/mask-gen';
import type { RawImage } from '@inpaint/core';
import { InvalidMaskError, MaskMismatchError, invalidParameterError } from '@inpaint/core';
import sharp from 'sharp';
import type { Sharp } from 'sharp';

/** A raw image used as a mask: its luma (or single channel) at 50 % decides. */
export interface RawMaskImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
}

/**
 * - a file path or an encoded image Buffer (PNG, JPEG, … anything sharp reads)
 * - a Sharp instance
 * - raw pixels `{ data, width, height, channels }`
 * - a mask-gen `Mask` (`{ data, width, height }`, one byte per pixel)
 * - `'alpha'`: the transparent pixels of the image itself
 */
export type MaskSource = string | Buffer | Uint8Array | Sharp | RawMaskImage | Mask | 'alpha';

export interface MaskOptions {
  /** Swap holes and kept pixels (black-is-hole masks). Default false. */
  invert?: boolean;
  /** Fraction of full scale at or above which a mask pixel is a hole. Default 0.5. */
  threshold?: number;
  /** Grow the holes by this many pixels (covers halos). Default 0. */
  dilate?: number;
  /** Resize a mask of another size to the image (nearest neighbour) instead of failing. Default false. */
  resizeMask?: boolean;
}

function isSharp(v: unknown): v is Sharp {
  return typeof v === 'object' && v !== null && typeof (v as Sharp).toBuffer === 'function' && typeof (v as Sharp).raw === 'function';
}

/** Nearest-neighbour resize of a one-byte mask. */
export function resizeMaskNearest(m: Mask, width: number, height: number): Mask {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(m.height - 1, Math.floor(((y + 0.5) * m.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(m.width - 1, Math.floor(((x + 0.5) * m.width) / width));
      data[y * width + x] = m.data[sy * m.width + sx];
    }
  }
  return { width, height, data };
}

async function decode(input: Sharp, width: number, height: number, resize: boolean): Promise<RawMaskImage> {
  const pipeline = resize ? input.resize(width, height, { fit: 'fill', kernel: 'nearest' }) : input;
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as RawMaskImage['channels'] };
}

/**
 * Resolve a mask source for an image of the given size.
 * @throws {MaskMismatchError | InvalidMaskError | InvalidParameterError}
 */
export async function resolveMask(source: MaskSource, image: RawImage, o: MaskOptions = {}): Promise<Mask> {
  const { width, height } = image;
  const threshold = o.threshold ?? 0.5;
  let mask: Mask;
  if (source === 'alpha') {
    if (image.channels !== 2 && image.channels !== 4) {
      throw new InvalidMaskError("mask 'alpha' needs an image with an alpha channel, but this one has none; pass a mask image instead");
    }
    mask = maskFromAlpha(image, { threshold });
  } else if (typeof source === 'string') {
    try {
      await access(source);
    } catch {
      throw new InvalidMaskError(`mask file ${source} cannot be read: check the path`);
    }
    mask = maskFromImage(await decode(sharp(source), width, height, o.resizeMask === true), { threshold });
  } else if (Buffer.isBuffer(source) || (source instanceof Uint8Array)) {
    try {
      mask = maskFromImage(await decode(sharp(source), width, height, o.resizeMask === true), { threshold });
    } catch (e) {
      throw new InvalidMaskError(`mask buffer is not an image sharp can read (${(e as Error).message}); pass raw pixels as { data, width, height, channels }`);
    }
  } else if (isSharp(source)) {
    mask = maskFromImage(await decode(source.clone(), width, height, o.resizeMask === true), { threshold });
  } else if (typeof source === 'object' && source !== null && (source as Mask).data instanceof Uint8Array) {
    const s = source as Mask & { channels?: number };
    mask = s.channels === undefined ? { width: s.width, height: s.height, data: s.data } : maskFromImage(s as RawMaskImage, { threshold });
  } else {
    throw invalidParameterError('mask', "a path, an encoded Buffer, a Sharp instance, { data, width, height[, channels] } or 'alpha'", source);
  }
  if (mask.width !== width || mask.height !== height) {
    if (!o.resizeMask) {
      throw new MaskMismatchError(`mask is ${mask.width}x${mask.height} but the image is ${width}x${height} at this point of the chain; pass resizeMask: true to resize it (nearest neighbour)`);
    }
    mask = resizeMaskNearest(mask, width, height);
  }
  if (o.invert) mask = invertMask(mask);
  if (o.dilate) mask = dilate(mask, o.dilate);
  return mask;
}
