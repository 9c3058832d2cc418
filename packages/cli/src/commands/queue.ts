/**
 * `inpaint enqueue`, `inpaint worker`, `inpaint status`: a batch spread over many machines
 * through BullMQ on Redis. enqueue pairs images with masks exactly as `inpaint run` does;
 * workers write with the same code and atomic write; status reports counts and failures.
 */
import { resolve } from 'node:path';
import { InpaintError, checkOptions } from '@inpaint/core';
import type { FileOptions, LabelledMask, OutputFormat } from '@inpaint/files';
import { FILE_POLICY_OPTION_SCHEMA, batchOptionsOf, createLabelFinder, hasShapes } from '@inpaint/files';
import type { InpaintWorker, QueueOptions, QueueStatus, WorkerOptions } from '@inpaint/queue';
import { enqueue, openQueue, queueStatus, startWorker } from '@inpaint/queue';
import cliProgress from 'cli-progress';
import pLimit from 'p-limit';
import type { BatchItem } from '../batch-plan.js';
import { planBatch, shown } from '../batch-plan.js';
import { checkOutDir } from './run.js';

export interface EnqueueOptions extends QueueOptions, FileOptions {
  /** Masks paired by name, one mask for all, or 'alpha'; or, instead, `boxes`. */
  masks?: string;
  /** A detector's labels (a folder of YOLO / JSON files or one COCO file): each image's shapes go with its job, drawn as its mask by the worker. */
  boxes?: string;
  /** With `boxes`: only these classes. */
  classes?: readonly number[];
  /** With `boxes`: grow every shape by this many pixels (round corners). */
  grow?: number;
  out: string;
  format?: OutputFormat;
  suffix?: string;
  overwrite?: boolean;
  json?: boolean;
}

/** Label files read at once while enqueueing: a folder of 100 000 stays within the open-file limit. */
const LABEL_READS = 16;

/** A photo whose label file does not parse: not queued; the message names the file, line and what was expected. */
export interface InvalidLabels {
  readonly input: string;
  readonly message: string;
}

/**
 * Each planned image's mask as its job carries it: a path or 'alpha', its labels (boxes), or
 * null when it has none; and the photos whose label file does not parse (null too).
 */
async function jobMasks(items: readonly BatchItem[], o: EnqueueOptions): Promise<{ masks: (string | LabelledMask | null)[]; invalid: InvalidLabels[] }> {
  if (o.boxes === undefined) return { masks: items.map((i) => (i.mask === 'alpha' ? 'alpha' : i.mask == null ? null : resolve(String(i.mask)))), invalid: [] };
  checkOptions(FILE_POLICY_OPTION_SCHEMA, { grow: o.grow }, {});
  const labels = await createLabelFinder(o.boxes, { classes: o.classes });
  const limit = pLimit(LABEL_READS);
  const invalid: InvalidLabels[] = [];
  const masks = await Promise.all(items.map((i) => limit(async () => {
    try {
      const shapes = await labels.find(i.file.path, i.file.relative);
      return shapes && hasShapes(shapes) ? { labels: shapes, grow: o.grow ?? 0 } : null;
    } catch (e) {
      if (!(e instanceof InpaintError)) throw e;
      invalid.push({ input: i.file.path, message: e.message });
      return null;
    }
  })));
  return { masks, invalid };
}

/**
 * Queue one job per paired image (or per image with labels, with `boxes`); prints how many
 * were added, already queued, already done. A photo whose label file does not parse is not
 * queued and is listed on stderr (the others are queued; the command exits 1).
 * @example
 * const r = await enqueueBatch(['photos/'], { masks: 'masks/', out: '/shared/fixed' });
 * await enqueueBatch(['photos/'], { boxes: 'labels/', classes: [0], grow: 8, out: '/shared/fixed' });
 */
