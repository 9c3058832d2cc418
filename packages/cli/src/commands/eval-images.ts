/**
 * The photos of `inpaint eval`: a folder's images decoded as RGB, centre-cropped and resized
 * to the 512² protocol's square or kept at their own size, and the masked input a method sees.
 */
import { readdir } from 'node:fs/promises';
import { join, parse } from 'node:path';
import type { RawImage } from '@inpaint/core';
import { invalidParameterError } from '@inpaint/core';
import { IMAGE_EXTENSIONS } from '@inpaint/files';
import sharp from 'sharp';

/**
 * The images of `dir` (sorted by name, the first `limit`), as 8-bit RGB: oriented, then
 * centre-cropped and resized to `size`² (Lanczos), or at their own size with 'native'.
 * @example
 * const { names, images } = await loadEvalImages('training/cache/eval512-dev', 512);
 */
export async function loadEvalImages(dir: string, size: number | 'native', limit?: number): Promise<{ names: string[]; images: RawImage[] }> {
  const exts = new Set(IMAGE_EXTENSIONS);
  const names = (await readdir(dir)).filter((n) => exts.has(parse(n).ext.slice(1).toLowerCase())).sort().slice(0, limit ?? Infinity);
  if (names.length === 0) throw invalidParameterError('--images', 'a folder with images', `'${dir}', which holds none`);
  const images = await Promise.all(names.map(async (n) => {
    const oriented = sharp(join(dir, n)).autoOrient();
    const sized = size === 'native' ? oriented : oriented.resize(size, size, { fit: 'cover', position: 'centre', kernel: 'lanczos3' });
    const { data, info } = await sized.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 } as RawImage;
  }));
  return { names, images };
}

/**
 * A copy of an RGB image with every hole pixel (non-zero in `hole`, one byte per pixel) set to
 * `colour` in all three channels: 0 for the input every method fills (nothing to peek at), 255
 * for the saved rows' masked tile.
 * @example
 * const input = withHoles(photo, mask.data, 0);
 */
export function withHoles(img: RawImage, hole: Uint8Array, colour: number): RawImage {
  const data = img.data.slice();
  for (let p = 0; p < hole.length; p++) if (hole[p]) data.fill(colour, p * 3, p * 3 + 3);
  return { ...img, data };
}
