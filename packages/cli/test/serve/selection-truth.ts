// Objects in the sample photos (samples/photos, 640 px wide), each with the box a user
// would drag, the strokes (if any) it needs, and a truth mask written down by hand as
// polygons: read off 4x and 8x crops of the photo with a 10 px / 5 px grid. The tests
// score a selection by its IoU with the truth.
import sharp from 'sharp';
import type { Mask, Polygon } from '@inpaint/mask-gen';
import { drawPolygons } from '@inpaint/mask-gen';

export interface SelectionCase {
  readonly photo: string;
  readonly box: [number, number, number, number];
  readonly strokes: { mode: 'keep' | 'remove'; size: number; points: [number, number][] }[];
  readonly truth: readonly Polygon[];
}

const points = (xy: [number, number][]): Polygon => xy.map(([x, y]) => ({ x, y }));

export const SELECTION_CASES: Record<string, SelectionCase> = {
  // the stone orientation table on the hill: an elliptic top and its pillar; the pillar is as
  // dark as the ground beside it, so a remove stroke down the pillar and then a keep stroke on
  // the ground right of it tell them apart (the box alone takes the ground too; the keep
  // stroke alone can give the pillar, and then the whole box, to the background)
  table: {
    photo: new URL('../../../../samples/photos/sunset.jpg', import.meta.url).pathname,
    box: [398, 272, 200, 155],
    strokes: [{ mode: 'remove', size: 16, points: [[490, 360], [490, 420]] }, { mode: 'keep', size: 16, points: [[548, 365], [548, 420]] }],
    truth: [
      points([[594, 312], [587, 326], [566, 337], [535, 345], [498, 348], [461, 345], [430, 337], [409, 326], [402, 312], [409, 298], [430, 287], [461, 279], [498, 276], [535, 279], [566, 287], [587, 298]]),
      points([[456, 330], [522, 330], [522, 427], [456, 427]]),
    ],
  },
  // the cat's nose with its dark rim: a box alone
  nose: {
    photo: new URL('../../../../samples/photos/cat.jpg', import.meta.url).pathname,
    box: [296, 268, 80, 54],
    strokes: [],
    truth: [points([[298, 276], [310, 273], [362, 274], [373, 278], [360, 296], [345, 316], [337, 321], [329, 316], [313, 295]])],
  },
};

/** The truth as a mask of the photo's size. */
export async function truthMask(c: SelectionCase): Promise<Mask> {
  const { width, height } = await sharp(c.photo).metadata();
  return drawPolygons(width!, height!, c.truth);
}

/** Intersection over union of two masks' holes (any non-zero byte, or >= 128 for a decoded PNG). */
export function iou(a: Uint8Array, b: Uint8Array): number {
  let inter = 0, union = 0;
  for (let i = 0; i < a.length; i++) {
    const p = a[i] >= 128, q = b[i] >= 128;
    if (p && q) inter++;
    if (p || q) union++;
  }
  return union === 0 ? 0 : inter / union;
}
