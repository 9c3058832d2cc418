/**
 * The pixels of a sharp chain at the point of `.inpaint()`: decoded as raw samples, 16-bit
 * inputs at 16 bits, every frame of an animated input, with the typed errors of the image.
 */
import type { RawImage } from '@inpaint/core';
import type { Sharp } from 'sharp';
import { assertReadable, decoding } from './decode-errors.js';
import { inputSourceOf, setsColourspace } from './sharp-internals.js';

/** Decoded pixels as raw samples: 16-bit inputs at 16 bits, every frame of an animated input (a strip of frames `pageHeight` high). */
export interface Decoded {
  readonly image: RawImage;
  /** The height of one frame of an animation; 0 for a still image. */
  readonly pageHeight: number;
  readonly animation: { delay?: number[]; loop?: number };
  /** A 16-bit input decoded at 8 bits (keepMetadata): reported as a warning. */
  readonly reduced?: boolean;
}

/**
 * The pixels of `upstream` at this point of its chain (the chain itself is left as it is):
 * a file input checked readable first; 16-bit inputs at 16 bits when `allowSixteen` (else at
 * 8, `reduced`); an animation as a strip of frames with its delays and loop. A failure is
 * the image's typed error, naming its file.
 * @example
 * const { image, pageHeight } = await decodeUpstream(sharp('photo.png').resize(512), true);
 */
export async function decodeUpstream(upstream: Sharp, allowSixteen: boolean): Promise<Decoded & { reduced: boolean }> {
  const source = inputSourceOf(upstream);
  if (source !== 'buffer' && source !== 'stream' && source !== 'raw pixels') await assertReadable(source, 'image');
  return decoding('image', source, async () => {
    const meta = await upstream.clone().metadata();
    let pipeline = upstream.clone();
    const isSixteen = meta.depth === 'ushort' && !setsColourspace(upstream);
    const sixteen = isSixteen && allowSixteen;
    if (sixteen) pipeline = pipeline.toColourspace((meta.channels ?? 3) >= 3 ? 'rgb16' : 'grey16');
    const { data, info } = await pipeline.raw({ depth: sixteen ? 'ushort' : 'uchar' }).toBuffer({ resolveWithObject: true });
    const samples = sixteen ? new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2) : data;
    const pages = info.pages && info.pageHeight && info.pages > 1 && info.pageHeight * info.pages === info.height ? info.pages : 1;
    return {
      image: { data: samples, width: info.width, height: info.height, channels: info.channels as RawImage['channels'] },
      pageHeight: pages > 1 ? info.pageHeight! : 0,
      animation: pages > 1 ? { delay: meta.delay, loop: meta.loop } : {},
      reduced: isSixteen && !sixteen,
    };
  });
}
