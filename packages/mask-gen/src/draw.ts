/**
 * Masks drawn from shapes someone else found: a detector's boxes and a segmenter's
 * polygons (YOLO, COCO), filled as holes. A pixel belongs to a shape when its centre
 * (x + 0.5, y + 0.5) does, as everywhere in raster.ts; coordinates are real numbers in
 * the image's pixels and may lie outside the image (the mask clips them).
 *
 * `grow` widens every shape by a disk of that radius (the Minkowski sum): the shape plus a
 * round-capped stroke of width 2 × grow along each of its edges, so a grown box has round
 * corners and a grown polygon round convex corners, exactly, without a distance transform.
 */
import { invalidParameterError } from './errors.js';
import type { Box, Mask } from './mask.js';
import { createMask } from './mask.js';
import type { Point, SpanSink } from './raster.js';
import { PaintSink, capsule } from './raster.js';

/** A closed polygon: its corners in order (the last joins the first); at least three. */
export type Polygon = readonly Point[];

/** How shapes are drawn: `grow` in pixels, >= 0 (default 0). */
export interface DrawOptions {
  readonly grow?: number;
}

function growOf(o: DrawOptions): number {
  const grow = o.grow ?? 0;
  if (typeof grow !== 'number' || !Number.isFinite(grow) || grow < 0) throw invalidParameterError('grow', 'a finite number of pixels >= 0', grow);
  return grow;
}

/**
 * Fill a polygon (even-odd rule, so it may be concave or cross itself) as spans: every
 * row's pixel centres between pairs of edge crossings.
 * @example
 * const mask = createMask(64, 64);
 * fillPolygon(new PaintSink(mask, { x0: 0, y0: 0, x1: 64, y1: 64 }), [{ x: 4, y: 4 }, { x: 60, y: 10 }, { x: 20, y: 50 }]);
 */
export function fillPolygon(sink: SpanSink, polygon: Polygon): void {
  if (polygon.length < 3) return;
  let top = Infinity, bottom = -Infinity;
  for (const p of polygon) { top = Math.min(top, p.y); bottom = Math.max(bottom, p.y); }
  const crossings: number[] = [];
  for (let y = Math.ceil(top - 0.5); y <= Math.floor(bottom - 0.5); y++) {
    const yc = y + 0.5;
    crossings.length = 0;
    for (let i = 0; i < polygon.length; i++) {
      const a = polygon[i], b = polygon[(i + 1) % polygon.length];
      // half-open in y, so a vertex on the row counts once
      if ((a.y <= yc && yc < b.y) || (b.y <= yc && yc < a.y)) crossings.push(a.x + ((yc - a.y) * (b.x - a.x)) / (b.y - a.y));
    }
    crossings.sort((p, q) => p - q);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const xs = Math.ceil(crossings[k] - 0.5), xe = Math.floor(crossings[k + 1] - 0.5);
      if (xs <= xe) sink.span(y, xs, xe);
    }
  }
}

function checkPolygon(p: unknown, i: number): Polygon {
  const ok = Array.isArray(p) && p.length >= 3 && p.every((q) => typeof q === 'object' && q !== null && Number.isFinite((q as Point).x) && Number.isFinite((q as Point).y));
  if (!ok) throw invalidParameterError(`polygons[${i}]`, 'a list of at least three points { x, y } with finite coordinates', p);
  return p as Polygon;
}

/**
 * A mask of `width` × `height` whose holes are the given polygons (each grown by `grow`
 * pixels with round corners). Parts outside the image are clipped.
 * @example
 * const mask = drawPolygons(640, 480, [[{ x: 100, y: 100 }, { x: 300, y: 120 }, { x: 180, y: 320 }]], { grow: 4 });
 * @throws {InvalidParameterError} for a bad size, polygon or grow
 */
export function drawPolygons(width: number, height: number, polygons: readonly Polygon[], o: DrawOptions = {}): Mask {
  const mask = createMask(width, height);
  const grow = growOf(o);
  const sink = new PaintSink(mask, { x0: 0, y0: 0, x1: width, y1: height });
  polygons.forEach((p, i) => {
    const polygon = checkPolygon(p, i);
    fillPolygon(sink, polygon);
    if (grow > 0) for (let k = 0; k < polygon.length; k++) capsule(sink, polygon[k], polygon[(k + 1) % polygon.length], 2 * grow);
  });
  return mask;
}

/**
 * A box's corners, clockwise from its top left.
 * @example
 * boxCorners({ x0: 0, y0: 0, x1: 4, y1: 2 }); // [{ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 4, y: 2 }, { x: 0, y: 2 }]
 */
export function boxCorners(b: Box): Polygon {
  return [{ x: b.x0, y: b.y0 }, { x: b.x1, y: b.y0 }, { x: b.x1, y: b.y1 }, { x: b.x0, y: b.y1 }];
}

/**
 * A mask of `width` × `height` whose holes are the given boxes (real coordinates,
 * x0 <= x < x1: a box of whole pixels covers exactly those pixels), each grown by `grow`
 * pixels with round corners. Parts outside the image are clipped.
 * @example
 * const mask = drawBoxes(640, 480, [{ x0: 120, y0: 80, x1: 260, y1: 300 }], { grow: 8 });
 * @throws {InvalidParameterError} for a bad size, box or grow
 */
export function drawBoxes(width: number, height: number, boxes: readonly Box[], o: DrawOptions = {}): Mask {
  return drawPolygons(width, height, boxes.map((b, i) => {
    if (![b?.x0, b?.y0, b?.x1, b?.y1].every(Number.isFinite) || b.x1 < b.x0 || b.y1 < b.y0) throw invalidParameterError(`boxes[${i}]`, 'a box { x0, y0, x1, y1 } with finite coordinates, x0 <= x1 and y0 <= y1', b);
    return boxCorners(b);
  }), o);
}
