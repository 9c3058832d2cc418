/**
 * Object selection by GrabCut (Rother, Kolmogorov & Blake, SIGGRAPH 2004; OpenCV's
 * `grabCut`, through OpenCV.js as the eval baselines load it): given a box around an object
 * and optional keep / remove strokes, the object's mask at the image's full size.
 *
 * A 24-megapixel photo stays responsive because GrabCut never sees it at full size: it
 * segments a copy of the box's neighbourhood scaled to at most SEGMENT_PIXELS, and the mask
 * it proposes is brought back to full size by a guided filter (He, Sun & Tang, 2013) whose
 * guide is the full-size photo, so the edge follows the photo's own edges, not the blocks of
 * the scaled copy. The filter runs in strips of rows (bounded memory) and skips strips the
 * edge does not cross. Growing or shrinking is in full-size pixels (mask-gen's dilate and
 * erode, on the selection's neighbourhood only).
 */
import type { Mask, Point } from '@inpaint/mask-gen';
import { PaintSink, boundingBox, createMask, dilate, erode, polyline } from '@inpaint/mask-gen';
import { InpaintError } from '@inpaint/core';
import type { RawImage } from '@inpaint/core';
import sharp from 'sharp';
import { loadOpenCv } from '../baselines.js';

/** A keep or remove stroke, in the image's pixels: `remove` marks the object, `keep` the background. */
export interface SelectStroke {
  readonly mode: 'keep' | 'remove';
  /** Its width, in the image's pixels. */
  readonly size: number;
  readonly points: readonly Point[];
}

/** What to select: a box `[x, y, w, h]` in the image's pixels, strokes, and how far to grow (< 0: shrink) the result. */
export interface Selection {
  readonly box: readonly [number, number, number, number];
  readonly strokes?: readonly SelectStroke[];
  readonly grow?: number;
}

/**
 * GrabCut works on a copy of the box's neighbourhood of at most this many pixels: its time
 * grows faster than the pixels (OpenCV.js, 5 iterations: about 0.1 s at 14k, 0.9 s at 28k,
 * 1.7 s at 56k on a busy 2-core machine), and below about 25k it lost the sample table of
 * the tests altogether (an empty selection).
 */
export const SEGMENT_PIXELS = 25_000;
/**
 * The seed of OpenCV's random numbers, set before each selection: GrabCut's colour models
 * start from k-means++ on OpenCV's global generator, so without it the same box could give
 * another mask depending on what the thread segmented before.
 */
const SEED = 0x5e1ec7;
/** GrabCut's iterations (OpenCV's examples use 5; the result hardly moves after 4). */
const ITERATIONS = 5;
/** The neighbourhood around the box that GrabCut learns the background from: this fraction of its longer side, at least MIN_MARGIN px. */
const MARGIN = 0.15;
const MIN_MARGIN = 8;
/** Guided filter: regularisation (guide in 0..1) and rows per strip. */
const EPS = 1e-4;
const STRIP_ROWS = 256;

// OpenCV's GrabCut labels
const GC_BGD = 0, GC_FGD = 1, GC_PR_BGD = 2, GC_PR_FGD = 3;

interface CvMat { data: Uint8Array; data32F: Float32Array; rows: number; cols: number; delete(): void }
interface Cv {
  Mat: { new (): CvMat; new (rows: number, cols: number, type: number): CvMat };
  Rect: new (x: number, y: number, w: number, h: number) => unknown;
  Size: new (w: number, h: number) => unknown;
  Point: new (x: number, y: number) => unknown;
  CV_8UC1: number; CV_8UC3: number; CV_32F: number; CV_32FC1: number; BORDER_REFLECT: number; GC_INIT_WITH_MASK: number; GC_EVAL: number;
  grabCut(img: CvMat, mask: CvMat, rect: unknown, bgd: CvMat, fgd: CvMat, iterations: number, mode: number): void;
  setRNGSeed(seed: number): void;
  boxFilter(src: CvMat, dst: CvMat, depth: number, size: unknown, anchor: unknown, normalize: boolean, border: number): void;
}

