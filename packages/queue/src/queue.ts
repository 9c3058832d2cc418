/**
 * The batch queue: open it, add jobs idempotently, and report where a batch stands.
 */
import { access } from 'node:fs/promises';
import type { FileRecord } from '@inpaint/files';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { assertRedisReachable, connect } from './connection.js';
import type { InpaintJobData } from './jobs.js';
import { RETENTION, RETRY, hashFile, jobIdFor } from './jobs.js';
import type { FileOptions, LabelledMask } from '@inpaint/files';
import type { QueueOptions } from './queue-options.js';
import { queueLocation } from './queue-options.js';


/** An open queue; close() it when done. */
export interface InpaintQueue {
  readonly name: string;
  readonly url: string;
  readonly bull: Queue<InpaintJobData, FileRecord>;
  close(): Promise<void>;
}

/**
 * Open the batch queue, failing at once with RedisUnavailableError when Redis cannot be reached.
 * @example
 * const q = await openQueue({ redis: 'redis://10.0.0.5:6379' });
 * await q.close();
 */
export async function openQueue(o: QueueOptions = {}): Promise<InpaintQueue> {
  const { url, name } = queueLocation(o);
  await assertRedisReachable(url);
  const connection: Redis = connect(url);
  connection.on('error', () => undefined); // a later outage surfaces through the failing calls
  const bull = new Queue<InpaintJobData, FileRecord>(name, { connection, defaultJobOptions: { ...RETRY, ...RETENTION } });
  return {
    name, url, bull,
    async close() {
      await bull.close();
      connection.disconnect();
    },
  };
}

/** One image to queue: paths as every worker sees them (a shared volume). */
export interface EnqueueItem {
  readonly input: string;
  /** A mask path, 'alpha', or the image's labels (a detector's boxes or polygons), drawn as its mask by the worker. */
  readonly mask: string | LabelledMask;
  readonly output: string;
}

/** Items hashed, looked up and added together. */
const ENQUEUE_CHUNK = 50;

export interface EnqueueResult {
  added: number;
  /** Already waiting, running, delayed or retrying. */
  queued: number;
  /** The output exists (and --overwrite was not given), or the same job completed. */
  done: number;
  /** The same job failed before (its reason is in `inpaint status`). */
  failed: number;
}

/**
 * Add one job per item; the job id derives from the output path and the input's content,
 * so enqueueing the same batch twice adds nothing.
 * @example
 * const r = await enqueue(q, [{ input: '/data/in/a.jpg', mask: '/data/masks/a.png', output: '/data/out/a.jpg' }], {});
 * console.log(r.added, r.queued, r.done);
 * // a detector's box instead of a mask file: drawn (grown 8 px) by the worker
 * const labels = parseYolo('0 0.5 0.5 0.2 0.3\n', '/data/labels/b.txt');
 * await enqueue(q, [{ input: '/data/in/b.jpg', mask: { labels, grow: 8 }, output: '/data/out/b.jpg' }], {});
 */
export async function enqueue(q: InpaintQueue, items: readonly EnqueueItem[], options: FileOptions & { overwrite?: boolean }): Promise<EnqueueResult> {
  const { overwrite = false, ...fileOptions } = options;
  const result: EnqueueResult = { added: 0, queued: 0, done: 0, failed: 0 };
  // chunk by chunk: each chunk's inputs are hashed and looked up in parallel, and its new
  // jobs are added at once, so workers start on the first chunk while later ones are read
  for (let start = 0; start < items.length; start += ENQUEUE_CHUNK) {
    const chunk = items.slice(start, start + ENQUEUE_CHUNK);
    const decided = await Promise.all(chunk.map(async (item) => {
      if (!overwrite && await access(item.output).then(() => true, () => false)) return 'done' as const;
      const inputHash = await hashFile(item.input);
      const jobId = jobIdFor(item.output, inputHash);
      const existing = await q.bull.getJob(jobId);
      if (existing) {
        const state = await existing.getState();
        if (state === 'failed') return 'failed' as const;
        if (state !== 'completed') return 'queued' as const;
        if (!overwrite) return 'done' as const;
        await existing.remove(); // --overwrite of a completed job: run it again
      }
      return { name: 'inpaint', data: { ...item, options: fileOptions, inputHash }, opts: { jobId } };
    }));
    const fresh = decided.filter((d) => typeof d === 'object');
    for (const d of decided) if (typeof d === 'string') result[d]++;
    if (fresh.length > 0) await q.bull.addBulk(fresh);
    result.added += fresh.length;
  }
  return result;
}

export interface QueueStatus {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly completed: number;
  readonly failed: number;
  /** The most recent failures, with their reasons (the typed error's code and message). */
  readonly failures: { readonly input: string; readonly reason: string; readonly attempts: number }[];
}

/**
 * Counts per state and the latest failure reasons.
 * @example
 * const s = await queueStatus(q); // { waiting, active, delayed, completed, failed, failures }
 */
export async function queueStatus(q: InpaintQueue, maxFailures = 50): Promise<QueueStatus> {
  const counts = await q.bull.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children');
  const failedJobs = counts.failed > 0 ? await q.bull.getFailed(0, maxFailures - 1) : [];
  return {
    waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts['waiting-children'] ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    completed: counts.completed ?? 0,
    failed: counts.failed ?? 0,
    failures: failedJobs.filter(Boolean).map((j) => ({ input: j.data.input, reason: j.failedReason, attempts: j.attemptsMade })),
  };
}
