/**
 * Publishing a job's output only while the job still holds its lock. A worker cut off from
 * Redis for longer than the lock loses its job to another worker, but its job thread goes
 * on; when it finishes, the other worker may have finished the output already. So a job
 * thread writes its result to a staging file beside the output (named as a temporary of that
 * output, so a takeover removes it) and renames it over the output only while the job's lock
 * in Redis is still its own, with a margin left; otherwise it removes the staging file and
 * fails with LockLostError, and BullMQ refuses its stale completion (the lock is not its own).
 *
 * The same check records the publication beside the job in Redis (the output's sha256 and
 * the job's record). A run whose rename landed but whose completion never reached Redis (the
 * link dropped in between) is run again once its lock expires; that run finds the record,
 * sees the output is the one published, and completes with it instead of writing it twice.
 * The record is made in the same step as the lock check, before the rename: on its own it does
 * not prove the rename happened, so it is trusted only while the output's bytes are the ones
 * it names, and only by runs of the same job as added (a job added again, by --overwrite or
 * after its retention, is new work).
 */
import { createHash } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { TEMP_MARKER } from '@inpaint/files';
import type { FileRecord } from '@inpaint/files';
import type { Redis } from 'ioredis';
import { hashFile } from './jobs.js';

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
  /** `<prefix>:<queue>:<job id>:published`: what a run that published the output recorded. */
  readonly published: string;
  readonly token: string;
  /** When the job was added (ms): the runs of one job share it, a job added again does not. */
  readonly added: number;
}

/** What a run that published its job's output records in Redis: the output's sha256 and the job's record. */
export interface Publication {
  readonly sha256: string;
  /** The job's `added`: a job added again under the same id does not take this run's record. */
  readonly added: number;
  readonly record: FileRecord;
}

/**
 * How long a publication is kept: a run whose completion was lost is run again once its lock
 * expires and the link is back, so this bounds the outages after which an output is not
 * written a second time (identical bytes: the fill is deterministic). 1 h of jobs at 10 million
 * a day is about 420 000 keys.
 */
export const PUBLICATION_TTL_MS = 3_600_000;

/**
 * The lock of a job run by a sandboxed processor, from the job BullMQ hands it and its token.
 * @example
 * jobLock({ id: 'img-1', queueQualifiedName: 'bull:inpaint', timestamp: 1767225600000 }, 'token-1');
 * // { jobId: 'img-1', key: 'bull:inpaint:img-1:lock', published: 'bull:inpaint:img-1:published', token: 'token-1', added: 1767225600000 }
 */
export function jobLock(job: { readonly id?: string; readonly queueQualifiedName: string; readonly timestamp: number }, token: string): JobLock {
  const base = `${job.queueQualifiedName}:${job.id ?? ''}`;
  return { jobId: job.id ?? '', key: `${base}:lock`, published: `${base}:published`, token, added: job.timestamp };
}

/** A stored publication, when it is one (a value written otherwise, or cut short, is not). */
function parsedPublication(stored: string): Publication | undefined {
  try {
    const p = JSON.parse(stored) as Partial<Publication> | null;
    const r = p?.record;
    const recordLike = typeof r === 'object' && r !== null && r.status === 'ok' && typeof r.input === 'string' && Array.isArray(r.warnings);
    return p && typeof p.sha256 === 'string' && /^[0-9a-f]{64}$/.test(p.sha256) && typeof p.added === 'number' && recordLike ? p as Publication : undefined;
  } catch {
    return undefined;
  }
}

/** The lock's TTL when the token holds it, else 0; with a publication given, records it (for ARGV[3] ms) in the same step. */
const CHECK_LOCK = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then return 0 end
if ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) end
return ttl`;

/** Resolves with `work`, or rejects when it takes longer than `timeoutMs`. */
async function answered<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs); });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * How many ms the lock has left when it is still this run's, 0 when it is not (expired,
 * taken over, the job finished). With `publication`, a held lock also records it beside the
 * job, in the same step (a Lua script: nothing runs in between). Rejects when Redis does not
 * answer within `timeoutMs`.
 * @example
 * const left = await lockTimeLeft(redis, jobLock(job, token), 1000);
 */
export async function lockTimeLeft(redis: Redis, lock: JobLock, timeoutMs: number, publication?: Publication): Promise<number> {
  const ttl = await answered(redis.eval(CHECK_LOCK, 2, lock.key, lock.published, lock.token, publication ? JSON.stringify(publication) : '', PUBLICATION_TTL_MS), timeoutMs);
  return typeof ttl === 'number' && ttl > 0 ? ttl : 0;
}

/**
 * The record of an earlier run of this job that published `output` (its completion lost on
 * the way to Redis), when the output is still the file it published; else undefined (also
 * for a job added again under the same id, and for a stored value that is not a publication).
 * Rejects when Redis does not answer within `timeoutMs`.
 * @example
 * const earlier = await earlierPublication(redis, jobLock(job, token), '/data/out/a.png', 1000);
 * console.log(earlier ? 'already in place: complete with the earlier record' : 'run the job');
 */
export async function earlierPublication(redis: Redis, lock: JobLock, output: string, timeoutMs: number): Promise<FileRecord | undefined> {
  const stored = await answered(redis.get(lock.published), timeoutMs);
  const earlier = stored === null ? undefined : parsedPublication(stored);
  if (!earlier || earlier.added !== lock.added) return undefined;
  const now = await hashFile(output).catch(() => undefined);
  return now === earlier.sha256 ? earlier.record : undefined;
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