/** OpenCV.js, once; a missing install says what the selection needs. */
async function openCv(): Promise<Cv> {
  try {
    return await loadOpenCv() as unknown as Cv;
  } catch (e) {
    if (e instanceof InpaintError && e.code === 'ERR_MISSING_DEPENDENCY') {
      throw new InpaintError('ERR_MISSING_DEPENDENCY', 'object selection (GrabCut) needs OpenCV.js, a dependency of @inpaint/cli: reinstall @inpaint/cli, or npm i @techstark/opencv-js@4.12.0-release.1', { cause: e });
    }
    throw e;
  }
}

/** Integer pixel region, inclusive-exclusive. */
interface Region { x0: number; y0: number; x1: number; y1: number }
const widthOf = (r: Region) => r.x1 - r.x0;
const heightOf = (r: Region) => r.y1 - r.y0;

/**
 * The box as whole pixels, clipped to the image; null when nothing of it is inside.
 * @example
 * boxRegion([-10, 5, 50, 20], 640, 480); // { x0: 0, y0: 5, x1: 40, y1: 25 }
 */
export function boxRegion(box: Selection['box'], width: number, height: number): Region | null {
  const [x, y, w, h] = box;
  const r = { x0: Math.max(0, Math.floor(x)), y0: Math.max(0, Math.floor(y)), x1: Math.min(width, Math.ceil(x + w)), y1: Math.min(height, Math.ceil(y + h)) };
  return r.x1 > r.x0 && r.y1 > r.y0 ? r : null;
}

/** GrabCut's labels at the scaled size: background outside the box, probably the object inside, strokes definite. */
function initialLabels(region: Region, box: Region, scale: number, sw: number, sh: number, strokes: readonly SelectStroke[]): Uint8Array {
  const labels = new Uint8Array(sw * sh); // GC_BGD
  const bx0 = Math.floor((box.x0 - region.x0) * scale), by0 = Math.floor((box.y0 - region.y0) * scale);
  const bx1 = Math.ceil((box.x1 - region.x0) * scale), by1 = Math.ceil((box.y1 - region.y0) * scale);
  for (let y = Math.max(0, by0); y < Math.min(sh, by1); y++) labels.fill(GC_PR_FGD, y * sw + Math.max(0, bx0), y * sw + Math.min(sw, bx1));
  let background = false;
  for (let i = 0; i < labels.length && !background; i++) background = labels[i] === GC_BGD;
  if (!background) {
    // the box is the whole image: its outermost ring is probably background
    for (let x = 0; x < sw; x++) { labels[x] = GC_PR_BGD; labels[(sh - 1) * sw + x] = GC_PR_BGD; }
    for (let y = 0; y < sh; y++) { labels[y * sw] = GC_PR_BGD; labels[y * sw + sw - 1] = GC_PR_BGD; }
  }
  for (const s of strokes) {
    const drawn = createMask(sw, sh);
    polyline(new PaintSink(drawn, { x0: 0, y0: 0, x1: sw, y1: sh }), s.points.map((p) => ({ x: (p.x - region.x0) * scale, y: (p.y - region.y0) * scale })), Math.max(1, s.size * scale));
    const label = s.mode === 'remove' ? GC_FGD : GC_BGD;
    for (let i = 0; i < labels.length; i++) if (drawn.data[i]) labels[i] = label;
  }
  return labels;
}

/**
 * GrabCut on the scaled copy: 255 where it took the object, else 0; the same answer every
 * time for the same input (SEED). One iteration at a time:
 * where the object's colours are close to the background's, an iteration can give the whole
 * box to the background, and then the last iteration that kept something is the answer.
 */
