/**
 * `inpaint enqueue`, `inpaint worker`, `inpaint status`: their flags (the batch options',
 * the queue's and the worker's option schemas) and their exit codes.
 */
import type { Command } from 'commander';
import { BATCH_RUN_OPTION_SCHEMA } from '@inpaint/files';
import { WORKER_OPTION_SCHEMA } from '@inpaint/queue';
import type { QueueOptions, WorkerOptions } from '@inpaint/queue';
import type { EnqueueOptions } from '../commands/queue.js';
import { enqueueBatch, runWorker, showStatus } from '../commands/queue.js';
import { schemaFlag } from '../option-flags.js';
import { EXIT } from './exit.js';
import type { SetExit } from './exit.js';
import { inpaintingFlags, maskSourceFlags, modelFlag, modelFormatFlag, pluginFlag, queueFlags } from './shared-flags.js';

/** The worker's flags, named as on the command line. */
type WorkerFlags = Omit<WorkerOptions, 'threadsPerJob' | 'lockDurationMs' | 'stalledIntervalMs' | 'plugins'> & { threads?: number; lockMs?: number; stalledMs?: number; plugin?: WorkerOptions['plugins'] };

function addEnqueueCommand(program: Command, setExit: SetExit): void {
  queueFlags(maskSourceFlags(inpaintingFlags(program.command('enqueue')
    .description('queue a batch for workers on many machines: one job per image, paired with its mask as `run` pairs them (or with its labels from --boxes, drawn by the worker); enqueueing the same batch twice adds nothing')
    .argument('<inputs...>', 'image files, directories or globs (paths every worker can read)')
    .requiredOption('-o, --out <dir>', 'output directory on a volume every worker can write')
    .addOption(schemaFlag('--suffix <text>', 'suffix', BATCH_RUN_OPTION_SCHEMA.suffix))
    .option('--overwrite', 'queue images whose output exists (otherwise they count as done)')
    .option('--json', 'print the counts as JSON'))))
    .action(async (inputs: string[], f: EnqueueOptions) => {
      const r = await enqueueBatch(inputs, f);
      setExit(r.invalidLabels > 0 ? EXIT.failed : EXIT.ok);
    });
}

function addWorkerCommand(program: Command, setExit: SetExit): void {
  const w = WORKER_OPTION_SCHEMA;
  queueFlags(program.command('worker')
    .description('process queued jobs until SIGTERM/SIGINT (then the active jobs finish and it exits 0)')
    .addOption(schemaFlag('-c, --concurrency <n>', 'concurrency', w.concurrency))
    .addOption(modelFlag())
    .addOption(modelFormatFlag())
    .addOption(pluginFlag())
    .addOption(schemaFlag('--threads <n>', 'threadsPerJob', w.threadsPerJob))
    .addOption(schemaFlag('--lock-ms <ms>', 'lockDurationMs', w.lockDurationMs))
    .addOption(schemaFlag('--stalled-ms <ms>', 'stalledIntervalMs', w.stalledIntervalMs)))
    .action(async ({ threads, lockMs, stalledMs, plugin, ...f }: WorkerFlags) => {
      await runWorker({ ...f, threadsPerJob: threads, lockDurationMs: lockMs, stalledIntervalMs: stalledMs, plugins: plugin });
      setExit(EXIT.ok);
    });
}

function addStatusCommand(program: Command, setExit: SetExit): void {
  queueFlags(program.command('status')
    .description('counts of waiting, active, completed and failed jobs, with the failure reasons')
    .option('--wait', 'show progress until nothing is waiting or active; exit 0 if none failed, else 1')
    .option('--json', 'print the status as JSON'))
    .action(async (f: QueueOptions & { wait?: boolean; json?: boolean }) => {
      const s = await showStatus(f);
      setExit(f.wait && s.failed > 0 ? EXIT.failed : EXIT.ok);
    });
}

/**
 * Add `enqueue`, `worker` and `status`.
 * @example
 * addQueueCommands(new Command('inpaint'), (code) => { process.exitCode = code; });
 */
export function addQueueCommands(program: Command, setExit: SetExit): Command {
  addEnqueueCommand(program, setExit);
  addWorkerCommand(program, setExit);
  addStatusCommand(program, setExit);
  return program;
}
