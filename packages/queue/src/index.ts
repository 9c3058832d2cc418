/**
 * @inpaint/queue — batches larger than one machine: BullMQ jobs and sandboxed workers over
 * Redis, and the per-file processing they share with `inpaint run`. Table of contents:
 */
export { DEFAULT_QUEUE, DEFAULT_REDIS_URL, REDIS_URL_ENV, RedisUnavailableError, assertRedisReachable, redisUrl } from './connection.js';
export type { InpaintJobData } from './jobs.js';
export { RETENTION, RETRY, hashFile, isTransient, jobIdFor } from './jobs.js';
export type { EnqueueItem, EnqueueResult, InpaintQueue, QueueOptions, QueueStatus } from './queue.js';
export { enqueue, openQueue, queueStatus } from './queue.js';
export type { InpaintWorker, WorkerOptions } from './worker.js';
export { startWorker } from './worker.js';
export type { FileOptions, OutputFormat } from './process-file.js';
export { OUTPUT_FORMATS, inpaintEncoded, processFile } from './process-file.js';
export { HOLD_TEMP_ENV, TEMP_MARKER, removeLiveTemporaries, removeStaleTemporaries, writeFileAtomic } from './atomic.js';
