/**
 * What the plugin in-paints with: an Inpainter or an InpaintPool (both fit), chosen by
 * register(); by default one Inpainter with the default model, created on first use.
 */
import type { InpaintOptions, InpaintReport, MaskInput, RawImage } from '@inpaint/core';
import { Inpainter } from '@inpaint/core';

export interface InpaintBackend {
  inpaintWithReport(image: RawImage, mask: MaskInput, options?: InpaintOptions): Promise<{ image: RawImage; report: InpaintReport }>;
}

let defaultBackend: Promise<InpaintBackend> | null = null;

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
