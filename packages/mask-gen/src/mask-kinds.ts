/**
 * Mask element streams. Each kind yields an endless, seeded sequence of elements; an
 * element draws itself at a scale `t` in (0, 1], and the shape at a smaller `t` is
 * always a subset of the shape at a larger one (a prefix of a stroke, a smaller radius),
 * which is what lets `generateMask` hit a hole ratio by binary search.
 */
import type { Box } from './mask.js';
import type { Point, SpanSink } from './raster.js';
import { ellipse, polyline, rect } from './raster.js';
import type { Rng } from './rng.js';
import { PI, sinCos } from './trig.js';
import { invalidParameterError } from './errors.js';

export type MaskKind = 'strokes' | 'shapes' | 'boxes' | 'mixed' | 'objects';
export const MASK_KINDS: readonly MaskKind[] = ['strokes', 'shapes', 'boxes', 'mixed', 'objects'];

/** One drawable element of a mask. */
export type Element = (sink: SpanSink, t: number) => void;

/** Where elements are placed: the image size and the interior that `border` leaves. */
export interface Canvas {
  readonly width: number;
  readonly height: number;
  readonly clip: Box;
}

export interface StrokeOptions {
  /** Vertices per stroke, inclusive range. Default [4, 12] (DeepFill v2). */
  vertices?: [number, number];
  /** Mean turning angle in radians. Default 2π/5. */
  meanAngle?: number;
  /** Spread of the turning angle. Default 2π/15. */
  angleRange?: number;
  /** Brush width in pixels at a 512-pixel short side, scaled with the image. Default [12, 40]. */
  brushWidth?: [number, number];
}

export interface ShapeOptions {
  /** How many of each shape (lines, circles, ellipse arcs) per round. Default [1, 20] (Keras PConv). */
  perRound?: [number, number];
  /** Size scale: max thickness and radius are `(width + height) * sizeFactor`. Default 0.03. */
  sizeFactor?: number;
}

export interface BoxOptions {
  /** Box side as a fraction of the image side. Default [0.05, 0.4]. */
  side?: [number, number];
}

export interface ObjectOptions {
  /** Semi-axis of a blob or half side of a box, as a fraction of the image side. Default [0.12, 0.35]. */
  size?: [number, number];
}

export interface MixedOptions {
  /** Relative weights of the kinds. Default { strokes: 0.5, shapes: 0.3, boxes: 0.2 }. */
  weights?: { strokes?: number; shapes?: number; boxes?: number };
}

export interface KindOptions {
  strokes?: StrokeOptions;
  shapes?: ShapeOptions;
  boxes?: BoxOptions;
  mixed?: MixedOptions;
  objects?: ObjectOptions;
}

function clampPoint(p: Point, clip: Box): Point {
  return {
    x: Math.min(Math.max(p.x, clip.x0), clip.x1),
    y: Math.min(Math.max(p.y, clip.y0), clip.y1),
  };
}

function randomPoint(rng: Rng, clip: Box): Point {
  return { x: rng.uniform(clip.x0, clip.x1), y: rng.uniform(clip.y0, clip.y1) };
}

/**
 * Free-form brush strokes, the DeepFill v2 recipe: a random walk of 4–12 vertices whose
 * turning angles alternate around a mean, step lengths normal around the image
 * diagonal / 8, one brush width per stroke, round joints.
 * @example
 * const next = strokeStream(createRng(1), { width: 512, height: 512, clip: { x0: 0, y0: 0, x1: 512, y1: 512 } }); const element = next();
 */
export function strokeStream(rng: Rng, canvas: Canvas, o: StrokeOptions = {}): () => Element {
  const [vMin, vMax] = o.vertices ?? [4, 12];
  const meanAngle = o.meanAngle ?? (2 * PI) / 5;
  const angleRange = o.angleRange ?? (2 * PI) / 15;
  const [wMin, wMax] = o.brushWidth ?? [12, 40];
  const scale = Math.min(canvas.width, canvas.height) / 512;
  const avgRadius = Math.sqrt(canvas.width * canvas.width + canvas.height * canvas.height) / 8;
  return () => {
    const n = rng.int(vMin, vMax);
    const aMin = meanAngle - rng.uniform(0, angleRange);
    const aMax = meanAngle + rng.uniform(0, angleRange);
    const points: Point[] = [randomPoint(rng, canvas.clip)];
    let heading = rng.uniform(0, 2 * PI);
    for (let i = 1; i < n; i++) {
      const turn = rng.uniform(aMin, aMax);
      heading += i % 2 === 0 ? 2 * PI - turn : turn;
      const r = Math.min(Math.max(rng.normal(avgRadius, avgRadius / 2), 0), 2 * avgRadius);
      const [s, c] = sinCos(heading);
      const prev = points[i - 1];
      points.push(clampPoint({ x: prev.x + r * c, y: prev.y + r * s }, canvas.clip));
    }
    const width = Math.max(1, rng.uniform(wMin, wMax) * scale);
    return (sink, t) => polyline(sink, points, width, t);
  };
}

