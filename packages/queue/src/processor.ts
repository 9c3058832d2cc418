/**
 * The sandboxed processor: BullMQ runs this module in worker threads, one job at a time
 * per thread. Each thread loads the model once (its own Inpainter) and runs each job through
 * @inpaint/files' per-file policy and file road (processFile), as `inpaint run` does. Deterministic failures (typed errors)
 * become UnrecoverableError so BullMQ does not retry them; transient ones are retried.
 */
import { workerData } from 'node:worker_threads';
import { Inpainter, lazy } from '@inpaint/core';
import type { ModelFormat, PluginSpec } from '@inpaint/core';
import type { FileRecord } from '@inpaint/files';
import { processFile } from '@inpaint/files';
import type { SandboxedJob } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { InpaintJobData } from './jobs.js';
import { isTransient } from './jobs.js';

/** Passed by startWorker through the worker thread's workerData. */
export interface ProcessorConfig {
  readonly model?: string;
  readonly modelFormat?: ModelFormat | 'auto';
  /** Plugins by module, applied by this thread's Inpainter (startWorker has loaded each once already). */
  readonly plugins?: readonly PluginSpec[];
  readonly threads: number;
}

/** This thread's Inpainter: one model load per thread, on its first job (a failed load is retried on the next). */
const inpainter = lazy(() => {
  const { model, modelFormat, plugins, threads } = config();
  return Inpainter.create({ model, modelFormat, plugins, threads }); // undefined: the default model, 'auto', no plugins
}, (i) => i.dispose());

function config(): ProcessorConfig {
  return (workerData as { inpaint?: ProcessorConfig } | null)?.inpaint ?? { threads: 1 };
}

/**
 * In-paint one job's image; resolves to its file record (kept as the job's return value).
 * @example
 * // not called directly: new Worker(name, processorUrl, { useWorkerThreads: true })
 */
export default async function processJob(job: SandboxedJob<InpaintJobData, FileRecord>): Promise<FileRecord> {
  const rec = await processFile({ input: job.data.input, mask: job.data.mask, output: job.data.output }, job.data.options, await inpainter.get());
  if (rec.status === 'ok') return rec;
  // a typed failure (code ERR_…) or a missing file fails the same way every time; an I/O hiccup may pass
  const message = `${rec.code ? `${rec.code}: ` : ''}${rec.reason ?? 'failed'}`;
  if (isTransient(rec)) throw new Error(message);
  throw new UnrecoverableError(message);
}
