/**
 * What the plugin in-paints with: an Inpainter or an InpaintPool (both fit), chosen by
 * register(); by default one Inpainter with the default model, created on first use; and
 * one Inpainter per model file named in `.inpaint(mask, { model })`.
 */
import type { InpaintOptions, InpaintReport, Lazy, MaskInput, ModelFormat, RawImage } from '@inpaint/core';
import { Inpainter, lazy } from '@inpaint/core';

export interface InpaintBackend {
  inpaintWithReport(image: RawImage, mask: MaskInput, options?: InpaintOptions): Promise<{ image: RawImage; report: InpaintReport }>;
}

const lazyInpainter = (o: Parameters<typeof Inpainter.create>[0] = {}): Lazy<Inpainter> => lazy(() => Inpainter.create(o), (i) => i.dispose());

const defaultBackend = lazyInpainter();
/** Inpainters of model files named per call (`.inpaint(mask, { model })`), one session per file and format. */
const byModel = new Map<string, Lazy<Inpainter>>();

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
    b = lazyInpainter({ model, modelFormat });
    byModel.set(key, b);
  }
  return b.get();
}

/**
 * The shared default backend (created lazily; a failure is retried on the next call).
 * @example
 * const backend = await getDefaultBackend(); // one Inpainter, created on first use
 */
export function getDefaultBackend(): Promise<InpaintBackend> {
  return defaultBackend.get();
}

/**
 * Release the Inpainters the plugin created (the default one and those of model files):
 * their onnxruntime sessions. Later calls create them again.
 * @example
 * process.once('SIGTERM', () => void disposeBackends().then(() => process.exit(0)));
 */
export async function disposeBackends(): Promise<void> {
  const all = [defaultBackend, ...byModel.values()];
  byModel.clear();
  await Promise.all(all.map((b) => b.dispose()));
}