function segment(cv: Cv, rgb: Uint8Array, sw: number, sh: number, labels: Uint8Array): Uint8Array {
  const img = new cv.Mat(sh, sw, cv.CV_8UC3), mask = new cv.Mat(sh, sw, cv.CV_8UC1), bgd = new cv.Mat(), fgd = new cv.Mat();
  const object = () => {
    const out = new Uint8Array(sw * sh);
    let any = false;
    for (let i = 0; i < out.length; i++) if (mask.data[i] === GC_FGD || mask.data[i] === GC_PR_FGD) { out[i] = 255; any = true; }
    return any ? out : null;
  };
  try {
    img.data.set(rgb);
    mask.data.set(labels);
    cv.setRNGSeed(SEED);
    const rect = new cv.Rect(0, 0, sw, sh);
    let kept = new Uint8Array(sw * sh);
    for (let i = 0; i < ITERATIONS; i++) {
      cv.grabCut(img, mask, rect, bgd, fgd, 1, i === 0 ? cv.GC_INIT_WITH_MASK : cv.GC_EVAL);
      const now = object();
      if (!now) break;
      kept = now;
    }
    return kept;
  } finally {
    img.delete(); mask.delete(); bgd.delete(); fgd.delete();
  }
}

/** Mean over a (2r+1)² window (OpenCV's normalised box filter, reflected borders). */
function boxMean(cv: Cv, src: Float32Array, w: number, h: number, r: number): Float32Array {
  const a = new cv.Mat(h, w, cv.CV_32FC1), b = new cv.Mat();
  try {
    a.data32F.set(src);
    cv.boxFilter(a, b, cv.CV_32F, new cv.Size(2 * r + 1, 2 * r + 1), new cv.Point(-1, -1), true, cv.BORDER_REFLECT);
    return new Float32Array(b.data32F);
  } finally {
    a.delete(); b.delete();
  }
}

/** The guided filter of p (0..1) with guide I (0..1), thresholded at one half: 255 or 0. */
function guidedThreshold(cv: Cv, I: Float32Array, p: Float32Array, w: number, h: number, r: number): Uint8Array {
  const n = w * h;
  const II = new Float32Array(n), Ip = new Float32Array(n);
  for (let i = 0; i < n; i++) { II[i] = I[i] * I[i]; Ip[i] = I[i] * p[i]; }
  const mI = boxMean(cv, I, w, h, r), mp = boxMean(cv, p, w, h, r), mII = boxMean(cv, II, w, h, r), mIp = boxMean(cv, Ip, w, h, r);
  const a = II, b = Ip; // reused
  for (let i = 0; i < n; i++) {
    a[i] = (mIp[i] - mI[i] * mp[i]) / (mII[i] - mI[i] * mI[i] + EPS);
    b[i] = mp[i] - a[i] * mI[i];
  }
  const ma = boxMean(cv, a, w, h, r), mb = boxMean(cv, b, w, h, r);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = ma[i] * I[i] + mb[i] >= 0.5 ? 255 : 0;
  return out;
}

/** The scaled mask brought to the region's full size, its edge snapped to the photo's by the guided filter, strip by strip. */
async function refine(cv: Cv, small: Uint8Array, sw: number, sh: number, grey: Uint8Array, w: number, h: number, r: number): Promise<Uint8Array> {
  const up = await sharp(small, { raw: { width: sw, height: sh, channels: 1 } }).resize(w, h, { fit: 'fill', kernel: 'linear' }).extractChannel(0).raw().toBuffer();
  const out = new Uint8Array(w * h);
  const pad = 2 * r; // two box filters deep
  for (let y0 = 0; y0 < h; y0 += STRIP_ROWS) {
    const y1 = Math.min(h, y0 + STRIP_ROWS);
    const py0 = Math.max(0, y0 - pad), py1 = Math.min(h, y1 + pad);
    const rows = up.subarray(py0 * w, py1 * w);
    let lo = 255, hi = 0;
    for (const v of rows) { if (v < lo) lo = v; if (v > hi) hi = v; }
    if (lo === hi) { out.fill(lo >= 128 ? 255 : 0, y0 * w, y1 * w); continue; } // no edge here
    const n = rows.length, I = new Float32Array(n), p = new Float32Array(n);
    for (let i = 0; i < n; i++) { I[i] = grey[py0 * w + i] / 255; p[i] = rows[i] / 255; }
    const q = guidedThreshold(cv, I, p, w, py1 - py0, r);
    out.set(q.subarray((y0 - py0) * w, (y1 - py0) * w), y0 * w);
  }
  return out;
}

