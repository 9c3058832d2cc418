/**
 * One worker host's process (started with `ip netns exec` by the multi-host tests): a queue
 * worker with the options given as JSON in argv[2]. It reports on stdout, one JSON object a
 * line: {"event":"ready"}, then {"event":"completed","id","output","earlier"} and
 * {"event":"failed","id","reason"} as its jobs end, and {"event":"error","message"} for the
 * first errors BullMQ reports (lost locks, a stale completion refused). SIGTERM closes it.
 */
import { startWorker } from '../../src/index.js';
import type { WorkerOptions } from '../../src/index.js';

const say = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ ...o, t: Date.now() })}\n`);
const options = JSON.parse(process.argv[2] ?? '{}') as WorkerOptions;
/** Start the worker; on a loaded machine the first connect across the namespace's link can miss startWorker's 3 s check, so it is tried up to 3 times, 1 s apart (an unreachable Redis still fails). */
async function start(): Promise<Awaited<ReturnType<typeof startWorker>>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startWorker(options);
    } catch (e) {
      if (attempt >= 3 || (e as { code?: string }).code !== 'ERR_REDIS_UNAVAILABLE') throw e;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
const worker = await start();
let errors = 0;
// earlier: the job completed with the record of an earlier run whose completion was lost after its rename
worker.bull.on('completed', (job) => say({ event: 'completed', id: job.id, output: job.data.output, earlier: job.returnvalue.warnings.some((w) => w.startsWith('an earlier run of this job wrote the output')) }));
worker.bull.on('failed', (job, e) => say({ event: 'failed', id: job?.id, reason: e.message, final: job ? job.attemptsMade >= (job.opts.attempts ?? 1) || Boolean(job.finishedOn) : true }));
worker.bull.on('error', (e) => { if (++errors <= 20) say({ event: 'error', message: e.message }); });
process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
say({ event: 'ready' });
