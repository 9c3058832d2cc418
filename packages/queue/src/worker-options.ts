/**
 * A worker's options, declared once as option schemas (type, range, default, description):
 * jobs at a time, the model, its plugins, threads per job, the lock and stall times. startWorker checks
 * them and takes every default from here; `inpaint worker`'s flags take their help and
 * ranges from here.
 */
import { MODEL_OPTION_SCHEMA, POOL_OPTION_SCHEMA, Schema, checkOptions, defaultsOf, resolvePluginSpec, threadsPerWorker } from '@inpaint/core';
import type { ModelFormat, OptionsOf, PluginSpec, TSchema } from '@inpaint/core';
import { availableParallelism } from 'node:os';
import type { QueueOptions } from './queue-options.js';

/** A pool's option schema in a worker's words: the same type and range, another description. */
const described = <S extends TSchema>(schema: S, description: string): S => ({ ...schema, description });

/** How a worker takes and runs jobs. */
export const WORKER_OPTION_SCHEMA = {
  concurrency: described(POOL_OPTION_SCHEMA.size, 'jobs at a time (worker threads, one model load each; default: the core count)'),
  model: MODEL_OPTION_SCHEMA.model,
  modelFormat: MODEL_OPTION_SCHEMA.modelFormat,
  plugins: POOL_OPTION_SCHEMA.plugins,
  threadsPerJob: described(POOL_OPTION_SCHEMA.threadsPerWorker, 'onnxruntime threads per job (default: cores / concurrency; lower it when workers share a machine)'),
  lockDurationMs: Schema.Integer({ minimum: 1, default: 30_000, 'x-unit': 'ms', description: "how long a job's lock lasts without renewal: a killed worker's jobs are taken over after it" }),
  stalledIntervalMs: Schema.Integer({ minimum: 1, default: 30_000, 'x-unit': 'ms', description: 'how often stalled jobs are looked for' }),
};

/** Options of startWorker: where the queue is (QueueOptions) and WORKER_OPTION_SCHEMA's. */
export type WorkerOptions = QueueOptions & OptionsOf<typeof WORKER_OPTION_SCHEMA>;

/** A worker's options with every default decided. */
export interface WorkerSettings {
  readonly concurrency: number;
  readonly model: string | undefined;
  readonly modelFormat: ModelFormat | 'auto' | undefined;
  /** Applied by every job thread's Inpainter; paths made file URLs, so each thread imports the same file. */
  readonly plugins: readonly PluginSpec[];
  readonly threadsPerJob: number;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
}

/**
 * Check a worker's options (InvalidParameterError naming the bad one) and decide every
 * default: the declared ones, the core count for concurrency, the cores shared among the
 * jobs for threadsPerJob. The queue's own keys are left to queueLocation.
 * @example
 * workerSettings({ concurrency: 2 }); // { concurrency: 2, threadsPerJob: cores / 2, lockDurationMs: 30000, … }
 */
export function workerSettings(o: WorkerOptions = {}): WorkerSettings {
  checkOptions(WORKER_OPTION_SCHEMA, o, { unknownKeys: 'ignore' });
  const defaults = defaultsOf(WORKER_OPTION_SCHEMA);
  const concurrency = o.concurrency ?? availableParallelism();
  return {
    concurrency,
    model: o.model,
    modelFormat: o.modelFormat,
    plugins: (o.plugins ?? []).map((spec) => resolvePluginSpec(spec)),
    threadsPerJob: o.threadsPerJob ?? threadsPerWorker(concurrency),
    lockDurationMs: o.lockDurationMs ?? defaults.lockDurationMs as number,
    stalledIntervalMs: o.stalledIntervalMs ?? defaults.stalledIntervalMs as number,
  };
}
