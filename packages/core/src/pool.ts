/**
 * InpaintPool: worker threads, each with its own session, for callers that process many
 * images at once. onnxruntime's run blocks the thread it runs on, so a pool keeps the
 * event loop free. Memory stays bounded: at most `size + maxQueue` tasks are handed to
 * the workers; further calls wait (in order) for a slot instead of fanning out.
 */
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import { DisposedError, deserializeError } from './errors.js';
import { POOL_OPTION_SCHEMA, checkOption } from './option-schema.js';
import type { RawImage } from './image.js';
import { assertImage } from './image.js';
import type { InpaintResult, InpainterOptions } from './inpainter.js';
import { Inpainter } from './inpainter.js';
import type { MaskInput } from './mask-input.js';
import { toMask } from './mask-input.js';
import type { ModelInfo } from './model.js';
import type { EngineName } from './engine.js';
import type { InpaintOptions } from './options.js';
import type { PoolReply, PoolTask, ReleaseTask } from './worker.js';
import { AsyncSeriesHook, SyncHook } from 'tapable';
import pLimit from 'p-limit';
import type { LimitFunction } from 'p-limit';
import type { Mask } from '@inpaint/mask-gen';
import type { InpaintError } from './errors.js';
import type { InpaintReport } from './hooks.js';

/**
 * The pool's moments, on the caller's thread (the Inpainter hooks run inside the workers,
 * where no caller code can reach). A plugin is `{ apply(pool) }`, as for an Inpainter.
 */
export interface InpaintPoolHooks {
  /** A task was handed to a worker. */
  readonly start: SyncHook<[{ readonly width: number; readonly height: number }]>;
  /** A task finished; its report as the worker's Inpainter made it. */
  readonly done: AsyncSeriesHook<[InpaintReport]>;
  /** A task failed, with its typed error (the caller's promise rejects with it too). */
  readonly failed: SyncHook<[InpaintError]>;
}

export interface InpaintPoolPlugin {
  apply(pool: InpaintPool): void;
}

export interface InpaintPoolOptions extends Omit<InpainterOptions, 'plugins' | 'threads'> {
  /** Plugins on the pool's hooks (progress, logging, metrics). */
  plugins?: readonly InpaintPoolPlugin[];
  /** Worker threads. Default: the machine's available parallelism. */
  size?: number;
  /** onnxruntime threads per worker. Default: max(1, floor(cores / size)). */
  threadsPerWorker?: number;
  /** Tasks that may wait inside the pool beyond one per worker. Default: size. */
  maxQueue?: number;
}

