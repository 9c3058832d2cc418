/**
 * Publishing a job's output only while the job still holds its lock. A worker cut off from
 * Redis for longer than the lock loses its job to another worker, but its job thread goes
 * on; when it finishes, the other worker may have finished the output already. So a job
 * thread writes its result to a staging file beside the output (named as a temporary of that
 * output, so a takeover removes it) and renames it over the output only while the job's lock
 * in Redis is still its own, with a margin left; otherwise it removes the staging file and
 * fails with LockLostError, and BullMQ refuses its stale completion (the lock is not its own).
 */
import { createHash } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { TEMP_MARKER } from '@inpaint/files';
import type { Redis } from 'ioredis';

/** The job's lock was gone (taken over, finished by another worker, or Redis did not answer): its result was not published. */
export class LockLostError extends Error {
  readonly code = 'ERR_LOCK_LOST';
  /** The output that was left as it was. */
  readonly output: string;
  readonly jobId: string;
  constructor(jobId: string, output: string, reason: string) {
    super(`job ${jobId} no longer holds its lock (${reason}), so its result was not written to ${output}: the worker that took the job over writes it. `
      + 'Without network trouble this means jobs outlast the lock: raise --lock-ms (lockDurationMs) above the longest job');
    this.name = 'LockLostError';
    this.jobId = jobId;
    this.output = output;
  }
}

/** Where a job's lock lives and the token that says it is this run's. */
export interface JobLock {
  readonly jobId: string;
  /** `<prefix>:<queue>:<job id>:lock`, as BullMQ keeps it. */
  readonly key: string;
  readonly token: string;
}

/**
 * The lock of a job run by a sandboxed processor, from the job BullMQ hands it and its token.
 * @example
 * jobLock({ id: 'img-1', queueQualifiedName: 'bull:inpaint' }, 'token-1'); // { jobId: 'img-1', key: 'bull:inpaint:img-1:lock', token: 'token-1' }
 */
export function jobLock(job: { readonly id?: string; readonly queueQualifiedName: string }, token: string): JobLock {
  return { jobId: job.id ?? '', key: `${job.queueQualifiedName}:${job.id ?? ''}:lock`, token };
}

/**
 * How many ms the lock has left when it is still this run's, 0 when it is not (expired,
 * taken over, the job finished). Rejects when Redis does not answer within `timeoutMs`.
 * @example
 * const left = await lockTimeLeft(redis, jobLock(job, token), 1000);
 */
export async function lockTimeLeft(redis: Redis, lock: JobLock, timeoutMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs); });
  try {
    const replies = await Promise.race([redis.multi().get(lock.key).pttl(lock.key).exec(), timeout]);
    const [[getError, holder], [ttlError, ttl]] = replies ?? [[new Error('transaction aborted'), null], [null, null]];
    if (getError || ttlError) throw getError ?? ttlError;
    return holder === lock.token && typeof ttl === 'number' && ttl > 0 ? ttl : 0;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The staging file of one run of a job: a temporary of `output` (so removeJobTemporaries and
 * a takeover remove it), with the output's extension.
 * @example
 * stagingPathFor('/data/out/a.png', 'token-1'); // '/data/out/.a.png.inpaint-tmp-job-<12 hex>.png'
 */
export function stagingPathFor(output: string, token: string): string {
  const run = createHash('sha256').update(token).digest('hex').slice(0, 12);
  return join(dirname(output), `.${basename(output)}${TEMP_MARKER}job-${run}${extname(output)}`);
}

/**
 * Remove what earlier runs of the job writing `output` left beside it (a killed or cut-off
 * worker's staging file and the temporary of its staging file); resolves with how many.
 * Called when a job starts: the lock is this run's, so no other run may still write them.
 * @example
 * await removeJobTemporaries('/data/out/a.png');
 */
export async function removeJobTemporaries(output: string): Promise<number> {
  const staging = `.${basename(output)}${TEMP_MARKER}`;
  let names: string[];
  try {
    names = await readdir(dirname(output));
  } catch {
    return 0;
  }
  const left = names.filter((n) => n.startsWith(staging) || n.startsWith(`.${staging}`));
  await Promise.all(left.map((n) => rm(join(dirname(output), n), { force: true })));
  return left.length;
}

/**
 * Rename `staging` over `output` if the job's lock is still this run's with at least
 * `marginMs` left once the answer is back (a takeover can only happen after the lock
 * expires, so the rename lands first); else remove `staging` and throw LockLostError. The folder is fsynced after the rename.
 * @example
 * await publishIfLocked(stagingPathFor(out, token), out, () => lockTimeLeft(redis, lock, 500), 500, lock.jobId);
 * @throws {LockLostError} the lock is not this run's any more, or Redis did not answer
 */
export async function publishIfLocked(staging: string, output: string, timeLeft: () => Promise<number>, marginMs: number, jobId: string): Promise<void> {
  let reason: string | undefined;
  try {
    const asked = Date.now();
    const reported = await timeLeft();
    // Redis measured the time left after it was asked: the lock lasts at least until asked + reported
    const left = reported - (Date.now() - asked);
    if (reported === 0) reason = 'another worker holds it, or the job is finished';
    else if (left < marginMs) reason = `${left} ms left, less than the ${marginMs} ms margin`;
  } catch (e) {
    reason = (e as Error).message;
  }
  if (reason !== undefined) {
    await rm(staging, { force: true });
    throw new LockLostError(jobId, output, reason);
  }
  await rename(staging, output);
  try {
    const folder = await open(dirname(output), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // some file systems refuse fsync on a folder; the rename itself stands
  }
}
