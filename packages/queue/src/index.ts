/**
 * @inpaint/queue — batches larger than one machine: BullMQ jobs and sandboxed workers over
 * Redis. Each job runs @inpaint/files' processFile(), the same as `inpaint run`. Table of contents:
 */
export { DEFAULT_REDIS_URL, REDIS_URL_ENV, RedisUnavailableError, assertRedisReachable, redisUrl } from './connection.js';
export { DEFAULT_QUEUE, QUEUE_OPTION_SCHEMA, queueLocation } from './queue-options.js';
export type { QueueLocation, QueueOptions } from './queue-options.js';
export { WORKER_OPTION_SCHEMA, workerSettings } from './worker-options.js';
export type { WorkerOptions, WorkerSettings } from './worker-options.js';
export type { InpaintJobData } from './jobs.js';
export { RETENTION, RETRY, hashFile, isTransient, jobIdFor } from './jobs.js';
export type { EnqueueItem, EnqueueResult, InpaintQueue, QueueStatus } from './queue.js';
export { enqueue, openQueue, queueStatus } from './queue.js';
export type { InpaintWorker } from './worker.js';
export { startWorker } from './worker.js';
/** @deprecated moved to @inpaint/files (the per-file layer); re-exported here until 1.0. */
export type { FileOptions, OutputFormat } from '@inpaint/files';
/** @deprecated moved to @inpaint/files (the per-file layer); re-exported here until 1.0. */
export { OUTPUT_FORMATS, TEMP_MARKER, inpaintEncoded, processFile, removeLiveTemporaries, removeStaleTemporaries, writeFileAtomic } from '@inpaint/files';
