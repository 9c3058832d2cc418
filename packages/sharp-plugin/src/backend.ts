/**
 * What the plugin in-paints with: an Inpainter or an InpaintPool (both fit), chosen by
 * register(); by default one Inpainter with the default model, created on first use.
 */
import type { InpaintOptions, InpaintReport, MaskInput, ModelFormat, RawImage } from '@inpaint/core';
import { Inpainter } from '@inpaint/core';

export interface InpaintBackend {
  inpaintWithReport(image: RawImage, mask: MaskInput, options?: InpaintOptions): Promise<{ image: RawImage; report: InpaintReport }>;
}

let defaultBackend: Promise<InpaintBackend> | null = null;
/** Inpainters of model files named per call (`.inpaint(mask, { model })`), one session per file and format. */
const byModel = new Map<string, Promise<InpaintBackend>>();

/**
 * The Inpainter for a model file (created on first use, kept for the next calls; a failure
 * is retried on the next call).
 * @example
 * const backend = await getModelBackend('lama_fp32.onnx'); // one session per file
 */
export function getModelBackend(model: string, modelFormat: ModelFormat | 'auto' = 'auto'): Promise<InpaintBackend> {
  const key = `${model}\u0000${modelFormat}`;
  let b = byModel.get(key);
  if (b === undefined) {
    b = Inpainter.create({ model, modelFormat }).catch((e: unknown) => {
      byModel.delete(key);
      throw e;
    });
    byModel.set(key, b);
  }
  return b;
}

/**
 * The shared default backend (created lazily; a failure is retried on the next call).
 * @example
 * const backend = await getDefaultBackend(); // one Inpainter, created on first use
 */
export function getDefaultBackend(): Promise<InpaintBackend> {
  defaultBackend ??= Inpainter.create().catch((e: unknown) => {
    defaultBackend = null;
    throw e;
  });
  return defaultBackend;
}
