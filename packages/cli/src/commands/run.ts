/**
 * `inpaint run <inputs…> --masks <dir|file|alpha> --out <dir>`: batch in-painting with
 * atomic writes, resumable, bounded memory, per-file records.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { InpaintPool, invalidParameterError } from '@inpaint/core';
import type { PluginSpec } from '@inpaint/core';
import type { FileOptions, OutputFormat } from '@inpaint/files';
import { GIVEN_MASK, batchOptionsOf, createFileRecord, removeLiveTemporaries, removeStaleTemporaries, runFiles } from '@inpaint/files';
import type { BatchItem } from '../batch-plan.js';
import { planBatch, shown } from '../batch-plan.js';
import type { ReportMode } from '../report/progress.js';
import { createReporter } from '../report/progress.js';
import type { FileRecord, Summary } from '../report/records.js';
import { summarise } from '../report/records.js';

export { OUTPUT_FORMATS } from '@inpaint/files';
export type { OutputFormat };

export interface RunOptions extends FileOptions {
  /** Masks paired by name, one mask for all, or 'alpha'; or, instead, `boxes`. */
  masks?: string;
  /** A detector's labels drawn as the masks (@inpaint/files' runFiles): a folder of YOLO / JSON files or one COCO file. */
  boxes?: string;
  classes?: readonly number[];
  grow?: number;
  out: string;
  format?: OutputFormat;
  suffix?: string;
  skipExisting?: boolean;
  overwrite?: boolean;
  missingMask?: 'skip' | 'error';
  /** Images in flight (the pool's worker threads). Default: the core count. */
  concurrency?: number;
  model?: string;
  /** Plugins by module, applied in every worker of the pool (a bad one: PluginError before any file). */
  plugins?: readonly PluginSpec[];
  report: ReportMode;
}

/**
 * Refuse an output folder that would replace the inputs or cannot be a folder.
 * @throws {InvalidParameterError} naming --out
 * @example
 * await checkOutDir(['photos/'], 'fixed/'); // throws for --out photos/ or an existing file
 */
export async function checkOutDir(inputs: readonly string[], out: string): Promise<void> {
  const target = resolve(out);
  const info = await stat(target).catch(() => null);
  if (info && !info.isDirectory()) throw invalidParameterError('--out', 'a directory (created when missing)', `the file ${out}`);
  for (const input of inputs) {
    if (resolve(input) === target) {
      throw invalidParameterError('--out', 'a folder other than the input folder (outputs must not replace the inputs)', `the input folder ${input}`);
    }
  }
}

/** A record as the user reads it: paths from the current folder. */
function asShown(rec: FileRecord): FileRecord {
  const path = (p: string | null) => (p === null ? null : shown(p));
  return { ...rec, input: shown(rec.input), output: path(rec.output), mask: rec.mask === 'alpha' || rec.mask === GIVEN_MASK ? rec.mask : path(rec.mask) };
}

/** Remove the temporaries of writes in progress on SIGINT / SIGTERM, then exit; returns the way to stop listening. */
function cleanUpOnSignal(): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    void removeLiveTemporaries().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/**
 * Run a batch; resolves to the summary (the caller sets the exit code). Each file goes
 * through @inpaint/files' per-file policy (runFiles) and its file road, with one pool.
 * @example
 * const { summary, records } = await runBatch(['photos/'], { masks: 'masks/', out: 'fixed/', report: 'json' });
 */
export async function runBatch(inputs: readonly string[], o: RunOptions, io: { quiet?: boolean } = {}): Promise<{ summary: Summary; records: FileRecord[] }> {
  await checkOutDir(inputs, o.out);
  const { items: files, missing } = await planBatch(inputs, o);
  await removeStaleTemporaries(resolve(o.out));
  const records: FileRecord[] = missing.map((m) => ({ ...createFileRecord(m), status: 'failed', reason: 'no such file, directory or matching glob' }));
  const reporter = io.quiet ? { start: () => undefined, file: () => undefined, finish: () => undefined } : createReporter(o.report);
  reporter.start(files.length + missing.length);
  for (const r of records) reporter.file(r);
  const started = performance.now();
  const concurrency = o.concurrency ?? availableParallelism();
  // made before any file is read or written: a plugin that cannot be used (PluginError) stops the run here
  const pool = files.length > 0 ? await InpaintPool.create({ size: Math.min(concurrency, files.length), model: o.model, modelFormat: o.modelFormat, plugins: o.plugins }) : null;
  const stopListening = cleanUpOnSignal();
  try {
    // the batch's options, checked once by runFiles; each item brings its planned mask and output
    const options = { ...batchOptionsOf(o), boxes: o.boxes, classes: o.classes, grow: o.grow, missingMask: o.missingMask, skipExisting: o.skipExisting, overwrite: o.overwrite, concurrency };
    const items = files.map(({ file, mask, output }: BatchItem) => ({ path: file.path, relative: file.relative, ...(mask === undefined ? {} : { mask }), output }));
    if (pool) {
      for await (const { record } of runFiles(items, options, pool)) {
        const rec = asShown(record);
        records.push(rec);
        reporter.file(rec);
      }
    }
  } finally {
    stopListening();
    await pool?.dispose();
  }
  const summary = summarise(records, (performance.now() - started) / 1000);
  reporter.finish(summary);
  return { summary, records };
}