export async function enqueueBatch(inputs: readonly string[], o: EnqueueOptions): Promise<{ added: number; queued: number; done: number; failed: number; unmasked: number; invalidLabels: number; missing: number }> {
  await checkOutDir(inputs, o.out);
  const q = await openQueue(o);
  try {
    const { items, missing } = await planBatch(inputs, o);
    const { masks, invalid } = await jobMasks(items, o);
    const paired = items.flatMap((i, n) => (masks[n] === null ? [] : [{ input: resolve(i.file.path), mask: masks[n]!, output: i.output }]));
    const fileOptions = batchOptionsOf(o);
    const r = await enqueue(q, paired, { ...fileOptions, overwrite: o.overwrite });
    const result = { ...r, unmasked: items.length - paired.length - invalid.length, invalidLabels: invalid.length, missing: missing.length };
    for (const bad of invalid) process.stderr.write(`not queued: ${shown(bad.input)}: ${bad.message}\n`);
    const text = `queue ${q.name} at ${q.url}: ${r.added} added, ${r.queued} already queued, ${r.done} already done, ${r.failed} failed before` +
      `${result.unmasked ? `; ${result.unmasked} without ${o.boxes === undefined ? 'a mask' : 'boxes'} (not queued)` : ''}` +
      `${invalid.length ? `; ${invalid.length} with labels that do not parse (not queued, listed above)` : ''}${missing.length ? `; not found: ${missing.map(shown).join(', ')}` : ''}`;
    process.stdout.write(o.json ? `${JSON.stringify({ type: 'enqueue', queue: q.name, ...result })}\n` : `${text}\n`);
    return result;
  } finally {
    await q.close();
  }
}

/**
 * Run a worker until SIGTERM/SIGINT: then it stops taking jobs, lets active ones finish,
 * and resolves (exit 0).
 * @example
 * await runWorker({ redis: 'redis://10.0.0.5:6379', concurrency: 2 });
 */
export async function runWorker(o: WorkerOptions & { log?: (line: string) => void }): Promise<void> {
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const worker: InpaintWorker = await startWorker(o);
  worker.bull.on('completed', (job) => log(`ok      ${shown(job.data.input)} -> ${shown(job.data.output)} (${Math.round(job.returnvalue?.ms ?? 0)} ms)`));
  worker.bull.on('failed', (job, err) => log(`${job && job.attemptsMade < (job.opts.attempts ?? 1) && err.name !== 'UnrecoverableError' ? 'retry  ' : 'failed '} ${job ? shown(job.data.input) : '?'} ${err.message}`));
  log(`worker on queue ${worker.bull.name}: ${o.concurrency ?? 'one per core'} job(s) at a time; SIGTERM or Ctrl-C finishes the active jobs and stops`);
  await new Promise<void>((done) => {
    const stop = (signal: NodeJS.Signals) => {
      log(`${signal}: finishing the active jobs, then stopping`);
      void worker.close().then(done);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

function statusLine(s: QueueStatus): string {
  return `waiting ${s.waiting}, active ${s.active}, delayed ${s.delayed}, completed ${s.completed}, failed ${s.failed}`;
}

/**
 * Print where the queue stands; with `wait`, show a progress bar until nothing is waiting
 * or active. Resolves to the last status (the caller exits 1 when any job failed).
 * @example
 * const s = await showStatus({ wait: true });
 */
export async function showStatus(o: QueueOptions & { wait?: boolean; json?: boolean; pollMs?: number }): Promise<QueueStatus> {
  const q = await openQueue(o);
  try {
    let s = await queueStatus(q);
    if (o.wait) {
      const bar = !o.json && process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'inpaint queue |{bar}| {value}/{total} done | {failed} failed | active {active}', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
      const total = (x: QueueStatus) => x.waiting + x.active + x.delayed + x.completed + x.failed;
      bar?.start(total(s), s.completed + s.failed, { failed: s.failed, active: s.active });
      while (s.waiting + s.active + s.delayed > 0) {
        await new Promise((r) => setTimeout(r, o.pollMs ?? 250));
        s = await queueStatus(q);
        bar?.setTotal(total(s));
        bar?.update(s.completed + s.failed, { failed: s.failed, active: s.active });
      }
      bar?.stop();
    }
    if (o.json) process.stdout.write(`${JSON.stringify({ type: 'status', queue: q.name, ...s })}\n`);
    else {
      process.stdout.write(`queue ${q.name} at ${q.url}: ${statusLine(s)}\n`);
      for (const f of s.failures) process.stdout.write(`failed  ${shown(f.input)}: ${f.reason}\n`);
    }
    return s;
  } finally {
    await q.close();
  }
}
