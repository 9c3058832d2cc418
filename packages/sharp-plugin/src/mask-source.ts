/**
 * Every mask form the sharp plugin accepts, resolved to a mask of the image's size at
 * the point of the chain where `.inpaint()` stands. White / non-zero marks a hole.
 */
import type { Mask } from '@inpaint/mask-gen';
import { THRESHOLD, dilate, invertMask, maskFromAlpha, maskFromMaskImage, resizeMask } from '@inpaint/mask-gen';
import type { MASK_OPTION_SCHEMA, OptionsOf, RawImage } from '@inpaint/core';
import { InvalidMaskError, MaskMismatchError, invalidParameterError } from '@inpaint/core';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { assertReadable, decoding } from './decode-errors.js';

/**
 * - a file path or an encoded image Buffer (PNG, JPEG, … anything sharp reads)
 * - a Sharp instance
 * - raw pixels `{ data, width, height, channels }` (a RawImage; its luma or single channel at 50 % decides)
 * - a mask-gen `Mask` (`{ data, width, height }`, one byte per pixel)
 * - `'alpha'`: the transparent pixels of the image itself
 */
export type MaskSource = string | Buffer | Uint8Array | Sharp | RawImage | Mask | 'alpha';

/** How a mask is read: invert, threshold, dilate, resizeMask (ranges and defaults in core's MASK_OPTION_SCHEMA). */
export type MaskOptions = Omit<OptionsOf<typeof MASK_OPTION_SCHEMA>, 'fillAlpha'>;

function isSharp(v: unknown): v is Sharp {
  return typeof v === 'object' && v !== null && typeof (v as Sharp).toBuffer === 'function' && typeof (v as Sharp).raw === 'function';
}

/** A mask image's pixels at their own size (resizing, when asked for, happens on the thresholded mask). */
async function decode(input: Sharp): Promise<RawImage> {
  const { data, info } = await input.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as RawImage['channels'] };
}

/** A resolved mask and what the caller should be told about it. */
export interface ResolvedMask {
  readonly mask: Mask;
  readonly warnings: string[];
}

/**
 * Resolve a mask source for an image of the given size.
 *
 * @example
 * const mask = await resolveMask('mask.png', { data, width, height, channels: 3 }, { dilate: 2 });
 * @throws {MaskMismatchError | InvalidMaskError | InvalidParameterError}; a missing or
 *   unreadable mask file is an InvalidMaskError too (its ENOENT / EACCES error as `cause`)
 */
export async function resolveMask(source: MaskSource, image: RawImage, o: MaskOptions = {}): Promise<Mask> {
  return (await resolveMaskWithWarnings(source, image, o)).mask;
}

/**
 * As resolveMask(), with warnings: the mask's holes were read from its alpha channel (see
 * mask-gen's maskFromMaskImage for the rule), or it marks no hole at all.
 * @example
 * const { mask, warnings } = await resolveMaskWithWarnings('mask.png', image, { resizeMask: true });
 */
export async function resolveMaskWithWarnings(source: MaskSource, image: RawImage, o: MaskOptions = {}): Promise<ResolvedMask> {
  const { width, height } = image;
  const threshold = o.threshold ?? THRESHOLD.default;
  const warnings: string[] = [];
  const fromImage = (img: RawImage, where: string): Mask => {
    const { mask, rule } = maskFromMaskImage(img, { threshold });
    if (rule === 'alpha') warnings.push(`the mask ${where} marks no white opaque pixel, so its transparent pixels (the minority: strokes erased from an opaque layer) were taken as the holes`);
    if (rule === 'opaque') warnings.push(`the mask ${where} marks no white opaque pixel, so its opaque pixels (the minority: strokes painted on a transparent layer) were taken as the holes`);
    return mask;
  };
  let mask: Mask;
  let where: string;
  if (source === 'alpha') {
    where = "'alpha'";
    if (image.channels !== 2 && image.channels !== 4) {
      throw new InvalidMaskError("mask 'alpha' needs an image with an alpha channel, but this one has none; pass a mask image instead", { file: 'alpha' });
    }
    mask = maskFromAlpha(image, { threshold });
  } else if (typeof source === 'string') {
    where = source;
    await assertReadable(source, 'mask');
    mask = fromImage(await decoding('mask', source, () => decode(sharp(source))), where);
  } else if (Buffer.isBuffer(source) || (source instanceof Uint8Array)) {
    where = '(buffer)';
    if (source.length === 0) throw new InvalidMaskError('the mask buffer is empty (0 bytes); pass an encoded image or raw pixels { data, width, height, channels }', { file: 'buffer', reason: 'empty buffer' });
    mask = fromImage(await decoding('mask', 'buffer', () => decode(sharp(source))), where);
  } else if (isSharp(source)) {
    where = '(Sharp instance)';
    mask = fromImage(await decoding('mask', 'Sharp instance', () => decode(source.clone())), where);
  } else if (typeof source === 'object' && source !== null && !Array.isArray(source) && (source as Mask).data instanceof Uint8Array) {
    where = '(raw pixels)';
    const s = source as Mask & { channels?: number };
    mask = s.channels === undefined ? { width: s.width, height: s.height, data: s.data } : fromImage(s as RawImage, where);
  } else {
    throw invalidParameterError('mask', "a path, an encoded Buffer, a Sharp instance, { data, width, height[, channels] } or 'alpha'", source);
  }
  if (mask.width !== width || mask.height !== height) {
    if (!o.resizeMask) {
      throw new MaskMismatchError(`mask ${where} is ${mask.width}x${mask.height} but the image is ${width}x${height} at this point of the chain; pass resizeMask: true to resize it (nearest neighbour)`);
    }
    mask = resizeMask(mask, width, height);
  }
  if (o.invert) mask = invertMask(mask);
  if (o.dilate) mask = dilate(mask, o.dilate);
  return { mask, warnings };
}
