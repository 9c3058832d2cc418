/**
 * The per-file record of batch work (the vfile idea: each file carries its own report).
 * One shape for the CLI's `--json` lines and the gulp plugin's `file.inpaint`, filled from
 * core's report as it travels through `.inpaint()`'s `onReport`.
 */
import type { SharpInpaintReport } from '@inpaint/sharp/api';

export type FileStatus = 'ok' | 'skipped' | 'failed';

export interface FileRecord {
  readonly input: string;
  output: string | null;
  mask: string | null;
  status: FileStatus;
  /** Why a file was skipped or failed. */
  reason?: string;
  /** The failure's error code (`ERR_INVALID_IMAGE`, `ENOENT`, …). */
  code?: string;
  /** The file a failure is about (the image or its mask), from the typed error. */
  file?: string;
  /** Which input a failure is about, from the typed error. */
  role?: 'image' | 'mask';
  /** What to do about a failure, from the typed error. */
  hint?: string;
  warnings: string[];
  /** Wall time for the whole file (decode, in-paint, encode, write), ms. */
  ms: number;
  /** Core's strategy for the file, when it was in-painted. */
  strategy?: string;
  /** What core did, from its report (summed over the frames of an animation). */
  inpaint?: {
    windows: number;
    inferences: number;
    holePixels: number;
    frames: number;
    depth: 8 | 16;
    /** ms: in-painting in all, of which planning and network runs. */
    ms: { total: number; plan: number; infer: number };
  };
}

/**
 * A fresh record for an input.
 * @example
 * const rec = createFileRecord('photos/a.jpg');
 * await sharp('photos/a.jpg').inpaint(mask, { onReport: (r) => applyReport(rec, r) }).toFile(out);
 */
export function createFileRecord(input: string): FileRecord {
  return { input, output: null, mask: null, status: 'ok', warnings: [], ms: 0 };
}

/**
 * Copy core's report (strategy, counts, timings, warnings) into a record.
 * @example
 * await sharp(input).inpaint(mask, { onReport: (r) => applyReport(rec, r) }).toBuffer();
 */
export function applyReport(rec: FileRecord, r: SharpInpaintReport): void {
  rec.strategy = r.strategy;
  rec.inpaint = { windows: r.windows, inferences: r.inferences, holePixels: r.holePixels, frames: r.frames, depth: r.depth, ms: r.ms };
  rec.warnings.push(...r.warnings);
}

/**
 * Mark a record failed with an error's message and code.
 * @example
 * try {
 *   await writeFileAtomic(rec.input, bytes);
 * } catch (e) {
 *   failRecord(rec, e); // status 'failed'; reason, code, file, role and hint from the error
 * }
 */
export function failRecord(rec: FileRecord, e: unknown): void {
  rec.status = 'failed';
  rec.reason = (e as Error)?.message ?? String(e);
  const { code, file, path, role, hint } = (e ?? {}) as { code?: unknown; file?: unknown; path?: unknown; role?: unknown; hint?: unknown };
  if (typeof code === 'string') rec.code = code;
  const about = typeof file === 'string' ? file : path;
  if (typeof about === 'string') rec.file = about;
  if (role === 'image' || role === 'mask') rec.role = role;
  if (typeof hint === 'string') rec.hint = hint;
}
