/**
 * `inpaint run <inputs…> --masks <dir|file|alpha> --out <dir>`: batch in-painting with
 * atomic writes, resumable, bounded memory, per-file records.
 */
import { access, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { InpaintPool, invalidParameterError } from '@inpaint/core';
import pLimit from 'p-limit';
import type { FileOptions, OutputFormat } from '@inpaint/files';
import { createFileRecord, batchOptionsOf, processFile, removeLiveTemporaries, removeStaleTemporaries } from '@inpaint/files';
import type { BatchItem } from '../batch-plan.js';
import { planBatch, shown } from '../batch-plan.js';
import type { ReportMode } from '../report/progress.js';
import { createReporter } from '../report/progress.js';
import type { FileRecord, Summary } from '../report/records.js';
import { summarise } from '../report/records.js';

export { OUTPUT_FORMATS } from '@inpaint/files';
export type { OutputFormat };

export interface RunOptions extends FileOptions {
  masks: string;
  out: string;
  format?: OutputFormat;
  suffix?: string;
  skipExisting?: boolean;
  overwrite?: boolean;
  missingMask?: 'skip' | 'error';
  concurrency?: number;
  model?: string;
  report: ReportMode;
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
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

/**
 * Run a batch; resolves to the summary (the caller sets the exit code).
 * @example
 * const { summary, records } = await runBatch(['photos/'], { masks: 'masks/', out: 'fixed/', report: 'json' });
 */
export async function runBatch(inputs: readonly string[], o: RunOptions, io: { quiet?: boolean } = {}): Promise<{ summary: Summary; records: FileRecord[] }> {
  await checkOutDir(inputs, o.out);
  const { items: files, missing } = await planBatch(inputs, o);
  await removeStaleTemporaries(resolve(o.out));
  const records: FileRecord[] = missing.map((m) => ({ input: m, output: null, mask: null, status: 'failed', reason: 'no such file, directory or matching glob', warnings: [], ms: 0 }));
  const reporter = io.quiet ? { start: () => undefined, file: () => undefined, finish: () => undefined } : createReporter(o.report);
  reporter.start(files.length + missing.length);
  for (const r of records) reporter.file(r);
  const started = performance.now();
  const concurrency = o.concurrency ?? availableParallelism();
  const pool = files.length > 0 ? await InpaintPool.create({ size: Math.min(concurrency, files.length), ...(o.model ? { model: o.model } : {}), modelFormat: o.modelFormat }) : null;
  const onSignal = (signal: NodeJS.Signals) => {
    void removeLiveTemporaries().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  /** A record as the user reads it: paths from the current folder. */
  const asShown = (rec: FileRecord): FileRecord => ({ ...rec, mask: rec.mask === 'alpha' || rec.mask === null ? rec.mask : shown(rec.mask), output: rec.output === null ? null : shown(rec.output), input: shown(rec.input) });
  const fileOptions = batchOptionsOf(o);
  const one = async ({ file, mask, output: out }: BatchItem): Promise<FileRecord> => {
    const rec = createFileRecord(file.path);
    rec.mask = typeof mask === 'string' ? mask : null;
    if (mask === null) {
      rec.status = o.missingMask === 'error' ? 'failed' : 'skipped';
      rec.reason = 'no mask pairs with this image';
      return asShown(rec);
    }
    rec.output = out;
    if (await exists(out)) {
      if (o.skipExisting) return asShown({ ...rec, status: 'skipped', reason: 'output exists (--skip-existing)' });
      if (!o.overwrite) return asShown({ ...rec, status: 'failed', reason: 'output exists; pass --overwrite to replace it or --skip-existing to resume' });
    }
    return asShown(await processFile({ input: file.path, mask, output: out }, fileOptions, pool!));
  };

  // `concurrency` files in flight, the next one started as one finishes: memory stays bounded
  const limit = pLimit(concurrency);
  try {
    await Promise.all(files.map((item) => limit(async () => {
      const rec = await one(item);
      records.push(rec);
      reporter.file(rec);
    })));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await pool?.dispose();
  }
  const summary = summarise(records, (performance.now() - started) / 1000);
  reporter.finish(summary);
  return { summary, records };
}

