/**
 * The per-file policy of batch work, written once for `inpaint run`, the gulp plugin and
 * the queue's workers: which mask goes with a file (pairing, or a detector's labels drawn
 * as one: `boxes`), what a file without one
 * becomes, an output that exists (skip it, replace it, or fail), the output's name, the
 * atomic write, and the words of the record. Options are checked once, when the runner is
 * made; each file then takes the file road (inpaintFile) and yields its record.
 */
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidMaskError, Schema, invalidParameterError } from '@inpaint/core';
import { checkOptions } from '@inpaint/core';
import type { InpaintBackend, MaskSource } from '@inpaint/sharp/api';
import type { FileOptions } from './file-options.js';
import { BATCH_RUN_OPTION_SCHEMA, FILE_JOB_OPTION_SCHEMA } from './file-options.js';
import type { FileRecord } from './file-record.js';
import { applyReport, createFileRecord, failRecord } from './file-record.js';
import { inpaintFile, inpaintFileTo } from './inpaint-file.js';
import { hasShapes, labelMaskFor } from './label-mask.js';
import type { LabelFinder, LabelShapes } from './labels.js';
import { createLabelFinder } from './labels.js';
import { outputName } from './output-name.js';
import type { MaskFinder } from './pairing.js';
import { createMaskFinder } from './pairing.js';

/** The record's `mask` for a mask given as bytes, pixels or a Sharp instance rather than a path. */
export const GIVEN_MASK = '(given)';
/** The record's `reason` for a file no mask pairs with (skipped). */
export const NO_MASK = 'no mask pairs with this image';
/** The record's `reason` for a file no label file names (skipped), or whose labels hold no shape of the chosen classes. */
export const NO_BOXES = 'no boxes for this image';

/** How a batch treats its files (declared once; checked with the file options). */
export const FILE_POLICY_OPTION_SCHEMA = {
  ...BATCH_RUN_OPTION_SCHEMA,
  masks: Schema.String({ minLength: 1, description: "a folder of masks (paired by name), one mask file for every image, or 'alpha'" }),
  boxes: Schema.String({ minLength: 1, description: "a detector's labels as the masks: a folder with one file per photo (YOLO .txt `class cx cy w h`, normalised; or JSON [[x, y, w, h], …] in pixels) or one COCO annotations .json (bbox and segmentation polygons, matched by file_name)" }),
  classes: Schema.Array(Schema.Integer({ minimum: 0 }), { description: 'with boxes: only the objects of these classes (YOLO class, COCO category_id); default: all' }),
  grow: Schema.Number({ minimum: 0, maximum: 1000, default: 0, 'x-unit': 'pixels', description: 'with boxes: grow every box and polygon by this many pixels, with round corners' }),
  out: Schema.String({ minLength: 1, description: 'the output folder (absent: outputs are returned as bytes)' }),
  skipExisting: Schema.Boolean({ default: false, description: 'skip a file whose output exists' }),
  overwrite: Schema.Boolean({ default: false, description: 'replace an output that exists' }),
};

/** A batch's options: how each file is in-painted and written, and how the batch treats its files. */
export interface RunFilesOptions extends FileOptions {
  /** A folder of masks (paired by name, see pairing), one mask file for every image, or 'alpha'. Unused for a file that brings its mask. */
  readonly masks?: string;
  /** A detector's labels drawn as the masks (see labels.ts): a folder of YOLO .txt / JSON files, or one COCO file. Not with `masks`. */
  readonly boxes?: string;
  /** With `boxes`: only these classes. */
  readonly classes?: readonly number[];
  /** With `boxes`: grow every shape by this many pixels (round corners). */
  readonly grow?: number;
  /** The output folder: outputs are written there, atomically, under outputName(). Absent: outputs are returned as bytes. */
  readonly out?: string;
  readonly suffix?: string;
  /** A file without a mask: 'skip' (default: status 'skipped', nothing written) or 'error' (status 'failed', ERR_INVALID_MASK). */
  readonly missingMask?: 'skip' | 'error';
  /** An output that exists: skip the file. */
  readonly skipExisting?: boolean;
  /** An output that exists: replace it (neither flag: the file fails, the output is kept). */
  readonly overwrite?: boolean;
  /** Files in flight at once (runFiles). Default: 1. */
  readonly concurrency?: number;
}

/**
 * A file's labels, already found, to be drawn as its mask at the size the file road sees
 * (a queued job carries them: the worker needs neither the label files nor a COCO file).
 */
export interface LabelledMask {
  readonly labels: LabelShapes;
  /** Grow every shape by this many pixels (round corners). Default 0. */
  readonly grow?: number;
}