function arcPoints(c: Point, rx: number, ry: number, rot: number, from: number, to: number): Point[] {
  const [rs, rc] = sinCos(rot);
  const steps = Math.max(4, Math.ceil(Math.abs(to - from) / (PI / 24)));
  const pts: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const [s, co] = sinCos(from + ((to - from) * i) / steps);
    const x = rx * co;
    const y = ry * s;
    pts.push({ x: c.x + x * rc - y * rs, y: c.y + x * rs + y * rc });
  }
  return pts;
}

/**
 * Lines, filled circles and thick elliptic arcs, the recipe of the Keras PConv
 * implementation: each round draws 1–20 of each with thickness and radius in
 * [3, (w + h) · 0.03], in a shuffled order.
 * @example
 * const next = shapeStream(createRng(1), { width: 512, height: 512, clip: { x0: 0, y0: 0, x1: 512, y1: 512 } }); const element = next();
 */
export function shapeStream(rng: Rng, canvas: Canvas, o: ShapeOptions = {}): () => Element {
  const [nMin, nMax] = o.perRound ?? [1, 20];
  const size = Math.max(3, Math.floor((canvas.width + canvas.height) * (o.sizeFactor ?? 0.03)));
  const deg = PI / 180;
  const makers: (() => Element)[] = [
    () => {
      const a = randomPoint(rng, canvas.clip);
      const b = randomPoint(rng, canvas.clip);
      const width = rng.int(3, size);
      return (sink, t) => polyline(sink, [a, b], width, t);
    },
    () => {
      const c = randomPoint(rng, canvas.clip);
      const r = rng.int(3, size);
      return (sink, t) => ellipse(sink, c, r * t, r * t, 0, 1);
    },
    () => {
      const c = randomPoint(rng, canvas.clip);
      const rx = rng.int(1, canvas.width);
      const ry = rng.int(1, canvas.height);
      const rot = rng.int(3, 180) * deg;
      const from = rng.int(3, 180) * deg;
      const to = rng.int(3, 180) * deg;
      const width = rng.int(3, size);
      const pts = arcPoints(c, rx, ry, rot, from, to === from ? to + deg : to);
      return (sink, t) => polyline(sink, pts, width, t);
    },
  ];
  const queue: (() => Element)[] = [];
  return () => {
    if (queue.length === 0) {
      for (const make of makers) {
        const n = rng.int(nMin, nMax);
        for (let i = 0; i < n; i++) queue.push(make);
      }
      for (let i = queue.length - 1; i > 0; i--) {
        const j = rng.int(0, i);
        [queue[i], queue[j]] = [queue[j], queue[i]];
      }
    }
    return queue.pop()!();
  };
}

/**
 * Axis-aligned rectangles, sides uniform in a fraction of the image; scaled about their centre.
 * @example
 * const next = boxStream(createRng(1), { width: 512, height: 512, clip: { x0: 0, y0: 0, x1: 512, y1: 512 } }); const element = next();
 */
export function boxStream(rng: Rng, canvas: Canvas, o: BoxOptions = {}): () => Element {
  const [sMin, sMax] = o.side ?? [0.05, 0.4];
  return () => {
    const c = randomPoint(rng, canvas.clip);
    const hw = (rng.uniform(sMin, sMax) * canvas.width) / 2;
    const hh = (rng.uniform(sMin, sMax) * canvas.height) / 2;
    return (sink, t) =>
      rect(sink, {
        x0: Math.floor(c.x - hw * t),
        y0: Math.floor(c.y - hh * t),
        x1: Math.ceil(c.x + hw * t),
        y1: Math.ceil(c.y + hh * t),
      });
  };
}

/**
 * Object-size holes, what a person removes from a photo: solid blobs (ellipses at any angle)
 * and boxes, each a large share of the image, so that one or two reach 3–25 % of it.
 * Scaled about their centre, placed so that they stay inside the clip area.
 * @example
 * const next = objectStream(rng, canvas, {}); const element = next();
 */
export function objectStream(rng: Rng, canvas: Canvas, o: ObjectOptions = {}): () => Element {
  const [sMin, sMax] = o.size ?? [0.12, 0.35];
  const deg = PI / 180;
  return () => {
    const rx = rng.uniform(sMin, sMax) * canvas.width;
    const ry = rng.uniform(sMin, sMax) * canvas.height;
    const { clip } = canvas;
    // centre far enough in that the element at full scale stays inside the clip where it can
    const cx = rng.uniform(Math.min(clip.x0 + rx, (clip.x0 + clip.x1) / 2), Math.max(clip.x1 - rx, (clip.x0 + clip.x1) / 2));
    const cy = rng.uniform(Math.min(clip.y0 + ry, (clip.y0 + clip.y1) / 2), Math.max(clip.y1 - ry, (clip.y0 + clip.y1) / 2));
    if (rng.next() < 0.5) {
      const [sin, cos] = sinCos(rng.int(0, 179) * deg);
      return (sink, t) => ellipse(sink, { x: cx, y: cy }, rx * t, ry * t, sin, cos);
    }
    return (sink, t) => rect(sink, {
      x0: Math.floor(cx - rx * t), y0: Math.floor(cy - ry * t), x1: Math.ceil(cx + rx * t), y1: Math.ceil(cy + ry * t),
    });
  };
}

