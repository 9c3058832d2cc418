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
import type { InpaintOptions } from './options.js';

export interface PoolTask {
  readonly image: RawImage;
  readonly mask: { data: Uint8Array; width: number; height: number };
  readonly options?: InpaintOptions;
}

export type PoolReply =
  | { readonly ok: true; readonly result: InpaintResult }
  | { readonly ok: false; readonly error: SerializedError };

let inpainter: Promise<Inpainter> | null = null;

export default async function run(task: PoolTask): Promise<PoolReply> {
  try {
    inpainter ??= Inpainter.create((workerData as { inpainter: InpainterOptions }).inpainter);
    const result = await (await inpainter).inpaintWithReport(task.image, task.mask, task.options);
    return { ok: true, result };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}
