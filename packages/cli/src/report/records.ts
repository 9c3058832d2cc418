/**
 * Per-file records of a batch (the vfile idea: each file carries its own report), and
 * the summary built from them rather than from log lines.
 */
export type FileStatus = 'ok' | 'skipped' | 'failed';

export interface FileRecord {
  readonly input: string;
  output: string | null;
  mask: string | null;
  status: FileStatus;
  /** Why a file was skipped or failed. */
  reason?: string;
  warnings: string[];
  ms: number;
  /** Core's plan for the file, when it was in-painted. */
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

export interface Summary {
  readonly total: number;
  readonly ok: number;
  readonly skipped: number;
  readonly failed: number;
  readonly seconds: number;
  readonly imagesPerSecond: number;
}

export function summarise(records: readonly FileRecord[], seconds: number): Summary {
  const count = (s: FileStatus) => records.filter((r) => r.status === s).length;
  const ok = count('ok');
  return { total: records.length, ok, skipped: count('skipped'), failed: count('failed'), seconds: Math.round(seconds * 100) / 100, imagesPerSecond: seconds > 0 ? Math.round((ok / seconds) * 100) / 100 : 0 };
}