export interface LineOptions {
  /** Stroke width in pixels at 1.5 megapixels, scaled with the image's linear size (√(pixels / 1.5 M)). Default [6, 24]. */
  width?: [number, number];
  /** Vertices per stroke, inclusive range. Default [4, 8]. */
  vertices?: [number, number];
  /** Largest sideways sag of a stroke, as a fraction of its length. Default 0.08. */
  bend?: number;
}

/**
 * Long thin strokes that cross the image, what a watermark, a wire, a line of text or a
 * scratch leaves: a line at any angle through a point of the middle half of the clip area,
 * from one edge of it to the other, gently bent (a parabolic sag up to `bend` of its length
 * and a small wobble at each vertex), one width per stroke (6–24 pixels at 1.5 megapixels,
 * scaled with the image's linear size). Drawn with `polyline`: a smaller `t` is a prefix.
 * @example
 * const next = lineStream(createRng(1), { width: 1500, height: 1000, clip: { x0: 20, y0: 20, x1: 1480, y1: 980 } }); const element = next();
 */
export function lineStream(rng: Rng, canvas: Canvas, o: LineOptions = {}): () => Element {
  const [wMin, wMax] = o.width ?? [6, 24];
  const [vMin, vMax] = o.vertices ?? [4, 8];
  const bend = o.bend ?? 0.08;
  const scale = Math.sqrt((canvas.width * canvas.height) / 1_500_000);
  const { clip } = canvas;
  const qw = (clip.x1 - clip.x0) / 4;
  const qh = (clip.y1 - clip.y0) / 4;
  return () => {
    const cx = rng.uniform(clip.x0 + qw, clip.x1 - qw);
    const cy = rng.uniform(clip.y0 + qh, clip.y1 - qh);
    const [s, c] = sinCos(rng.uniform(0, PI));
    // the stretch of the line (cx, cy) + u·(c, s) that lies inside the clip area
    let uLo = -Infinity;
    let uHi = Infinity;
    for (const [d, p, lo, hi] of [[c, cx, clip.x0, clip.x1], [s, cy, clip.y0, clip.y1]]) {
      if (d === 0) continue;
      const a = (lo - p) / d;
      const b = (hi - p) / d;
      uLo = Math.max(uLo, Math.min(a, b));
      uHi = Math.min(uHi, Math.max(a, b));
    }
    const length = uHi - uLo;
    const n = Math.max(2, rng.int(vMin, vMax));
    const sag = rng.uniform(-bend, bend) * length;
    const points: Point[] = [];
    for (let i = 0; i < n; i++) {
      const f = i / (n - 1);
      const u = uLo + f * length;
      const wobble = i > 0 && i < n - 1 ? rng.uniform(-0.01, 0.01) * length : 0;
      const off = 4 * f * (1 - f) * sag + wobble;
      points.push(clampPoint({ x: cx + u * c - off * s, y: cy + u * s + off * c }, clip));
    }
    const width = Math.max(1, rng.uniform(wMin, wMax) * scale);
    return (sink, t) => polyline(sink, points, width, t);
  };
}

/**
 * Each element from one of the kinds, picked by weight.
 * @example
 * const next = mixedStream(createRng(1), { width: 512, height: 512, clip: { x0: 0, y0: 0, x1: 512, y1: 512 } }, { mixed: { weights: { strokes: 2, shapes: 1, boxes: 1 } } });
 */
export function mixedStream(rng: Rng, canvas: Canvas, o: KindOptions = {}): () => Element {
  const w = { strokes: 0.5, shapes: 0.3, boxes: 0.2, ...o.mixed?.weights };
  const total = w.strokes + w.shapes + w.boxes;
  if (!(total > 0) || w.strokes < 0 || w.shapes < 0 || w.boxes < 0) {
    throw invalidParameterError('mixed.weights', 'non-negative weights with a positive sum', `${w.strokes}, ${w.shapes}, ${w.boxes}`);
  }
  const streams = {
    strokes: strokeStream(rng, canvas, o.strokes),
    shapes: shapeStream(rng, canvas, o.shapes),
    boxes: boxStream(rng, canvas, o.boxes),
  };
  return () => {
    const u = rng.next() * total;
    if (u < w.strokes) return streams.strokes();
    if (u < w.strokes + w.shapes) return streams.shapes();
    return streams.boxes();
  };
}

/**
 * @example
 * const next = elementStream('strokes', createRng(1), { width: 512, height: 512, clip: { x0: 0, y0: 0, x1: 512, y1: 512 } });
 */
export function elementStream(kind: MaskKind, rng: Rng, canvas: Canvas, o: KindOptions = {}): () => Element {
  switch (kind) {
    case 'strokes': return strokeStream(rng, canvas, o.strokes);
    case 'shapes': return shapeStream(rng, canvas, o.shapes);
    case 'boxes': return boxStream(rng, canvas, o.boxes);
    case 'mixed': return mixedStream(rng, canvas, o);
    case 'objects': return objectStream(rng, canvas, o.objects);
  }
}