/** Grow (> 0) or shrink (< 0) the mask's holes by `grow` full-size pixels, working on the part that can change only. */
function grown(mask: Mask, around: Region, grow: number): Mask {
  if (grow === 0) return mask;
  const g = Math.ceil(Math.abs(grow));
  const r = { x0: Math.max(0, around.x0 - g), y0: Math.max(0, around.y0 - g), x1: Math.min(mask.width, around.x1 + g), y1: Math.min(mask.height, around.y1 + g) };
  const w = widthOf(r), h = heightOf(r);
  const part = createMask(w, h);
  for (let y = 0; y < h; y++) part.data.set(mask.data.subarray((r.y0 + y) * mask.width + r.x0, (r.y0 + y) * mask.width + r.x1), y * w);
  const changed = grow > 0 ? dilate(part, grow) : erode(part, -grow);
  const out = createMask(mask.width, mask.height);
  for (let y = 0; y < h; y++) out.data.set(changed.data.subarray(y * w, (y + 1) * w), (r.y0 + y) * mask.width + r.x0);
  return out;
}

/**
 * The object in `box` as a mask of the image's size (255 = the object, the hole to fill),
 * before growing: GrabCut on the scaled neighbourhood, the edge refined at full size. All
 * zero when GrabCut finds nothing in the box. `image` is 8-bit RGB.
 * @example
 * const mask = await segmentObject(image, { box: [120, 80, 200, 160] });
 */
export async function segmentObject(image: RawImage, selection: Pick<Selection, 'box' | 'strokes'>): Promise<Mask> {
  const { width, height } = image;
  const mask = createMask(width, height);
  const box = boxRegion(selection.box, width, height);
  if (!box) return mask;
  const m = Math.max(MIN_MARGIN, Math.round(MARGIN * Math.max(widthOf(box), heightOf(box))));
  const region = { x0: Math.max(0, box.x0 - m), y0: Math.max(0, box.y0 - m), x1: Math.min(width, box.x1 + m), y1: Math.min(height, box.y1 + m) };
  const w = widthOf(region), h = heightOf(region);
  const scale = Math.min(1, Math.sqrt(SEGMENT_PIXELS / (w * h)));
  const sw = Math.max(1, Math.round(w * scale)), sh = Math.max(1, Math.round(h * scale));
  const crop = sharp(image.data, { raw: { width, height, channels: image.channels as 3 } }).extract({ left: region.x0, top: region.y0, width: w, height: h });
  const [small, grey] = await Promise.all([
    crop.clone().resize(sw, sh, { fit: 'fill', kernel: 'linear' }).raw().toBuffer(),
    crop.clone().greyscale().raw().toBuffer(),
  ]);
  const cv = await openCv();
  const labels = initialLabels(region, box, sw / w, sw, sh, selection.strokes ?? []);
  const object = segment(cv, small, sw, sh, labels);
  const full = scale === 1 ? object : await refine(cv, object, sw, sh, grey, w, h, Math.max(2, Math.ceil(2 / scale)));
  for (let y = 0; y < h; y++) mask.data.set(full.subarray(y * w, (y + 1) * w), (region.y0 + y) * width + region.x0);
  return mask;
}

/**
 * Grow or shrink a selection's holes by `grow` full-size pixels (< 0 shrinks), working on
 * the holes' bounding box widened by `grow` only.
 * @example
 * const wider = growSelection(mask, 6);
 */
export function growSelection(mask: Mask, grow: number): Mask {
  const holes = boundingBox(mask);
  return holes ? grown(mask, holes, grow) : mask;
}
