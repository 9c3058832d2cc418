/**
 * A worker: BullMQ sandboxed processors in worker threads (one model load per thread)
 * taking jobs from the queue until closed. close() lets active jobs finish first, so a
 * SIGTERM loses nothing; a SIGKILLed worker's jobs become stalled when their locks expire
 * and another worker completes them.
 */
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileRecord } from '@inpaint/files';
import type { ModelFormat } from '@inpaint/core';
import { Worker } from 'bullmq';
import { DEFAULT_QUEUE, assertRedisReachable, connect, redisUrl } from './connection.js';
import type { InpaintJobData } from './jobs.js';
import type { ProcessorConfig } from './processor.js';
import type { QueueOptions } from './queue.js';

export interface WorkerOptions extends QueueOptions {
  /** Jobs in flight (worker threads). Default: the core count. */
  concurrency?: number;
  /** ONNX model; default: the one shipped with @inpaint/core. */
  model?: string;
  /** The model file's contract when detection should not decide. Default 'auto'. */
  modelFormat?: ModelFormat | 'auto';
  /** onnxruntime threads per job thread. Default: max(1, floor(cores / concurrency)); lower it when several workers share a machine. */
  threadsPerJob?: number;
  /** How long a job's lock lasts without renewal: a killed worker's jobs are taken over after it. Default 30 s. */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for. Default 30 s. */
  stalledIntervalMs?: number;
}

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
 * Start a worker on the queue.
 * @example
 * const w = await startWorker({ redis: 'redis://10.0.0.5:6379', concurrency: 2 });
 * process.once('SIGTERM', () => void w.close().then(() => process.exit(0)));
 */
export async function startWorker(o: WorkerOptions = {}): Promise<InpaintWorker> {
  const url = redisUrl(o.redis);
  await assertRedisReachable(url);
  const concurrency = o.concurrency ?? availableParallelism();
  const connection = connect(url);
  connection.on('error', () => undefined);
  const processorConfig: ProcessorConfig = { ...(o.model ? { model: o.model } : {}), modelFormat: o.modelFormat, threads: o.threadsPerJob ?? Math.max(1, Math.floor(availableParallelism() / concurrency)) };
  const bull = new Worker<InpaintJobData, FileRecord>(o.queue ?? DEFAULT_QUEUE, PROCESSOR, {
    connection,
    concurrency,
    useWorkerThreads: true,
    workerThreadsOptions: { workerData: { inpaint: processorConfig } },
    lockDuration: o.lockDurationMs ?? 30_000,
    stalledInterval: o.stalledIntervalMs ?? 30_000,
    maxStalledCount: 2,
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
