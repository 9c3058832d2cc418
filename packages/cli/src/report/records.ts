/**
 * Per-file records of a batch (the vfile idea: each file carries its own report), and
 * the summary built from them rather than from log lines.
 */
import type { FileRecord, FileStatus } from '@inpaint/files';

export type { FileRecord, FileStatus };

export interface Summary {
  readonly total: number;
  readonly ok: number;
  readonly skipped: number;
  readonly failed: number;
  readonly seconds: number;
  readonly imagesPerSecond: number;
}

/**
 * @example
 * const summary = summarise(records, seconds); // { total, ok, skipped, failed, imagesPerSecond }
 */
export function summarise(records: readonly FileRecord[], seconds: number): Summary {
  const count = (s: FileStatus) => records.filter((r) => r.status === s).length;
  const ok = count('ok');
  return { total: records.length, ok, skipped: count('skipped'), failed: count('failed'), seconds: Math.round(seconds * 100) / 100, imagesPerSecond: seconds > 0 ? Math.round((ok / seconds) * 100) / 100 : 0 };
}
