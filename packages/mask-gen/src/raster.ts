/**
 * Span rasteriser for the mask generators. Every primitive is convex, so each image row
 * meets it in one interval; a pixel belongs to a primitive when its centre
 * (x + 0.5, y + 0.5) does. Primitives emit spans to a `SpanSink`, which either paints
 * a mask or counts the pixels a primitive would add (used to hit a hole ratio without
 * touching the mask).
 */
import type { Box, Mask } from './mask.js';
import { HOLE } from './mask.js';

export interface SpanSink {
  /** Pixels x0..x1 (inclusive) of row y; coordinates may lie outside, sinks clip. */
  span(y: number, x0: number, x1: number): void;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Paints hole pixels into a mask, clipped to a box (the border-free interior). */
export class PaintSink implements SpanSink {
  constructor(private readonly mask: Mask, private readonly clip: Box) {}
  span(y: number, x0: number, x1: number): void {
    const { clip, mask } = this;
    if (y < clip.y0 || y >= clip.y1) return;
    const a = Math.max(x0, clip.x0);
    const b = Math.min(x1, clip.x1 - 1);
    if (a > b) return;
    mask.data.fill(HOLE, y * mask.width + a, y * mask.width + b + 1);
  }
}

/**
 * Counts pixels that would become new holes, each at most once per `begin()` round,
 * without writing to the mask. Memory: one byte stamp per pixel, reused across rounds.
 */
export class CountSink implements SpanSink {
  private readonly stamps: Uint8Array;
  private round = 0;
  count = 0;
  constructor(private readonly mask: Mask, private readonly clip: Box) {
    this.stamps = new Uint8Array(mask.width * mask.height);
  }
  begin(): void {
    this.round++;
    if (this.round === 256) {
      this.stamps.fill(0);
      this.round = 1;
    }
    this.count = 0;
  }
  span(y: number, x0: number, x1: number): void {
    const { clip, mask, stamps, round } = this;
    if (y < clip.y0 || y >= clip.y1) return;
    const a = Math.max(x0, clip.x0);
    const b = Math.min(x1, clip.x1 - 1);
    const row = y * mask.width;
    const d = mask.data;
    let n = 0;
    for (let i = row + a; i <= row + b; i++) {
      if (d[i] === 0 && stamps[i] !== round) {
        stamps[i] = round;
        n++;
      }
    }
    this.count += n;
  }
}

/** Pixel range whose centres lie in the real interval [lo, hi]. */
function pixelRange(lo: number, hi: number): [number, number] {
  return [Math.ceil(lo - 0.5), Math.floor(hi - 0.5)];
}

/**
 * A segment from a to b thickened to `width` with round ends: the brush stroke of the
 * free-form generator ("round joints"). A zero-length segment is a disk.
 * @example
 * const all = { x0: 0, y0: 0, x1: mask.width, y1: mask.height };
 * capsule(new PaintSink(mask, all), { x: 10, y: 10 }, { x: 50, y: 40 }, 6); // a round-capped stroke
 */
export function capsule(sink: SpanSink, a: Point, b: Point, width: number): void {
  const r = width / 2;
  if (r <= 0) return;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const len = Math.sqrt(len2);
  const yTop = Math.min(a.y, b.y) - r;
  const yBot = Math.max(a.y, b.y) + r;
  const [ys, ye] = pixelRange(yTop, yBot);
  for (let y = ys; y <= ye; y++) {
    const yc = y + 0.5;
    let lo = Infinity;
    let hi = -Infinity;
    // the two end disks
    for (const p of [a, b]) {
      const h = r * r - (yc - p.y) * (yc - p.y);
      if (h >= 0) {
        const w = Math.sqrt(h);
        if (p.x - w < lo) lo = p.x - w;
        if (p.x + w > hi) hi = p.x + w;
      }
    }
    // the rectangle between them: 0 <= s(x) <= len2 and |cross| <= r*len
    if (len2 > 0) {
      let l = -Infinity;
      let h = Infinity;
      // s(x) = (x - ax)*dx + (yc - ay)*dy, within [0, len2]
      const sc = (yc - a.y) * dy;
      if (dx !== 0) {
        const x1 = (0 - sc) / dx + a.x;
        const x2 = (len2 - sc) / dx + a.x;
        l = Math.max(l, Math.min(x1, x2));
        h = Math.min(h, Math.max(x1, x2));
      } else if (sc < 0 || sc > len2) {
        h = -Infinity;
      }
      // cross(x) = dx*(yc - ay) - dy*(x - ax), |cross| <= r*len
      const cc = dx * (yc - a.y);
      const rl = r * len;
      if (dy !== 0) {
        const x1 = (cc - rl) / dy + a.x;
        const x2 = (cc + rl) / dy + a.x;
        l = Math.max(l, Math.min(x1, x2));
        h = Math.min(h, Math.max(x1, x2));
      } else if (Math.abs(cc) > rl) {
        h = -Infinity;
      }
      if (l <= h) {
        if (l < lo) lo = l;
        if (h > hi) hi = h;
      }
    }
    if (lo <= hi) {
      const [xs, xe] = pixelRange(lo, hi);
      if (xs <= xe) sink.span(y, xs, xe);
    }
  }
}

/**
 * Filled ellipse with centre c, semi-axes rx, ry, rotated by an angle whose sine and
 * cosine are given (so callers control how they are computed). A circle is rx = ry.
 * @example
 * const [sin, cos] = sinCos(0.3);
 * ellipse(new PaintSink(mask, { x0: 0, y0: 0, x1: mask.width, y1: mask.height }), { x: 64, y: 64 }, 20, 10, sin, cos);
 */
export function ellipse(sink: SpanSink, c: Point, rx: number, ry: number, sin: number, cos: number): void {
  if (rx <= 0 || ry <= 0) return;
  const ia = 1 / (rx * rx);
  const ib = 1 / (ry * ry);
  // quadratic form in (u, v) = (x - cx, y - cy)
  const A = cos * cos * ia + sin * sin * ib;
  const B = 2 * cos * sin * (ia - ib);
  const C = sin * sin * ia + cos * cos * ib;
  // vertical extent: v^2 <= 4A / (4AC - B^2)
  const det = 4 * A * C - B * B;
  const vmax = Math.sqrt((4 * A) / det);
  const [ys, ye] = pixelRange(c.y - vmax, c.y + vmax);
  for (let y = ys; y <= ye; y++) {
    const v = y + 0.5 - c.y;
    // A u^2 + B v u + C v^2 - 1 <= 0
    const disc = B * B * v * v - 4 * A * (C * v * v - 1);
    if (disc < 0) continue;
    const sq = Math.sqrt(disc);
    const u1 = (-B * v - sq) / (2 * A);
    const u2 = (-B * v + sq) / (2 * A);
    const [xs, xe] = pixelRange(c.x + u1, c.x + u2);
    if (xs <= xe) sink.span(y, xs, xe);
  }
}

/**
 * Axis-aligned filled rectangle covering exactly pixels x0 <= x < x1, y0 <= y < y1.
 * @example
 * rect(new PaintSink(mask, { x0: 0, y0: 0, x1: mask.width, y1: mask.height }), { x0: 8, y0: 8, x1: 40, y1: 24 });
 */
export function rect(sink: SpanSink, box: Box): void {
  for (let y = box.y0; y < box.y1; y++) if (box.x1 > box.x0) sink.span(y, box.x0, box.x1 - 1);
}

/**
 * A polyline of capsules sharing one width: round joints come from the capsules' round
 * ends. `t` in (0, 1] draws only the first fraction of its length (a prefix), so the
 * shape at a smaller t is a subset of the shape at a larger t.
 * @example
 * polyline(new PaintSink(mask, { x0: 0, y0: 0, x1: mask.width, y1: mask.height }), [{ x: 0, y: 0 }, { x: 30, y: 10 }, { x: 60, y: 0 }], 5);
 */
export function polyline(sink: SpanSink, points: readonly Point[], width: number, t = 1): void {
  if (points.length === 0) return;
  if (points.length === 1) {
    capsule(sink, points[0], points[0], width);
    return;
  }
  let total = 0;
  const lens: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const dx = points[i].x - points[i - 1].x;
    const dy = points[i].y - points[i - 1].y;
    const l = Math.sqrt(dx * dx + dy * dy);
    lens.push(l);
    total += l;
  }
  let budget = total * t;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const l = lens[i - 1];
    if (budget >= l) {
      capsule(sink, a, points[i], width);
      budget -= l;
    } else {
      const f = l > 0 ? budget / l : 0;
      const b = { x: a.x + (points[i].x - a.x) * f, y: a.y + (points[i].y - a.y) * f };
      capsule(sink, a, b, width);
      return;
    }
  }
}
