/**
 * InpaintPool: worker threads, each with its own session, for callers that process many
 * images at once. onnxruntime's run blocks the thread it runs on, so a pool keeps the
 * event loop free. Memory stays bounded: at most `size + maxQueue` tasks are handed to
 * the workers; further calls wait (in order) for a slot instead of fanning out. Pixels
 * move to the workers and back by transfer; the model is checked by the first worker's own
 * session (N workers open N sessions); Inpainter plugins reach the workers as PluginSpecs.
 */
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { DisposedError, deserializeError, invalidParameterError } from './errors.js';
import { POOL_OPTION_SCHEMA, checkOption } from './option-schema.js';
import { threadsPerWorker as threadsPerWorkerOf } from './threads.js';
import type { RawImage } from './image.js';
import { assertImage } from './image.js';
import type { InpaintResult, InpainterOptions } from './inpainter.js';
import type { MaskInput } from './mask-input.js';
import { toMask } from './mask-input.js';
import type { ModelInfo } from './model.js';
import type { EngineName } from './engine.js';
import { loadEngine, resolveEnginePreference } from './engine.js';
import type { InpaintOptions } from './options.js';
import type { OpenReply, PoolReply, PoolTask, PoolWorkerData, ProgressMessage, ReleaseTask } from './worker.js';
import { withBuiltins } from './plugin-registry.js';
import type { PluginSpec } from './plugin-spec.js';
import { isPluginSpec, loadPlugins, resolvePluginSpec } from './plugin-spec.js';
import { AsyncSeriesHook, SyncHook } from 'tapable';
import pLimit from 'p-limit';
import type { LimitFunction } from 'p-limit';
import type { Mask } from '@inpaint/mask-gen';
import type { InpaintError } from './errors.js';
import type { InpaintReport, ProgressEvent } from './hooks.js';

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
  /** A plugin in a worker reported progress (the 'complete' detail stage: each level of each window). */
  readonly progress: SyncHook<[ProgressEvent]>;
}

export interface InpaintPoolPlugin {
  apply(pool: InpaintPool): void;
}

export interface InpaintPoolOptions extends Omit<InpainterOptions, 'plugins' | 'threads'> {
  /**
   * Plugins of two kinds. `{ apply(pool) }` taps the pool's hooks, on the caller's thread
   * (progress, logging, metrics). A PluginSpec `{ module, options }` names an Inpainter plugin
   * that every worker imports and applies (a plugin object cannot cross a thread); one named
   * like a built-in ('feather', 'auto', 'texture', 'smooth', 'complete', 'clamp') replaces it. Specs are loaded
   * once here first, so one that cannot be loaded fails create with a PluginError.
   */
  plugins?: readonly (InpaintPoolPlugin | PluginSpec)[];
  /** Worker threads. Default: the machine's available parallelism. */
  size?: number;
  /** onnxruntime threads per worker. Default: the cores shared among the workers (threadsPerWorker(size), at least one). */
  threadsPerWorker?: number;
  /** Tasks that may wait inside the pool beyond one per worker. Default: size. */
  maxQueue?: number;
}

/** How one call hands its pixels over and hears about progress. */
export interface PoolCallOptions {
  /**
   * Move the image's and the mask's buffers into the worker instead of copying them: the
   * caller's typed arrays are detached (length 0) when the call returns its promise. Default
   * false: the caller's arrays stay usable and the pool copies each once, when the task is
   * handed over. A view onto part of a larger buffer (Node's pooled small Buffers) is copied
   * either way, since moving it would take its neighbours.
   */
  readonly transfer?: boolean;
  /** This call's progress events (as `hooks.progress`, for this image only). */
  readonly onProgress?: (event: ProgressEvent) => void;
}

