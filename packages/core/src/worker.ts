/**
 * Worker of InpaintPool: one Inpainter (one onnxruntime session) per worker thread,
 * created on the first task. Errors go back as plain data and are rebuilt by the pool.
 */
import { workerData } from 'node:worker_threads';
import type { SerializedError } from './errors.js';
import { serializeError } from './errors.js';
import type { RawImage } from './image.js';
import type { InpaintResult, InpainterOptions } from './inpainter.js';
import { Inpainter } from './inpainter.js';
import { lazy } from './lazy.js';
import type { InpaintOptions } from './options.js';

export interface PoolTask {
  readonly image: RawImage;
  readonly mask: { data: Uint8Array; width: number; height: number };
  readonly options?: InpaintOptions;
}

export type PoolReply =
  | { readonly ok: true; readonly result: InpaintResult }
  | { readonly ok: false; readonly error: SerializedError };

/** The pool's last task for each worker: release the session before the thread is stopped. */
export interface ReleaseTask {
  /** Int32 counter of workers that have arrived, shared by all release tasks of one dispose. */
  readonly arrived: SharedArrayBuffer;
  readonly workers: number;
}

/** This thread's Inpainter, made on its first task with the pool's options (the default model outside a pool). */
const inpainter = lazy(() => Inpainter.create((workerData as { inpainter?: InpainterOptions } | null)?.inpainter ?? {}), (i) => i.dispose());

/**
 * One pool task: in-paint on this thread; a failure comes back as data (classes do not cross threads).
 * @example
 * const reply = await run({ image, mask: { data, width, height } }); // { ok: true, result } or { ok: false, error }
 */
export default async function run(task: PoolTask): Promise<PoolReply> {
  try {
    const result = await (await inpainter.get()).inpaintWithReport(task.image, task.mask, task.options);
    return { ok: true, result };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
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
