/**
 * The sandboxed processor: BullMQ runs this module in worker threads, one job at a time
 * per thread. Each thread loads the model once (its own Inpainter) and runs each job through
 * @inpaint/files' per-file policy and file road (processFile), as `inpaint run` does. Deterministic failures (typed errors)
 * become UnrecoverableError so BullMQ does not retry them; transient ones are retried.
 * Under a worker, the result is written to a staging file and renamed over the output only
 * while the job still holds its lock (publish.ts): a worker cut off for longer than the lock
 * never replaces an output another worker finished, and a run whose completion was lost after
 * its rename is not written again by the run that follows (earlierPublication).
 */
import { workerData } from 'node:worker_threads';
import { Inpainter, lazy } from '@inpaint/core';
import type { ModelFormat, PluginSpec } from '@inpaint/core';
import type { FileRecord } from '@inpaint/files';
import { processFile } from '@inpaint/files';
import type { SandboxedJob } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { Redis } from 'ioredis';
import type { InpaintJobData } from './jobs.js';
import { hashFile, isTransient } from './jobs.js';
import { earlierPublication, jobLock, lockTimeLeft, publishIfLocked, removeJobTemporaries, stagingPathFor } from './publish.js';

/** Passed by startWorker through the worker thread's workerData. */
export interface ProcessorConfig {
  readonly model?: string;
  readonly modelFormat?: ModelFormat | 'auto';
  /** Plugins by module, applied by this thread's Inpainter (startWorker has loaded each once already). */
  readonly plugins?: readonly PluginSpec[];
  readonly threads: number;
  /** Where the job locks are (the worker's Redis URL) and how long they last: outputs are published only under the job's lock. */
  readonly locks?: { readonly redis: string; readonly lockDurationMs: number };
}

/** This thread's Inpainter: one model load per thread, on its first job (a failed load is retried on the next). */
const inpainter = lazy(() => {
  const { model, modelFormat, plugins, threads } = config();
  return Inpainter.create({ model, modelFormat, plugins, threads }); // undefined: the default model, 'auto', no plugins
}, (i) => i.dispose());

/** This thread's own Redis connection, for looking at its jobs' locks (one command at a time, never retried for long). */
const lockClient = lazy(async () => {
  const { locks } = config();
  const client = new Redis(locks!.redis, { maxRetriesPerRequest: 1, enableOfflineQueue: true });
  client.on('error', () => undefined); // a check that fails counts as a lost lock
  return client;
}, async (c) => { c.disconnect(); });

function config(): ProcessorConfig {
  return (workerData as { inpaint?: ProcessorConfig } | null)?.inpaint ?? { threads: 1 };
}

/**
 * In-paint one job's image; resolves to its file record (kept as the job's return value).
 * @example
 * // not called directly: new Worker(name, processorUrl, { useWorkerThreads: true })
 */
export default async function processJob(job: SandboxedJob<InpaintJobData, FileRecord>, token?: string): Promise<FileRecord> {
  const { input, mask, output } = job.data;
  const { locks } = config();
  const lock = locks && token ? jobLock(job, token) : undefined;
  // outside a worker (no lock to hold): straight to the output, as inpaint run writes
  const target = lock ? stagingPathFor(output, lock.token) : output;
  // a quarter of the lock: the renewals (every half) keep a held lock above it
  const margin = locks ? Math.max(1, Math.floor(locks.lockDurationMs / 4)) : 0;
  if (lock) {
    await removeJobTemporaries(output); // a killed or cut-off earlier run's leftovers
    const earlier = await earlierPublication(await lockClient.get(), lock, output, 2 * margin);
    if (earlier) return { ...earlier, warnings: [...earlier.warnings, 'an earlier run of this job wrote the output; its completion did not reach Redis, so it was not written again'] };
  }
  const rec = await processFile({ input, mask, output: target }, job.data.options, await inpainter.get());
  if (rec.status === 'ok') {
    const done = { ...rec, output };
    if (lock) {
      const redis = await lockClient.get();
      const publication = { sha256: await hashFile(target), added: lock.added, record: done };
      try {
        await publishIfLocked(target, output, () => lockTimeLeft(redis, lock, 2 * margin, publication), margin, lock.jobId);
      } catch (e) {
        // retried if BullMQ still lets this run fail it (a slow Redis); refused as stale when another worker holds the job
        throw new Error(`${(e as { code?: string }).code ?? 'ERR_LOCK_LOST'}: ${(e as Error).message}`);
      }
    }
    return done;
  }
  // a typed failure (code ERR_…) or a missing file fails the same way every time; an I/O hiccup may pass
  const message = `${rec.code ? `${rec.code}: ` : ''}${rec.reason ?? 'failed'}`;
  if (isTransient(rec)) throw new Error(message);
  throw new UnrecoverableError(message);
}
