/**
 * A detector's labels as a mask source: `--boxes labels/` (one file per photo, found as
 * masks are: `<rel>/<stem>.txt|json`, then `<stem>.txt|json` at the top) or `--boxes
 * annotations.json` (one COCO file, photos matched by `file_name`).
 *
 * - YOLO txt: one object per line, `class cx cy w h`, normalised to 0..1 (a polygon line,
 *   `class x1 y1 x2 y2 …`, is read as a polygon).
 * - JSON: a list of boxes `[x, y, w, h]` in pixels (or `{ "bbox": [x, y, w, h], "class": n }`;
 *   `classes` picks among the boxes that carry a class and keeps those that carry none).
 * - COCO: `images[].file_name` and `annotations[]` with `image_id`, `category_id`, `bbox`
 *   `[x, y, w, h]` in pixels and optional `segmentation` polygons `[[x1, y1, x2, y2, …], …]`
 *   (a polygon is used where there is one, the box otherwise; RLE masks are refused).
 *
 * A file that does not parse is an InvalidMaskError naming the file, the line (or the
 * entry) and what was expected.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, parse, resolve } from 'node:path';
import { InvalidMaskError, invalidParameterError } from '@inpaint/core';

/** The shapes a label file gives one photo; normalised ones (YOLO) are fractions of its size. */
export interface LabelShapes {
  /** The file they came from (the record's `mask`). */
  readonly source: string;
  readonly units: 'pixels' | 'normalised';
  /** Boxes `[x, y, w, h]`. */
  readonly boxes: readonly (readonly [number, number, number, number])[];
  /** Polygons as flat lists `[x1, y1, x2, y2, …]`. */
  readonly polygons: readonly (readonly number[])[];
}

/** Finds a photo's labels. */
export interface LabelFinder {
  /** The photo's shapes (of the chosen classes), or null when no label file names it. */
  find(imagePath: string, relativePath: string): Promise<LabelShapes | null>;
  readonly kind: 'directory' | 'coco';
}

const LABEL_EXTENSIONS = ['txt', 'json'] as const;

function parseError(file: string, where: string, expected: string, got: string): InvalidMaskError {
  return new InvalidMaskError(`${file}, ${where}: expected ${expected}, got ${got.length > 60 ? `${got.slice(0, 60)}…` : got}`, {
    file, hint: 'fix the label file, or leave the photo out (a photo without labels is skipped)',
  });
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * YOLO: `class cx cy w h` (or `class x1 y1 …` polygons), normalised.
 * @example
 * parseYolo('0 0.5 0.5 0.2 0.4\n', 'labels/cat.txt').boxes; // [[0.4, 0.3, 0.2, 0.4]]
 */
export function parseYolo(text: string, source: string, classes?: ReadonlySet<number>): LabelShapes {
  const boxes: [number, number, number, number][] = [];
  const polygons: number[][] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/).map(Number);
    const ok = fields.every(Number.isFinite) && Number.isInteger(fields[0]) && fields[0] >= 0 && (fields.length === 5 || (fields.length >= 7 && fields.length % 2 === 1));
    if (!ok) throw parseError(source, `line ${i + 1}`, '`class cx cy w h` (five numbers, the class an integer, the rest normalised to 0..1) or `class x1 y1 x2 y2 x3 y3 …`', `'${line}'`);
    if (classes && !classes.has(fields[0])) return;
    if (fields.length === 5) {
      const [, cx, cy, w, h] = fields;
      boxes.push([cx - w / 2, cy - h / 2, w, h]);
    } else polygons.push(fields.slice(1));
  });
  return { source, units: 'normalised', boxes, polygons };
}

/**
 * JSON: `[[x, y, w, h], …]` or `[{ "bbox": [x, y, w, h], "class": n }, …]`, in pixels.
 * @example
 * parseBoxList('[[10, 20, 100, 50]]', 'labels/cat.json').boxes; // [[10, 20, 100, 50]]
 */