const WORKER = new URL(`./worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

type Samples = RawImage['data'] | Uint8Array;
type SamplesClass = typeof Uint8Array | typeof Uint8ClampedArray | typeof Uint16Array;

/** The plain typed-array class of a view (a Node Buffer is a Uint8Array; `new Buffer()` is deprecated). */
function plainClass(view: Samples): SamplesClass {
  return view instanceof Uint16Array ? Uint16Array : view instanceof Uint8ClampedArray ? Uint8ClampedArray : Uint8Array;
}

/** A view the task owns: the caller's moved out from under it (transfer), or a copy. */
function owned<T extends Samples>(view: T, move: boolean): T {
  const { buffer, length } = view; // read before the move: a detached view's length is 0
  const Class = plainClass(view);
  if (move && buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === buffer.byteLength) {
    try {
      const taken = structuredClone(buffer, { transfer: [buffer] }); // moves the memory; the caller's view is detached
      return new Class(taken, 0, length) as T;
    } catch {
      // an untransferable buffer (Node marks its Buffer pool so, and a native addon's memory): copied below
    }
  }
  // a fresh array of the same type: a Node Buffer's slice() is a view, onto memory (Node's
  // Buffer pool, a native addon's) that Node 21+ refuses to transfer. The worker fills the
  // task's pixels in place, so this is the only full-size copy a task makes.
  const copy = new Class(length);
  copy.set(view);
  return copy as T;
}

/** The task's image and mask, owned by it; `move` detaches the caller's. */
function ownedPixels(image: RawImage, mask: Mask, move: boolean): { image: RawImage; mask: Mask } {
  // the mask first: where it shares the image's buffer, moving the image would detach it
  const shared = mask.data.buffer === image.data.buffer;
  const maskData = owned(mask.data, move && !shared);
  return { image: { ...image, data: owned(image.data, move) }, mask: { width: mask.width, height: mask.height, data: maskData } };
}

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
    progress: new SyncHook<[ProgressEvent]>(['event']),
  });
  #piscina: Piscina<PoolTask, PoolReply> | null;
  /** Tasks handed to the workers at once (size + maxQueue); callers beyond wait here, in order. */
  readonly #slots: LimitFunction;
  #inFlight = new Set<Promise<unknown>>();
  readonly #sessions: Int32Array;

  private constructor(piscina: Piscina<PoolTask, PoolReply>, model: ModelInfo, engine: EngineName, size: number, slots: number, sessions: SharedArrayBuffer) {
    this.#piscina = piscina;
    this.model = model;
    this.engine = engine;
    this.size = size;
    this.#slots = pLimit(slots);
    this.#sessions = new Int32Array(sessions);
  }

  /**
   * onnxruntime sessions the workers have opened: at least 1 after create (the first
   * worker's, the probe), at most `size` (each worker opens one as its thread starts).
   * @example
   * const pool = await InpaintPool.create({ size: 4 });
   * pool.sessions; // 1 to 4, then 4
   */
  get sessions(): number {
    return Atomics.load(this.#sessions, 0);
  }

  /**
   * Start the workers, each opening its session at once; create waits for the first's, which
   * checks the model (the pool's probe). PluginSpecs are loaded here first.
   *
   * @example
   * const pool = await InpaintPool.create({
   *   size: 2,
   *   plugins: [
   *     { apply: (p) => p.hooks.done.tap('log', (r) => console.log(r.strategy)) },
   *     { module: 'inpaint:texture', options: { method: 'attention' } }, // replaces the built-in 'texture' in every worker
   *     { module: './plugins/sharpen.js', options: { amount: 0.5 } }, // a user's: export default (options) => ({ apply(inpainter) { … } })
   *   ],
   * });
   * const results = await Promise.all(images.map((img, i) => pool.inpaint(img, masks[i])));
   * await pool.dispose();
   * @throws {ModelNotFoundError | ModelCorruptError | ModelRefusedError | InvalidParameterError | PluginError}
   */
  static async create(options: InpaintPoolOptions = {}): Promise<InpaintPool> {
    const { size: sizeOpt, threadsPerWorker, maxQueue, plugins = [], engine: preference, ...inpainterOptions } = options;
    const cores = availableParallelism();
    const size = sizeOpt ?? cores;
    checkOption('size', POOL_OPTION_SCHEMA.size, size);
    checkOption('threadsPerWorker', POOL_OPTION_SCHEMA.threadsPerWorker, threadsPerWorker);
    const threads = threadsPerWorker ?? threadsPerWorkerOf(size, cores);
    checkOption('maxQueue', POOL_OPTION_SCHEMA.maxQueue, maxQueue);
    const queue = maxQueue ?? size;
    const poolPlugins: InpaintPoolPlugin[] = [];
    const specs: PluginSpec[] = [];
    for (const [i, plugin] of plugins.entries()) {
      if (isPluginSpec(plugin)) specs.push(resolvePluginSpec(plugin));
      else if (typeof (plugin as Partial<InpaintPoolPlugin> | null)?.apply === 'function') poolPlugins.push(plugin);
      else throw invalidParameterError(`plugins[${i}]`, 'a pool plugin { apply(pool) } or a PluginSpec { module, options? }', plugin);
    }
    // a spec that cannot be loaded fails here, with its typed error, before any thread starts
    withBuiltins(await loadPlugins(specs));
    // 'auto' resolved once, here, so every worker runs the same build (and one notice is given)
    const engine = (await loadEngine(resolveEnginePreference(preference))).name;
    const sessions = new SharedArrayBuffer(4);
    // loaded on first use, like the engine: importing @inpaint/core starts no thread machinery
    const { Piscina } = await import('piscina');
    const workerData: PoolWorkerData = { inpainter: { ...inpainterOptions, plugins: specs, threads, engine }, sessions };
    const piscina = new Piscina<PoolTask, PoolReply>({
      filename: WORKER.href,
      minThreads: size,
      maxThreads: size,
      maxQueue: queue + size,
      idleTimeout: 60_000,
      // an idle worker waits for tasks without blocking its event loop (piscina's default
      // Atomics.wait would), so each opens its session as its thread starts
      atomics: 'async',
      workerData,
    });
    // the probe is the first worker's own session: the model fails here, with a clear error, once
    const opened = await (piscina as unknown as Piscina<null, OpenReply>).run(null, { name: 'open' });
    if (!opened.ok) {
      await piscina.destroy();
      throw deserializeError(opened.error);
    }
    const pool = new InpaintPool(piscina, opened.model, opened.engine, size, size + queue, sessions);
    for (const plugin of poolPlugins) plugin.apply(pool);
    return pool;
  }

  /**
   * As Inpainter#inpaint, on a worker thread.
   * @example
   * const out = await pool.inpaint(image, mask, { feather: 2 });
   * const moved = await pool.inpaint(decoded, mask, {}, { transfer: true }); // decoded.data is detached now
   */
  async inpaint(image: RawImage, mask: MaskInput, options?: InpaintOptions, call?: PoolCallOptions): Promise<RawImage> {
    return (await this.inpaintWithReport(image, mask, options, call)).image;
  }

  /**
   * As Inpainter#inpaintWithReport, on a worker thread. The image is checked and the mask
   * normalised here, once; the worker trusts them.
   * @example
   * const { image: out, report } = await pool.inpaintWithReport(image, mask, { detail: 'complete' }, { onProgress: (e) => console.log(e.done, e.total) });
   */
  async inpaintWithReport(image: RawImage, maskInput: MaskInput, options?: InpaintOptions, call: PoolCallOptions = {}): Promise<InpaintResult> {
    if (this.#piscina === null) throw new DisposedError('InpaintPool');
    assertImage(image);
    const mask = toMask(maskInput, image);
    // moved now, so the caller's arrays are detached when this returns; copies wait for the slot
    const moved = call.transfer === true ? ownedPixels(image, mask, true) : null;
    return this.#slots(() => {
      const pixels = moved ?? ownedPixels(image, mask, false);
      return this.#run(pixels.image, pixels.mask, options, call.onProgress);
    });
  }

  async #run(image: RawImage, mask: Mask, options: InpaintOptions | undefined, onProgress: PoolCallOptions['onProgress']): Promise<InpaintResult> {
    const piscina = this.#piscina;
    if (piscina === null) throw new DisposedError('InpaintPool'); // disposed while this call waited for a slot
    this.hooks.start.call({ width: image.width, height: image.height });
    const progress = this.hooks.progress.isUsed() || onProgress !== undefined ? this.#listen(onProgress) : null;
    const transferList = [image.data.buffer as ArrayBuffer, mask.data.buffer as ArrayBuffer, ...(progress ? [progress.port] : [])];
    const task = piscina.run({ image, mask, options, ...(progress ? { progress: progress.port } : {}) }, { transferList });
    this.#inFlight.add(task);
    try {
      const reply = await task;
      if (progress) await progress.ended;
      if (!reply.ok) {
        const error = deserializeError(reply.error);
        this.hooks.failed.call(error);
        throw error;
      }
      await this.hooks.done.promise(reply.result.report);
      return reply.result;
    } finally {
      progress?.close();
      this.#inFlight.delete(task);
    }
  }

  /**
   * A channel for one task's progress: its worker's end, and `ended`, which settles when the
   * worker says the task ended (rejecting with a listener's error, if one threw).
   */
  #listen(onProgress: PoolCallOptions['onProgress']): { port: MessagePort; ended: Promise<void>; close(): void } {
    const { port1, port2 } = new MessageChannel();
    let thrown: { error: unknown } | null = null;
    const ended = new Promise<void>((resolve, reject) => {
      port1.on('message', (m: ProgressMessage) => {
        if ('end' in m) return thrown ? reject(thrown.error) : resolve();
        try {
          this.hooks.progress.call(m.event);
          onProgress?.(m.event);
        } catch (error) {
          thrown ??= { error };
        }
      });
    });
    // closing this end closes the worker's too
    return { port: port2, ended, close: () => port1.close() };
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