const WORKER = new URL(`./worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);


export class InpaintPool {
  readonly model: ModelInfo;
  readonly size: number;
  /** The onnxruntime build every worker runs ('auto' is resolved once, on the caller's thread). */
  readonly engine: EngineName;
  /** Declared once, frozen: tap them by name (`pool.hooks.done.tapPromise('Progress', …)`). */
  readonly hooks: InpaintPoolHooks = Object.freeze({
    start: new SyncHook<[{ readonly width: number; readonly height: number }]>(['image']),
    done: new AsyncSeriesHook<[InpaintReport]>(['report']),
    failed: new SyncHook<[InpaintError]>(['error']),
  });
  #piscina: Piscina<PoolTask, PoolReply> | null;
  /** Tasks handed to the workers at once (size + maxQueue); callers beyond wait here, in order. */
  readonly #slots: LimitFunction;
  #inFlight = new Set<Promise<unknown>>();

  private constructor(piscina: Piscina<PoolTask, PoolReply>, model: ModelInfo, engine: EngineName, size: number, slots: number) {
    this.#piscina = piscina;
    this.model = model;
    this.engine = engine;
    this.size = size;
    this.#slots = pLimit(slots);
  }

  /**
   * Check the model once here, then start the workers.
   *
   * @example
   * const pool = await InpaintPool.create({ size: 2, plugins: [{ apply: (p) => p.hooks.done.tap('log', (r) => console.log(r.strategy)) }] });
   * const results = await Promise.all(images.map((img, i) => pool.inpaint(img, masks[i])));
   * await pool.dispose();
   * @throws {ModelNotFoundError | ModelCorruptError | ModelRefusedError | InvalidParameterError}
   */
  static async create(options: InpaintPoolOptions = {}): Promise<InpaintPool> {
    const { size: sizeOpt, threadsPerWorker, maxQueue, plugins, ...inpainterOptions } = options;
    const cores = availableParallelism();
    const size = sizeOpt ?? cores;
    checkOption('size', POOL_OPTION_SCHEMA.size, size);
    checkOption('threadsPerWorker', POOL_OPTION_SCHEMA.threadsPerWorker, threadsPerWorker);
    const threads = threadsPerWorker ?? Math.max(1, Math.floor(cores / size));
    checkOption('maxQueue', POOL_OPTION_SCHEMA.maxQueue, maxQueue);
    const queue = maxQueue ?? size;
    // fail here, with a clear error, rather than in every worker
    const probe = await Inpainter.create({ ...inpainterOptions, threads: 1 });
    const { model, engine } = probe;
    await probe.dispose();
    // loaded on first use, like the engine: importing @inpaint/core starts no thread machinery
    const { Piscina } = await import('piscina');
    const piscina = new Piscina<PoolTask, PoolReply>({
      filename: WORKER.href,
      minThreads: size,
      maxThreads: size,
      maxQueue: queue + size,
      idleTimeout: 60_000,
      workerData: { inpainter: { ...inpainterOptions, threads, engine } },
    });
    const pool = new InpaintPool(piscina, model, engine, size, size + queue);
    for (const plugin of plugins ?? []) plugin.apply(pool);
    return pool;
  }

  /**
   * As Inpainter#inpaint, on a worker thread.
   * @example
   * const out = await pool.inpaint(image, mask, { feather: 2 });
   */
  async inpaint(image: RawImage, mask: MaskInput, options?: InpaintOptions): Promise<RawImage> {
    return (await this.inpaintWithReport(image, mask, options)).image;
  }

  /**
   * As Inpainter#inpaintWithReport, on a worker thread.
   * @example
   * const { image: out, report } = await pool.inpaintWithReport(image, mask);
   */
  async inpaintWithReport(image: RawImage, maskInput: MaskInput, options?: InpaintOptions): Promise<InpaintResult> {
    if (this.#piscina === null) throw new DisposedError('InpaintPool');
    assertImage(image);
    const mask = toMask(maskInput, image);
    return this.#slots(() => this.#run(image, mask, options));
  }

  async #run(image: RawImage, mask: Mask, options: InpaintOptions | undefined): Promise<InpaintResult> {
    const piscina = this.#piscina;
    if (piscina === null) throw new DisposedError('InpaintPool'); // disposed while this call waited for a slot
    this.hooks.start.call({ width: image.width, height: image.height });
    const task = piscina.run({ image, mask: { data: mask.data, width: mask.width, height: mask.height }, options });
    this.#inFlight.add(task);
    try {
      const reply = await task;
      if (!reply.ok) {
        const error = deserializeError(reply.error);
        this.hooks.failed.call(error);
        throw error;
      }
      await this.hooks.done.promise(reply.result.report);
      return reply.result;
    } finally {
      this.#inFlight.delete(task);
    }
  }

  /** Tasks running or queued in the workers, and callers waiting for a slot. */
  get pending(): { readonly running: number; readonly waiting: number } {
    return { running: this.#inFlight.size, waiting: this.#slots.pendingCount };
  }

  /**
   * Wait for running tasks, then stop the workers. Calls made afterwards reject with DisposedError.
   * @example
   * await pool.dispose(); // waits for running tasks, then stops the workers
   */
  async dispose(): Promise<void> {
    const piscina = this.#piscina;
    if (piscina === null) return;
    this.#piscina = null;
    // callers still waiting for a slot get theirs as running tasks end, and see the pool is gone
    await Promise.allSettled([...this.#inFlight]);
    // each worker releases its onnxruntime session before its thread is stopped (worker.ts#release)
    const arrived = new SharedArrayBuffer(4);
    const release: ReleaseTask = { arrived, workers: piscina.threads.length };
    const releaser = piscina as unknown as Piscina<ReleaseTask, boolean>; // the worker's named export `release`
    await Promise.allSettled(piscina.threads.map(() => releaser.run(release, { name: 'release' })));
    await piscina.destroy();
  }
}
