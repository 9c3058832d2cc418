/**
 * A photo's label shapes drawn as its hole mask by mask-gen (drawBoxes / drawPolygons: one
 * home for drawing), each grown by `grow` pixels with round corners. A shape that reaches
 * outside the photo is clipped to it, with a warning for the record.
 */
import type { Mask, Polygon } from '@inpaint/mask-gen';
import { drawPolygons } from '@inpaint/mask-gen';
import { decoding } from '@inpaint/sharp/api';
import sharp from 'sharp';
import type { LabelShapes } from './labels.js';

/** The mask and what the record should say about it. */
export interface LabelMask {
  readonly mask: Mask;
  readonly warnings: string[];
}

/**
 * Draw the shapes on a mask of the photo's size (normalised shapes scaled to it).
 * @example
 * const { mask, warnings } = labelMask({ source: 'labels/cat.txt', units: 'normalised', boxes: [[0.4, 0.3, 0.2, 0.4]], polygons: [] }, 640, 480, 4);
 */
export function labelMask(shapes: LabelShapes, width: number, height: number, grow = 0): LabelMask {
  const sx = shapes.units === 'normalised' ? width : 1, sy = shapes.units === 'normalised' ? height : 1;
  const polygons: Polygon[] = [
    ...shapes.boxes.map(([x, y, w, h]) => [{ x: x * sx, y: y * sy }, { x: (x + w) * sx, y: y * sy }, { x: (x + w) * sx, y: (y + h) * sy }, { x: x * sx, y: (y + h) * sy }]),
    ...shapes.polygons.map((flat) => Array.from({ length: flat.length / 2 }, (_, i) => ({ x: flat[2 * i] * sx, y: flat[2 * i + 1] * sy }))),
  ];
  const warnings: string[] = [];
  polygons.forEach((p, i) => {
    const xs = p.map((q) => q.x), ys = p.map((q) => q.y);
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    const what = i < shapes.boxes.length ? `box ${i + 1}` : `polygon ${i + 1 - shapes.boxes.length}`;
    const where = `${x0.toFixed(0)},${y0.toFixed(0)} to ${x1.toFixed(0)},${y1.toFixed(0)}`;
    if (x1 <= 0 || y1 <= 0 || x0 >= width || y0 >= height) warnings.push(`${shapes.source}: ${what} (${where}) lies outside the ${width}x${height} image; ignored`);
    else if (x0 < 0 || y0 < 0 || x1 > width || y1 > height) warnings.push(`${shapes.source}: ${what} (${where}) reaches outside the ${width}x${height} image; clipped to it`);
  });
  return { mask: drawPolygons(width, height, polygons, { grow }), warnings };
}

/**
 * Whether labels hold any shape to draw (a file of other classes, or an empty list, holds none).
 * @example
 * hasShapes({ source: 'labels/a.txt', units: 'normalised', boxes: [], polygons: [] }); // false
 */
export function hasShapes(shapes: LabelShapes): boolean {
  return shapes.boxes.length + shapes.polygons.length > 0;
}

/**
 * The shapes drawn on a mask of the size the file road will see `image` at: its own size, or
 * with EXIF orientation applied unless `autoOrient` is false (orientations 5–8 swap width and
 * height). A file that cannot be read is the typed error of `decoding`, naming `name`.
 * @example
 * const { mask, warnings } = await labelMaskFor('photos/cat.jpg', 'photos/cat.jpg', shapes, { grow: 8 });
 */
export async function labelMaskFor(image: string | Buffer, name: string, shapes: LabelShapes, o: { readonly grow?: number; readonly autoOrient?: boolean } = {}): Promise<LabelMask> {
  const meta = await decoding('image', name, () => sharp(image).metadata());
  const turned = o.autoOrient !== false && (meta.orientation ?? 1) >= 5;
  return labelMask(shapes, turned ? meta.height : meta.width, turned ? meta.width : meta.height, o.grow ?? 0);
}
