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
const worker = await startWorker(options);
let errors = 0;
// earlier: the job completed with the record of an earlier run whose completion was lost after its rename
worker.bull.on('completed', (job) => say({ event: 'completed', id: job.id, output: job.data.output, earlier: job.returnvalue.warnings.some((w) => w.startsWith('an earlier run of this job wrote the output')) }));
worker.bull.on('failed', (job, e) => say({ event: 'failed', id: job?.id, reason: e.message, final: job ? job.attemptsMade >= (job.opts.attempts ?? 1) || Boolean(job.finishedOn) : true }));
worker.bull.on('error', (e) => { if (++errors <= 20) say({ event: 'error', message: e.message }); });
process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
say({ event: 'ready' });
