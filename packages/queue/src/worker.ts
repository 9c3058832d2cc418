/**
 * A worker: BullMQ sandboxed processors in worker threads (one model load per thread)
 * taking jobs from the queue until closed. close() lets active jobs finish first, so a
 * SIGTERM loses nothing; a SIGKILLed worker's jobs become stalled when their locks expire
 * and another worker completes them.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlugins, withBuiltins } from '@inpaint/core';
import type { FileRecord } from '@inpaint/files';
import { Worker } from 'bullmq';
import { assertRedisReachable, connect } from './connection.js';
import type { InpaintJobData } from './jobs.js';
import type { ProcessorConfig } from './processor.js';
import { queueLocation } from './queue-options.js';
import type { WorkerOptions } from './worker-options.js';
import { workerSettings } from './worker-options.js';

/** Runs after which a stalled job counts as failed (a job that kills its worker twice is not given a third). */
const MAX_STALLED_COUNT = 2;

// BullMQ's sandbox threads import the processor by path; they load the compiled module
// (from src/, as under the tests, that is ../dist/processor.js, built before the tests run)
const PROCESSOR = extname(fileURLToPath(import.meta.url)) === '.ts'
  ? new URL('../dist/processor.js', import.meta.url)
  : new URL('./processor.js', import.meta.url);

/** A running worker. */
export interface InpaintWorker {
  readonly bull: Worker<InpaintJobData, FileRecord>;
  /** Stop taking jobs, let the active ones finish, disconnect. */
  close(): Promise<void>;
}

/**
 * Start a worker on the queue. Plugins are loaded once here, so a module that cannot be used
 * fails the start (PluginError) rather than every job.
 * @example
 * const w = await startWorker({ redis: 'redis://10.0.0.5:6379', concurrency: 2 });
 * process.once('SIGTERM', () => void w.close().then(() => process.exit(0)));
 */
export async function startWorker(o: WorkerOptions = {}): Promise<InpaintWorker> {
  const { url, name } = queueLocation(o);
  const settings = workerSettings(o);
  // a plugin that cannot be used fails here, with its typed error (PluginError), not in every job
  withBuiltins(await loadPlugins(settings.plugins));
  await assertRedisReachable(url);
  const connection = connect(url);
  connection.on('error', () => undefined);
  const processorConfig: ProcessorConfig = {
    model: settings.model, modelFormat: settings.modelFormat, plugins: settings.plugins, threads: settings.threadsPerJob,
    locks: { redis: url, lockDurationMs: settings.lockDurationMs },
  };
  const bull = new Worker<InpaintJobData, FileRecord>(name, PROCESSOR, {
    connection,
    concurrency: settings.concurrency,
    useWorkerThreads: true,
    workerThreadsOptions: { workerData: { inpaint: processorConfig } },
    lockDuration: settings.lockDurationMs,
    stalledInterval: settings.stalledIntervalMs,
    maxStalledCount: MAX_STALLED_COUNT,
  });
  bull.on('error', () => undefined); // connection trouble is retried by BullMQ; jobs report their own failures
  return {
    bull,
    async close() {
      await bull.close();
      connection.disconnect();
    },
  };
}
