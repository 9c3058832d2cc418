/**
 * Masks from images: threshold a channel (or luma), or take transparent pixels.
 */
import type { Mask } from './mask.js';
import { HOLE, KEEP, assertSize } from './mask.js';
import type { RawImage } from './image.js';
import { invalidParameterError } from './errors.js';


export interface ThresholdOptions {
  /** Channel index, or 'luma' (Rec. 601 of RGB). Default: 'luma' for 3–4 channels, 0 otherwise. */
  channel?: number | 'luma';
  /** A pixel is a hole when its value is >= threshold, as a fraction of full scale. Default 0.5. */
  threshold?: number;
  /** Swap holes and kept pixels (for black-is-hole masks). Default false. */
  invert?: boolean;
}

function checkSource(img: RawImage): number {
  assertSize('width', img.width);
  assertSize('height', img.height);
  if (!Number.isInteger(img.channels) || img.channels < 1 || img.channels > 4) {
    throw invalidParameterError('channels', 'an integer in [1, 4]', img.channels);
  }
  if (img.data.length !== img.width * img.height * img.channels) {
    throw invalidParameterError('data', `width*height*channels = ${img.width * img.height * img.channels} samples`, `${img.data.length} samples`);
  }
  return img.data instanceof Uint16Array ? 65535 : 255;
}

/** The threshold's range and default: declared here, where masks are thresholded; core's option schema takes them from here. */
export const THRESHOLD = { minimum: 0, maximum: 1, default: 0.5 } as const;

function checkThreshold(t: number): void {
  if (typeof t !== 'number' || !(t >= THRESHOLD.minimum && t <= THRESHOLD.maximum)) {
    throw invalidParameterError('threshold', `a number in [${THRESHOLD.minimum}, ${THRESHOLD.maximum}]`, t);
  }
}

/**
 * A mask from an image where bright pixels are holes (white = hole, the project's convention).
 *
 * @example
 * const mask = maskFromImage({ data, width, height, channels: 3 }); // luma >= 50% is a hole
 * @throws {InvalidParameterError} for a bad size, channel count, channel index or threshold.
 */
export function maskFromImage(img: RawImage, options: ThresholdOptions = {}): Mask {
  const full = checkSource(img);
  const threshold = options.threshold ?? THRESHOLD.default;
  checkThreshold(threshold);
  const ch = options.channel ?? (img.channels >= 3 ? 'luma' : 0);
  if (ch === 'luma' ? img.channels < 3 : !(Number.isInteger(ch) && ch >= 0 && ch < img.channels)) {
    throw invalidParameterError('channel', `'luma' (3–4 channels) or an index in [0, ${img.channels - 1}]`, ch);
  }
  const cut = threshold * full;
  const on = options.invert ? KEEP : HOLE;
  const off = options.invert ? HOLE : KEEP;
  const n = img.width * img.height;
  const data = new Uint8Array(n);
  const src = img.data;
  const c = img.channels;
  for (let i = 0; i < n; i++) {
    const v = ch === 'luma'
      ? 0.299 * src[i * c] + 0.587 * src[i * c + 1] + 0.114 * src[i * c + 2]
      : src[i * c + ch];
    data[i] = v >= cut ? on : off;
  }
  return { width: img.width, height: img.height, data };
}

/**
 * A mask of the transparent pixels: alpha below the threshold is a hole.
 *
 * @example
 * const mask = maskFromAlpha(rgbaImage); // alpha < 50% → hole
 * @throws {InvalidParameterError} when the image has no alpha channel (2 or 4 channels).
 */
export function maskFromAlpha(img: RawImage, options: Omit<ThresholdOptions, 'channel'> = {}): Mask {
  const full = checkSource(img);
  if (img.channels !== 2 && img.channels !== 4) {
    throw invalidParameterError('image', 'an image with an alpha channel (2 or 4 channels) for an alpha mask', `${img.channels} channels`);
  }
  const threshold = options.threshold ?? THRESHOLD.default;
  checkThreshold(threshold);
  const cut = threshold * full;
  const n = img.width * img.height;
  const data = new Uint8Array(n);
  const a = img.channels - 1;
  const hole = options.invert ? KEEP : HOLE;
  const keep = options.invert ? HOLE : KEEP;
  for (let i = 0; i < n; i++) data[i] = img.data[i * img.channels + a] < cut ? hole : keep;
  return { width: img.width, height: img.height, data };
}

/**
 * Which rule decided the holes of a mask image (see maskFromMaskImage): 'colour' (white and
 * opaque pixels), 'opaque' (the opaque pixels of a mask with no white one, the minority:
 * strokes on a transparent layer), 'alpha' (its transparent pixels: an erased layer).
 */
export type MaskRule = 'colour' | 'opaque' | 'alpha';

/**
 * The project's one rule for reading a mask *image* (files, buffers, raw pixels):
 *
 * 1. A pixel is a hole when its colour is white (luma, or its grey value, ≥ threshold)
 *    **and** it is opaque (alpha ≥ 50 %): transparent pixels are never holes by colour,
 *    as if the mask were flattened onto black.
 * 2. If that marks no hole but the mask has transparent *and* opaque pixels, the holes
 *    were drawn in the alpha channel, and the smaller of the two sets is the holes: the
 *    opaque pixels when they are the minority (strokes of any colour on a transparent layer,
 *    as a canvas `toDataURL()`, Figma or a paint program's layer export gives: rule
 *    'opaque'), the transparent ones otherwise (strokes erased from an opaque layer: rule
 *    'alpha'). `rule` says which, so callers can tell the user. So a mask never makes most
 *    of the image a hole through this rule.
 *
 * Masks without alpha use rule 1 alone. `invert` swaps holes and kept pixels at the end.
 *
 * @example
 * const { mask, rule } = maskFromMaskImage({ data, width, height, channels: 4 });
 * if (rule === 'alpha') console.warn('mask holes taken from its transparent pixels');
 * @throws {InvalidParameterError} for a bad size, channel count or threshold.
 */
export function maskFromMaskImage(img: RawImage, options: Omit<ThresholdOptions, 'channel'> = {}): { mask: Mask; rule: MaskRule } {
  const full = checkSource(img);
  const threshold = options.threshold ?? THRESHOLD.default;
  checkThreshold(threshold);
  const colour = maskFromImage(img, { threshold });
  let mask = colour;
  let rule: MaskRule = 'colour';
  if (img.channels === 2 || img.channels === 4) {
    const a = img.channels - 1;
    const opaqueCut = full / 2;
    let transparent = 0;
    for (let i = 0; i < colour.data.length; i++) {
      if (img.data[i * img.channels + a] < opaqueCut) {
        colour.data[i] = KEEP;
        transparent++;
      }
    }
    if (transparent > 0 && transparent < colour.data.length && !colour.data.includes(HOLE)) {
      const transparentHoles = maskFromAlpha(img, { threshold: 0.5 });
      if (transparent * 2 > colour.data.length) {
        // the opaque pixels are the minority: they are the strokes
        for (let i = 0; i < transparentHoles.data.length; i++) transparentHoles.data[i] = transparentHoles.data[i] === HOLE ? KEEP : HOLE;
        rule = 'opaque';
      } else {
        rule = 'alpha';
      }
      mask = transparentHoles;
    }
  }
  if (options.invert) for (let i = 0; i < mask.data.length; i++) mask.data[i] = mask.data[i] === HOLE ? KEEP : HOLE;
  return { mask, rule };
}