/**
 * Whether a file's mask is its labels (LabelledMask) rather than a mask source.
 * @example
 * isLabelledMask({ labels: parseYolo('0 0.5 0.5 0.2 0.2\n', 'labels/a.txt'), grow: 4 }); // true
 * isLabelledMask('masks/a.png'); // false
 */
export function isLabelledMask(mask: MaskSource | LabelledMask | null | undefined): mask is LabelledMask {
  return typeof mask === 'object' && mask !== null && 'labels' in mask && !Buffer.isBuffer(mask);
}

/** One file of a batch. */
export interface FileInput {
  /** The image's path: read from disk (unless `contents` is given), named in the record and in errors. */
  readonly path: string;
  /** Its path relative to its input folder: pairs its mask and names its output. Default: its path. */
  readonly relative?: string;
  /** The image's bytes, when they are already in memory (a vinyl file). */
  readonly contents?: Buffer;
  /** Its mask, when the caller knows it (planned, queued, or given by a function), or its labels to draw as one: no pairing then; null: none. */
  readonly mask?: MaskSource | LabelledMask | null;
  /** Its output path, when the caller knows it: written there. */
  readonly output?: string;
}

/** What became of a file: its record, its encoded output when it was not written, the error of a failure. */
export interface FileOutcome {
  readonly record: FileRecord;
  /** The output's bytes, for a file in-painted and not written (no `out`, no `output`). */
  readonly data?: Buffer;
  /** The error a failed file failed with (typed: code, file, role, hint; also in the record). */
  readonly error?: unknown;
}

/** Runs files through the policy; made once per batch by createFileRunner(). */
export type FileRunner = (file: FileInput) => Promise<FileOutcome>;

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/** The words a record uses for a mask. */
function maskLabel(mask: MaskSource | null): string | null {
  return mask === null || typeof mask === 'string' ? mask : GIVEN_MASK;
}

/**
 * Check a batch's options once and make the runner of its files. Throws at once for a bad
 * option (InvalidParameterError naming it, `prefix.` first when given). `backend` may be a
 * function that makes it, called when a file first needs it.
 * @example
 * const run = createFileRunner({ masks: 'masks/', out: 'fixed/', skipExisting: true }, pool);
 * const { record } = await run({ path: 'photos/a.jpg', relative: 'a.jpg' });
 * record.status; // 'ok', 'skipped' or 'failed'
 * @throws {InvalidParameterError}
 */
