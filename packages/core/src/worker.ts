/**
 * Worker of InpaintPool: one Inpainter (one onnxruntime session) per worker thread, opened
 * as the thread starts; the pool's `open` task waits for the first worker's (the pool's
 * probe: the model is checked where it will run). Images come in and go back
 * by transfer, the mask already normalised by the pool; errors go back as plain data and are
 * rebuilt by the pool; a plugin's progress goes to the task's port as it happens.
 */
import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import type { Mask } from '@inpaint/mask-gen';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { EngineName } from './engine.js';
import type { SerializedError } from './errors.js';
import { serializeError } from './errors.js';
import type { ProgressEvent } from './hooks.js';
import type { RawImage } from './image.js';
import type { InpaintResult, InpainterOptions } from './inpainter.js';
import { Inpainter, inpaintChecked } from './inpainter.js';
import { lazy } from './lazy.js';
import type { ModelInfo } from './model.js';
import type { InpaintOptions } from './options.js';
import type { PluginSpec } from './plugin-spec.js';

/** What the pool gives every worker. */
export interface PoolWorkerData {
  /** The Inpainter's options; plugins only as PluginSpecs (objects do not cross a thread). */
  readonly inpainter: Omit<InpainterOptions, 'plugins'> & { readonly plugins?: readonly PluginSpec[] };
  /** Int32 counter of the sessions this pool's workers opened, shared by all of them. */
  readonly sessions?: SharedArrayBuffer;
}

export interface PoolTask {
  /** Owned by this task: the pool moved (or copied) it in. */
  readonly image: RawImage;
  /** Normalised for the image by the pool (toMask), so trusted here. */
  readonly mask: Mask;
  readonly options?: InpaintOptions;
  /** Where this task's progress events go; `{ end: true }` is the last message. */
  readonly progress?: MessagePort;
}

/** A message on a task's progress port. */
export type ProgressMessage = { readonly event: ProgressEvent } | { readonly end: true };

export type PoolReply =
  | { readonly ok: true; readonly result: InpaintResult }
  | { readonly ok: false; readonly error: SerializedError };

/** The reply to `open`: what the pool tells its caller about the model and engine. */
export type OpenReply =
  | { readonly ok: true; readonly model: ModelInfo; readonly engine: EngineName }
  | { readonly ok: false; readonly error: SerializedError };

/** The pool's last task for each worker: release the session before the thread is stopped. */
export interface ReleaseTask {
  /** Int32 counter of workers that have arrived, shared by all release tasks of one dispose. */
  readonly arrived: SharedArrayBuffer;
  readonly workers: number;
}

const data = (workerData ?? {}) as Partial<PoolWorkerData>;

/** The port of the task this thread runs now (a worker runs one task at a time). */
let progressPort: MessagePort | null = null;

/** This thread's Inpainter, made once with the pool's options (the default model outside a pool). */
const inpainter = lazy(async () => {
  const made = await Inpainter.create(data.inpainter ?? {});
  if (data.sessions) Atomics.add(new Int32Array(data.sessions), 0, 1);
  made.hooks.progress.tap('PoolProgress', (event) => {
    progressPort?.postMessage({ event } satisfies ProgressMessage);
  });
  return made;
}, (i) => i.dispose());

// In a pool every worker opens its session as its thread starts, all at once: the second
// worker is ready when the first image reaches it, instead of opening its session then. A
// failure here is not lost: get() tries again for the task (or the pool's `open`), which
// reports it.
if (workerData !== undefined && workerData !== null) inpainter.get().catch(() => undefined);

/**
 * Open this thread's session (the pool's probe); a failure comes back as data.
 * @example
 * const opened = await piscina.run(null, { name: 'open' }); // { ok: true, model, engine }
 */
export async function open(): Promise<OpenReply> {
  try {
    const made = await inpainter.get();
    return { ok: true, model: made.model, engine: made.engine };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}

/**
 * One pool task on this thread, as plain data: the result, or the failure (classes do not cross threads).
 * @example
 * const reply = await inpaintTask({ image, mask: toMask(bytes, image) }); // { ok: true, result } or { ok: false, error }
 */
export async function inpaintTask(task: PoolTask): Promise<PoolReply> {
  progressPort = task.progress ?? null;
  try {
    const result = await inpaintChecked(await inpainter.get(), task.image, task.mask, task.options);
    return { ok: true, result };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  } finally {
    progressPort?.postMessage({ end: true } satisfies ProgressMessage); // the pool closes the channel
    progressPort = null;
  }
}

/**
 * A value piscina posts back with `buffers` moved, not copied (its Transferable protocol).
 * @example
 * return movedWith(reply, [reply.result.image.data.buffer]);
 */
export function movedWith<T>(value: T, buffers: readonly ArrayBuffer[]): T {
  return move({ [transferableSymbol]: buffers, [valueSymbol]: value } as unknown as Parameters<typeof move>[0]) as unknown as T;
}

/**
 * The pool's task: inpaintTask, its output image moved back to the pool's thread.
 * @example
 * const reply = await piscina.run({ image, mask }, { transferList: [image.data.buffer] });
 */
export default async function run(task: PoolTask): Promise<PoolReply> {
  const reply = await inpaintTask(task);
  const buffer = reply.ok ? reply.result.image.data.buffer : null;
  return buffer instanceof ArrayBuffer ? movedWith(reply, [buffer]) : reply;
}

/**
 * Waits (at most 2 s) until every worker holds one release task, so no worker takes two and
 * another none, then disposes this worker's session. Terminating a thread whose
 * onnxruntime session is still alive can abort the whole process from the session's
 * native finalizer ("terminate called after throwing an instance of 'Napi::Error'").
 * Resolves to whether this worker had a session to release.
 * @example
 * await piscina.run({ arrived: new SharedArrayBuffer(4), workers: 1 }, { name: 'release' }); // true after a task ran
 */
export async function release(task: ReleaseTask): Promise<boolean> {
  const arrived = new Int32Array(task.arrived);
  Atomics.add(arrived, 0, 1);
  Atomics.notify(arrived, 0);
  const deadline = Date.now() + 2000;
  for (let n = Atomics.load(arrived, 0); n < task.workers && Date.now() < deadline; n = Atomics.load(arrived, 0)) {
    Atomics.wait(arrived, 0, n, Math.max(1, deadline - Date.now()));
  }
  const held = inpainter.created;
  await inpainter.dispose();
  return held;
}