export function parseBoxList(text: string, source: string, classes?: ReadonlySet<number>): LabelShapes {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (e) {
    throw parseError(source, 'the file', 'JSON: a list of boxes [x, y, w, h] in pixels', `text that is not JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(list)) throw parseError(source, 'the file', 'a JSON list of boxes [x, y, w, h] in pixels', typeof list);
  const boxes: [number, number, number, number][] = [];
  list.forEach((entry: unknown, i) => {
    const { bbox, class: cls } = (Array.isArray(entry) ? { bbox: entry, class: undefined } : (entry ?? {})) as { bbox?: unknown; class?: unknown };
    if (!Array.isArray(bbox) || bbox.length !== 4 || !bbox.every(isNumber) || bbox[2] < 0 || bbox[3] < 0) {
      throw parseError(source, `entry ${i}`, 'a box [x, y, w, h] of four numbers in pixels, w and h >= 0 (or { "bbox": [x, y, w, h], "class": n })', JSON.stringify(entry));
    }
    if (classes && isNumber(cls) && !classes.has(cls)) return; // a box without a class is kept
    boxes.push(bbox as [number, number, number, number]);
  });
  return { source, units: 'pixels', boxes, polygons: [] };
}

interface CocoAnnotation { image_id?: unknown; category_id?: unknown; bbox?: unknown; segmentation?: unknown }

/**
 * COCO: the shapes of every image, by its file_name.
 * @example
 * parseCoco(text, 'annotations.json').get('cat.jpg'); // { source, units: 'pixels', boxes: [...], polygons: [...] }
 */
export function parseCoco(text: string, source: string, classes?: ReadonlySet<number>): Map<string, LabelShapes> {
  let doc: { images?: unknown; annotations?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (e) {
    throw parseError(source, 'the file', 'COCO JSON ({ "images": […], "annotations": […] })', `text that is not JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(doc?.images) || !Array.isArray(doc.annotations)) throw parseError(source, 'the file', 'COCO JSON with the lists "images" and "annotations"', `keys ${Object.keys(doc ?? {}).join(', ') || 'none'}`);
  const names = new Map<number, string>();
  doc.images.forEach((im: { id?: unknown; file_name?: unknown }, i: number) => {
    if (!isNumber(im?.id) || typeof im.file_name !== 'string') throw parseError(source, `images[${i}]`, '{ "id": number, "file_name": string }', JSON.stringify(im));
    names.set(im.id, im.file_name);
  });
  const shapes = new Map<string, { boxes: [number, number, number, number][]; polygons: number[][] }>();
  for (const name of names.values()) shapes.set(name, { boxes: [], polygons: [] });
  (doc.annotations as CocoAnnotation[]).forEach((a, i) => {
    const where = `annotations[${i}]`;
    if (!isNumber(a?.image_id) || !names.has(a.image_id)) throw parseError(source, where, 'an "image_id" listed in "images"', JSON.stringify(a?.image_id));
    if (classes && !(isNumber(a.category_id) && classes.has(a.category_id))) return;
    const into = shapes.get(names.get(a.image_id)!)!;
    const seg = a.segmentation;
    if (Array.isArray(seg) && seg.length > 0) {
      for (const poly of seg) {
        if (!Array.isArray(poly) || poly.length < 6 || poly.length % 2 !== 0 || !poly.every(isNumber)) throw parseError(source, `${where}.segmentation`, 'polygons [[x1, y1, x2, y2, x3, y3, …], …] in pixels (RLE masks are not supported)', JSON.stringify(poly).slice(0, 60));
        into.polygons.push(poly);
      }
      return;
    }
    if (seg !== undefined && !Array.isArray(seg)) throw parseError(source, `${where}.segmentation`, 'polygons [[x1, y1, …], …] (RLE masks are not supported)', JSON.stringify(seg).slice(0, 60));
    const b = a.bbox;
    if (!Array.isArray(b) || b.length !== 4 || !b.every(isNumber)) throw parseError(source, `${where}.bbox`, '[x, y, w, h] in pixels', JSON.stringify(b));
    into.boxes.push(b as [number, number, number, number]);
  });
  return new Map([...shapes].map(([name, s]) => [name, { source, units: 'pixels', ...s }]));
}

/**
 * The finder of `boxes`: a folder of label files, or one COCO file. `classes` keeps the
 * objects of those classes only (YOLO's class, COCO's category_id, JSON's "class").
 * @example
 * const labels = await createLabelFinder('labels/', { classes: [0, 2] });
 * await labels.find('photos/a/cat.jpg', 'a/cat.jpg'); // { source: 'labels/a/cat.txt', units: 'normalised', boxes: [...], polygons: [] } or null
 * @throws {InvalidParameterError} when `boxes` does not exist; InvalidMaskError for a COCO file that does not parse
 */
export async function createLabelFinder(boxes: string, o: { readonly classes?: readonly number[] } = {}): Promise<LabelFinder> {
  const root = resolve(boxes);
  const classes = o.classes ? new Set(o.classes) : undefined;
  const info = await stat(root).catch(() => null);
  if (!info) throw invalidParameterError('boxes', 'a folder of label files (YOLO .txt or JSON) or one COCO annotations file', `'${boxes}', which does not exist`);
  if (info.isFile()) {
    const byName = parseCoco(await readFile(root, 'utf8'), root, classes);
    return {
      kind: 'coco',
      find: (imagePath, relativePath) => Promise.resolve(byName.get(relativePath.split('\\').join('/')) ?? byName.get(basename(imagePath)) ?? null),
    };
  }
  const listings = new Map<string, Promise<Set<string>>>();
  const list = (dir: string) => {
    let l = listings.get(dir);
    if (!l) listings.set(dir, l = readdir(dir).then((n) => new Set(n), () => new Set<string>()));
    return l;
  };
  return {
    kind: 'directory',
    async find(_imagePath, relativePath) {
      const { name: stem } = parse(relativePath);
      const relDir = dirname(relativePath);
      for (const dir of relDir === '.' ? [root] : [join(root, relDir), root]) {
        const names = await list(dir);
        for (const ext of LABEL_EXTENSIONS) {
          if (!names.has(`${stem}.${ext}`)) continue;
          const file = join(dir, `${stem}.${ext}`);
          const text = await readFile(file, 'utf8');
          return ext === 'txt' ? parseYolo(text, file, classes) : parseBoxList(text, file, classes);
        }
      }
      return null;
    },
  };
}
