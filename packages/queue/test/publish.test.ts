import test from 'ava';
import { existsSync, readFileSync, readdirSync, rmSync as rm, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Redis } from 'ioredis';
import { TEMP_MARKER } from '@inpaint/files';
import type { FileRecord } from '@inpaint/files';
import { hashFile } from '../src/jobs.js';
import { LockLostError, PUBLICATION_TTL_MS, earlierPublication, jobLock, lockTimeLeft, publishIfLocked, removeJobTemporaries, stagingPathFor } from '../src/publish.js';
import { startRedis, tempDir, write } from './helpers.js';

const redis = await startRedis();
const client = new Redis(redis.url);
test.after.always(async () => {
  client.disconnect();
  await redis.stop();
});

test('a job lock is BullMQ\'s key for the job and this run\'s token', (t) => {
  t.deepEqual(jobLock({ id: 'img-1', queueQualifiedName: 'bull:inpaint', timestamp: 5 }, 'tok'), { jobId: 'img-1', key: 'bull:inpaint:img-1:lock', published: 'bull:inpaint:img-1:published', token: 'tok', added: 5 });
});

/** Time a healthy Redis gets to answer here: generous, since CI runs many tests at once on 2 cores (the timeout itself is tested with a Redis that does not answer). */
const ANSWER_MS = 10_000;

test('the time left is the lock\'s TTL while the token is this run\'s, else 0; a Redis that does not answer rejects within the timeout', async (t) => {
  const lock = jobLock({ id: 'a', queueQualifiedName: 'bull:left', timestamp: 1 }, 'mine');
  t.is(await lockTimeLeft(client, lock, ANSWER_MS), 0, 'no lock');
  await client.set(lock.key, 'mine', 'PX', 5000);
  const left = await lockTimeLeft(client, lock, ANSWER_MS);
  t.true(left > 4000 && left <= 5000, `${left} ms`);
  await client.set(lock.key, 'theirs', 'PX', 5000);
  t.is(await lockTimeLeft(client, lock, ANSWER_MS), 0, 'taken over');
  const silent = new Redis(redis.url, { lazyConnect: true });
  silent.on('error', () => undefined);
  await silent.connect();
  await silent.client('PAUSE', 1500, 'ALL'); // every client's commands wait
  const t0 = Date.now();
  await t.throwsAsync(lockTimeLeft(client, lock, 300), { message: /did not answer within 300 ms/ });
  t.true(Date.now() - t0 < 1200);
  await silent.client('UNPAUSE');
  silent.disconnect();
});

test('the staging file is a temporary of the output, one per run, with its extension; removeJobTemporaries removes it and its own temporary, nothing else', async (t) => {
  const d = tempDir();
  const out = join(d, 'a.png');
  const staging = stagingPathFor(out, 'run-1');
  t.is(staging.slice(0, -'0123456789ab.png'.length), join(d, `.a.png${TEMP_MARKER}job-`));
  t.regex(staging, /job-[0-9a-f]{12}\.png$/);
  t.not(staging, stagingPathFor(out, 'run-2'));
  for (const f of [staging, join(d, `.${basename(staging)}${TEMP_MARKER}123-ab`), join(d, 'a.png'), join(d, 'b.a.png'), join(d, `.b.a.png${TEMP_MARKER}1-2`)]) write(f, 'x');
  t.is(await removeJobTemporaries(out), 2);
  t.deepEqual(readdirSync(d).sort(), ['.b.a.png.inpaint-tmp-1-2', 'a.png', 'b.a.png'], "another output's temporary and the outputs stay");
  t.is(await removeJobTemporaries(join(d, 'missing/x.png')), 0);
});