export function createFileRunner(options: RunFilesOptions, backend: InpaintBackend | (() => Promise<InpaintBackend>), prefix?: string): FileRunner {
  // a function: the backend is made on the first file that needs it (a plugin's own pool)
  const backendOf = typeof backend === 'function' ? backend : () => Promise.resolve(backend);
  const { masks, boxes, classes, grow = 0, out, suffix, missingMask = 'skip', skipExisting = false, overwrite = false, concurrency, ...rest } = options;
  checkOptions(FILE_POLICY_OPTION_SCHEMA, { masks, boxes, classes, grow, out, suffix, missingMask, skipExisting, overwrite, concurrency }, { prefix });
  if (masks !== undefined && boxes !== undefined) throw invalidParameterError(prefix ? `${prefix}.boxes` : 'boxes', 'either masks or boxes, not both', `masks '${masks}' and boxes '${boxes}'`);
  const fileOptions = checkOptions(FILE_JOB_OPTION_SCHEMA, rest, { prefix }) as FileOptions;
  let finder: Promise<MaskFinder> | null = null;
  let labels: Promise<LabelFinder> | null = null;
  /** The file's mask source, the record's words for it, and what the record should be warned of. */
  const pair = async (file: FileInput): Promise<{ mask: MaskSource | null; label: string | null; warnings: string[] }> => {
    const given = (mask: MaskSource | null) => ({ mask, label: maskLabel(mask), warnings: [] });
    if (isLabelledMask(file.mask)) return drawn(file, file.mask.labels, file.mask.grow ?? 0);
    if (file.mask !== undefined) return given(file.mask);
    if (boxes !== undefined) return labelled(file);
    if (masks === undefined) return given(null);
    if (masks === 'alpha') return given('alpha');
    finder ??= createMaskFinder(masks);
    return given(await (await finder).find(file.path, file.relative ?? file.path));
  };
  /** The file's labels, found by the `boxes` option's finder. */
  const labelled = async (file: FileInput) => {
    labels ??= createLabelFinder(boxes!, { classes });
    return drawn(file, await (await labels).find(file.path, file.relative ?? file.path), grow);
  };
  /** Labels drawn as the file's mask, at the size the file road will see. */
  const drawn = async (file: FileInput, shapes: LabelShapes | null, by: number) => {
    if (!shapes || !hasShapes(shapes)) return { mask: null, label: shapes?.source ?? null, warnings: [] };
    const { mask, warnings } = await labelMaskFor(file.contents ?? file.path, file.path, shapes, { grow: by, autoOrient: fileOptions.autoOrient });
    return { mask, label: shapes.source, warnings };
  };
  const outputOf = (file: FileInput): string => {
    if (file.output !== undefined) return file.output;
    const relative = file.relative ?? file.path;
    const name = outputName(relative, { suffix, format: fileOptions.format });
    // no output folder: beside the input, in its input folder
    return out === undefined ? join(resolve(file.path).slice(0, resolve(file.path).length - relative.length), name) : join(resolve(out), name);
  };

  return async (file) => {
    const t0 = performance.now();
    const record = createFileRecord(file.path);
    const done = (more: Omit<FileOutcome, 'record'> = {}): FileOutcome => {
      record.ms = Math.round((performance.now() - t0) * 10) / 10;
      return { record, ...more };
    };
    try {
      const { mask, label, warnings } = await pair(file);
      record.mask = label;
      record.warnings.push(...warnings);
      if (mask === null) {
        const byLabels = boxes !== undefined || isLabelledMask(file.mask);
        if (missingMask === 'error') {
          throw !byLabels
            ? new InvalidMaskError(`no mask pairs with ${file.relative ?? file.path}; add one, or let such images be skipped (missing mask: skip)`, { file: file.path, hint: 'masks pair by name: see the pairing rules of @inpaint/files' })
            : new InvalidMaskError(`no boxes for ${file.relative ?? file.path} in ${label ?? boxes}${classes ? ` (classes ${classes.join(',')})` : ''}; add its labels, or let such images be skipped (missing mask: skip)`, { file: label ?? file.path, hint: 'a label file pairs by name (labels/<stem>.txt or .json), a COCO image by its file_name' });
        }
        record.status = 'skipped';
        record.reason = byLabels ? NO_BOXES : NO_MASK;
        return done();
      }
      const output = outputOf(file);
      record.output = output;
      const writes = out !== undefined || file.output !== undefined;
      if (writes && !overwrite && await exists(output)) {
        record.status = skipExisting ? 'skipped' : 'failed';
        record.reason = skipExisting ? 'output exists (--skip-existing)' : 'output exists; pass --overwrite to replace it or --skip-existing to resume';
        return done();
      }
      const source = file.contents ?? file.path;
      if (writes) {
        applyReport(record, (await inpaintFileTo(output, source, mask, fileOptions, await backendOf(), file.path)).report);
        return done();
      }
      const { data, report } = await inpaintFile(source, mask, fileOptions, await backendOf(), file.path);
      applyReport(record, report);
      return done({ data });
    } catch (e) {
      failRecord(record, e);
      return done({ error: e });
    }
  };
}

/**
 * Run a batch: each file through the policy, `concurrency` files in flight (the next one
 * started as one finishes: memory stays bounded), outcomes yielded as files finish.
 * @example
 * for await (const { record } of runFiles(files, { masks: 'masks/', out: 'fixed/', concurrency: 4 }, pool)) {
 *   console.log(record.status, record.input, record.reason ?? '');
 * }
 * @throws {InvalidParameterError} for a bad option, before any file
 */
export async function* runFiles(files: Iterable<FileInput> | AsyncIterable<FileInput>, options: RunFilesOptions, backend: InpaintBackend): AsyncGenerator<FileOutcome> {
  const run = createFileRunner(options, backend);
  const source = (Symbol.asyncIterator in files ? files[Symbol.asyncIterator]() : files[Symbol.iterator]()) as AsyncIterator<FileInput> | Iterator<FileInput>;
  const finished: FileOutcome[] = [];
  let wake: (() => void) | null = null;
  let running = 0;
  let exhausted = false;
  let failure: unknown = null;
  const signal = () => { wake?.(); wake = null; };
  // `concurrency` lanes, each pulling the next file from the one source
  const lane = async (): Promise<void> => {
    for (;;) {
      const next = await source.next();
      if (next.done) break;
      finished.push(await run(next.value));
      signal();
    }
  };
  const lanes = Math.max(1, options.concurrency ?? 1);
  for (let i = 0; i < lanes; i++) {
    running++;
    lane().catch((e: unknown) => { failure ??= e; }).finally(() => { running--; exhausted = running === 0; signal(); });
  }
  while (!exhausted || finished.length > 0) {
    if (finished.length > 0) {
      yield finished.shift()!;
      continue;
    }
    if (failure !== null) throw failure;
    await new Promise<void>((r) => { wake = r; });
  }
  if (failure !== null) throw failure;
}
