/**
 * Crops at 100 % around a hole: the side-by-side rows of `inpaint eval --native --save` and
 * the pairs of a blind test (`--blind`) show the same window of every image.
 */
import type { RawImage } from '@inpaint/core';
import { boundingBox } from '@inpaint/mask-gen';
import type { Mask } from '@inpaint/mask-gen';

export interface Crop { left: number; top: number; width: number; height: number }

/** Hole pixels of a mask inside a crop. */
function holesIn(mask: Mask, c: Crop): number {
  let n = 0;
  for (let y = c.top; y < c.top + c.height; y++) {
    const row = y * mask.width;
    for (let x = c.left; x < c.left + c.width; x++) if (mask.data[row + x]) n++;
  }
  return n;
}

/** The crop of the given size centred on (cx, cy), moved inside the image. */
function centredOn(mask: Mask, cx: number, cy: number, width: number, height: number): Crop {
  const left = Math.max(0, Math.min(mask.width - width, Math.round(cx - width / 2)));
  const top = Math.max(0, Math.min(mask.height - height, Math.round(cy - height / 2)));
  return { left, top, width, height };
}

/**
 * A crop at 100 % around the hole (at most 640×480): centred on the hole's bounding box, or
 * on a third of the crop's width past the hole's left edge when the hole is wider than the
 * crop (the seam is where defects show). When that window holds no hole pixel (thin strokes
 * crossing the photo: their box is most of it), it is centred on the hole pixel nearest to it.
 * @example
 * const c = holeCrop(mask); // { left, top, width, height }
 */
export function holeCrop(mask: Mask): Crop {
  const hole = boundingBox(mask);
  const box = hole ?? { x0: 0, y0: 0, x1: mask.width, y1: mask.height };
  const width = Math.min(640, mask.width), height = Math.min(480, mask.height);
  const cx = box.x1 - box.x0 > width ? box.x0 + width / 3 : (box.x0 + box.x1) / 2;
  const cy = (box.y0 + box.y1) / 2;
  const crop = centredOn(mask, cx, cy, width, height);
  if (!hole || holesIn(mask, crop) > 0) return crop;
  let best = -1, bestD = Infinity;
  for (let p = 0; p < mask.data.length; p++) {
    if (!mask.data[p]) continue;
    const dx = (p % mask.width) + 0.5 - cx, dy = Math.floor(p / mask.width) + 0.5 - cy;
    const d = dx * dx + dy * dy;
    if (d < bestD) { bestD = d; best = p; }
  }
  return centredOn(mask, (best % mask.width) + 0.5, Math.floor(best / mask.width) + 0.5, width, height);
}

/**
 * The pixels of an 8-bit RGB image inside a crop.
 * @example
 * const tile = cropOf(image, holeCrop(mask));
 */
export function cropOf(img: RawImage, c: Crop): RawImage {
  const data = new Uint8Array(c.width * c.height * 3);
  for (let y = 0; y < c.height; y++) data.set(img.data.subarray(((c.top + y) * img.width + c.left) * 3, ((c.top + y) * img.width + c.left + c.width) * 3), y * c.width * 3);
  return { width: c.width, height: c.height, channels: 3, data };
}
