/**
 * What a queued job is: one image, its mask, its output, and how to in-paint it; its id;
 * how it is retried; how long finished jobs are kept.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { InpaintError } from '@inpaint/core';
import type { FileOptions, LabelledMask } from '@inpaint/files';

export interface InpaintJobData {
  /** Absolute paths on the shared volume. */
  readonly input: string;
  /** A mask path, 'alpha', or the image's labels (found at enqueue) drawn as its mask by the worker. */
  readonly mask: string | LabelledMask;
  readonly output: string;
  readonly options: FileOptions;
  /** sha256 of the input's bytes when it was enqueued. */
  readonly inputHash: string;
}

/** Transient failures are retried with exponential backoff (1 s, 2 s, 4 s). */
export const RETRY = { attempts: 4, backoff: { type: 'exponential' as const, delay: 1000 } };

/** Finished jobs kept for status and idempotency: bounded, so Redis does not grow forever. */
export const RETENTION = {
  removeOnComplete: { count: 100_000, age: 7 * 24 * 3600 },
  removeOnFail: { count: 100_000, age: 30 * 24 * 3600 },
};

/** File-system errors that may pass (a busy or briefly unavailable shared volume). */
const TRANSIENT_CODES = new Set(['EIO', 'EAGAIN', 'EBUSY', 'EMFILE', 'ENFILE', 'ENOSPC', 'ETIMEDOUT', 'ECONNRESET', 'ESTALE', 'EINTR', 'EDQUOT']);

/**
 * Whether a failure is worth retrying. A typed InpaintError (corrupt image, bad mask, model
 * refused) or a missing / unreadable file fails the same way every time: it fails at once.
 * Takes an error or a failed FileRecord (both carry `code`).
 * @example
 * isTransient(Object.assign(new Error('i/o error'), { code: 'EIO' })); // true
 */
export function isTransient(e: unknown): boolean {
  if (e instanceof InpaintError) return false;
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' ? TRANSIENT_CODES.has(code) : true;
}

/**
 * The job id: from the output path and the input's content, so that enqueueing the same
 * batch twice adds nothing, and a changed input is a new job.
 * @example
 * jobIdFor('/data/fixed/a.jpg', await hashFile('/data/photos/a.jpg'));
 */
export function jobIdFor(output: string, inputHash: string): string {
  return `img-${createHash('sha256').update(output).update('\0').update(inputHash).digest('hex').slice(0, 40)}`;
}

/**
 * sha256 of a file's bytes, streamed.
 * @example
 * const hash = await hashFile('photos/a.jpg');
 */
export function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path).on('error', reject).on('data', (c) => hash.update(c)).on('end', () => resolve(hash.digest('hex')));
  });
}