test('publishIfLocked renames while the lock is held with the margin left; else it removes the staging file, leaves the output, and throws LockLostError', async (t) => {
  const d = tempDir();
  const out = join(d, 'a.png');
  const staging = stagingPathFor(out, 'run');
  write(staging, 'mine');
  await publishIfLocked(staging, out, async () => 1000, 100, 'img-1');
  t.is(readFileSync(out, 'utf8'), 'mine');
  t.false(existsSync(staging));

  writeFileSync(staging, 'stale');
  const taken = await t.throwsAsync(publishIfLocked(staging, out, async () => 0, 100, 'img-1'), { instanceOf: LockLostError });
  t.is(taken.code, 'ERR_LOCK_LOST');
  t.regex(taken.message, /job img-1 no longer holds its lock \(another worker holds it, or the job is finished\).*a\.png.*raise --lock-ms/);
  t.is(readFileSync(out, 'utf8'), 'mine', 'the finished output is left as it was');
  t.false(existsSync(staging), 'no temporary left');

  writeFileSync(staging, 'late');
  const slow = await t.throwsAsync(publishIfLocked(staging, out, () => new Promise((r) => setTimeout(() => r(120), 60)), 100, 'img-1'), { instanceOf: LockLostError });
  t.regex(slow.message, /ms left, less than the 100 ms margin/, 'the time the answer took counts against the lock');
  writeFileSync(staging, 'unanswered');
  const down = await t.throwsAsync(publishIfLocked(staging, out, () => Promise.reject(new Error('Redis did not answer within 50 ms')), 100, 'img-1'), { instanceOf: LockLostError });
  t.regex(down.message, /Redis did not answer/);
  t.is(readFileSync(out, 'utf8'), 'mine');
  t.false(existsSync(staging));
});

test('a held lock records the publication in the same check; the next run of the job finds it while the output is the file published, and only then', async (t) => {
  const d = tempDir();
  const out = join(d, 'a.png');
  const first = jobLock({ id: 'p', queueQualifiedName: 'bull:pub', timestamp: 1000 }, 'run-1');
  const record: FileRecord = { input: join(d, 'a.jpg'), output: out, mask: join(d, 'a.mask.png'), status: 'ok', warnings: [], ms: 12 };
  const staging = stagingPathFor(out, first.token);
  write(staging, 'filled');
  const publication = { sha256: await hashFile(staging), added: first.added, record };

  await client.set(first.key, 'someone else', 'PX', 5000);
  t.is(await lockTimeLeft(client, first, ANSWER_MS, publication), 0);
  t.is(await client.exists(first.published), 0, 'a lock held by another run records nothing');

  await client.set(first.key, first.token, 'PX', 5000);
  await publishIfLocked(staging, out, () => lockTimeLeft(client, first, ANSWER_MS, publication), 100, first.jobId);
  const ttl = await client.pttl(first.published);
  t.true(ttl > PUBLICATION_TTL_MS - 5000 && ttl <= PUBLICATION_TTL_MS, `kept ${ttl} ms`);

  // the completion never reached Redis: the lock expires and another run takes the job
  await client.set(first.key, 'run-2', 'PX', 5000);
  const second = jobLock({ id: 'p', queueQualifiedName: 'bull:pub', timestamp: 1000 }, 'run-2');
  t.deepEqual(await earlierPublication(client, second, out, ANSWER_MS), record, 'the output in place is the one published');
  const readded = jobLock({ id: 'p', queueQualifiedName: 'bull:pub', timestamp: 2000 }, 'run-3');
  t.is(await earlierPublication(client, readded, out, ANSWER_MS), undefined, 'the job added again (--overwrite) is new work: its mask or options may have changed');
  const stored = (await client.get(first.published))!;
  for (const bad of ['{"sha256": "', JSON.stringify({ ...JSON.parse(stored), sha256: undefined }), JSON.stringify({ ...JSON.parse(stored), record: { status: 'ok' } }), 'null']) {
    await client.set(first.published, bad);
    t.is(await earlierPublication(client, second, out, ANSWER_MS), undefined, `not a publication: ${bad.slice(0, 40)}`);
  }
  await client.set(first.published, stored);
  writeFileSync(out, 'replaced by hand');
  t.is(await earlierPublication(client, second, out, ANSWER_MS), undefined, 'an output changed since is written again');
  rm(out);
  t.is(await earlierPublication(client, second, out, ANSWER_MS), undefined, 'a missing output is written again');
  t.is(await earlierPublication(client, jobLock({ id: 'other', queueQualifiedName: 'bull:pub', timestamp: 1000 }, 'run-2'), out, ANSWER_MS), undefined, 'another job has no publication');
});
