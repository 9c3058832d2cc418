/**
 * Decoded pixels, in-painted: the mask resolved against them (an animation: against one
 * frame, or the whole strip for a mask per frame), filled by the backend frame by frame, the
 * reports summed. The step `.inpaint()`, `inpaintSharp()` and @inpaint/files' file road share.
 */
import type { InpaintReport, RawImage } from '@inpaint/core';
import { MaskMismatchError, copySamples } from '@inpaint/core';
import type { Sharp } from 'sharp';
import type { InpaintBackend } from './backend.js';
import { decodeUpstream } from './decode-upstream.js';
import type { Decoded } from './decode-upstream.js';
import type { MaskSource, ResolvedMask } from './mask-source.js';
import { resolveMaskWithWarnings } from './mask-source.js';
import { coreOptions } from './sharp-options.js';
import type { SharpInpaintOptions } from './sharp-options.js';

/** Core's report for the whole image (every frame of an animation), plus the mask's warnings. */
export interface SharpInpaintReport extends InpaintReport {
  /** Frames in-painted (1 for a still image). */
  readonly frames: number;
  /** Sample depth of the in-painted pixels. */
  readonly depth: 8 | 16;
}

function opaque(img: RawImage): RawImage {
  if (img.channels !== 2 && img.channels !== 4) return img;
  const data = copySamples(img.data);
  const full = data instanceof Uint16Array ? 65535 : 255;
  for (let i = img.channels - 1; i < data.length; i += img.channels) data[i] = full;
  return { ...img, data };
}

function frame(img: RawImage, index: number, height: number): RawImage {
  const size = img.width * height * img.channels;
  return { ...img, height, data: img.data.subarray(index * size, (index + 1) * size) };
}

/**
 * The mask for an image of `frames` frames: one frame's size (used for every frame), the
 * whole strip's (one mask per frame), or, with resizeMask, resized to one frame.
 */
async function resolveFrameMask(mask: MaskSource, image: RawImage, first: RawImage, frames: number, o: SharpInpaintOptions): Promise<ResolvedMask> {
  if (frames === 1) return resolveMaskWithWarnings(mask, image, o);
  const exact = { ...o, resizeMask: false };
  const mismatch = (e: unknown) => { if (!(e instanceof MaskMismatchError)) throw e; };
  try {
    return await resolveMaskWithWarnings(mask, first, exact);
  } catch (e) {
    mismatch(e);
  }
  try {
    return await resolveMaskWithWarnings(mask, image, exact);
  } catch (e) {
    mismatch(e);
  }
  if (o.resizeMask) return resolveMaskWithWarnings(mask, first, o);
  throw new MaskMismatchError(`the mask fits neither one frame nor the whole animation: this image has ${frames} frames of ${image.width}x${first.height}; give a mask of one frame's size (used for every frame) or of the strip ${image.width}x${image.height} (one mask per frame), or pass resizeMask: true`);
}

/**
 * The pixels of `upstream` at this point of its chain, in-painted: decoded as raw samples
 * (16-bit inputs at 16 bits), the mask resolved against them (an animated input: against
 * one frame, or the whole strip for a mask per frame), filled by the backend frame by
 * frame. Shared by `.inpaint()` and `inpaintSharp()`.
 * @example
 * const { image, report } = await inpaintPipeline(sharp('a.png'), 'mask.png', {}, getDefaultBackend());
 */
export async function inpaintPipeline(upstream: Sharp, mask: MaskSource, o: SharpInpaintOptions, backend: Promise<InpaintBackend>, keepMetadata = false): Promise<{ image: RawImage; report: SharpInpaintReport; decoded: Decoded }> {
  // sharp composites at 8 bits, so a hand-over that carries metadata carries 8-bit pixels
  const decoded = await decodeUpstream(upstream, !keepMetadata);
  return { ...(await inpaintDecoded(decoded, mask, o, backend, keepMetadata)), decoded };
}

/**
 * Decoded pixels, in-painted: the mask resolved against them (an animation: against one
 * frame, or the whole strip for a mask per frame), filled by the backend frame by frame,
 * the reports summed. The step `.inpaint()`, `inpaintSharp()` and @inpaint/files' file
 * road share; `o` is taken as already checked.
 * @example
 * const { image, report } = await inpaintDecoded({ image: raw, pageHeight: 0, animation: {} }, 'mask.png', {}, Promise.resolve(pool));
 */
export async function inpaintDecoded(decoded: Decoded, mask: MaskSource, o: SharpInpaintOptions, backend: Promise<InpaintBackend>, keepMetadata = false): Promise<{ image: RawImage; report: SharpInpaintReport }> {
  const { image, pageHeight } = decoded;
  const frames = pageHeight > 0 ? image.height / pageHeight : 1;
  const first = frames > 1 ? frame(image, 0, pageHeight) : image;
  const resolved = await resolveFrameMask(mask, image, first, frames, o);
  const perFrame = resolved.mask.height === image.height && frames > 1;
  const out = frames > 1 ? copySamples(image.data) : null;
  const reports: InpaintReport[] = [];
  let filled: RawImage = image;
  for (let f = 0; f < frames; f++) {
    const target = frames > 1 ? frame(image, f, pageHeight) : image;
    const m = perFrame ? { ...resolved.mask, height: pageHeight, data: resolved.mask.data.subarray(f * image.width * pageHeight, (f + 1) * image.width * pageHeight) } : resolved.mask;
    const result = await (await backend).inpaintWithReport(target, m, coreOptions(o));
    reports.push(result.report);
    if (out) out.set(result.image.data, f * target.data.length);
    else filled = result.image;
  }
  if (out) filled = { ...image, data: out };
  const warnings = [...resolved.warnings, ...new Set(reports.flatMap((r) => r.warnings))];
  if (decoded.reduced) warnings.push('the 16-bit image was in-painted at 8 bits because metadata was asked for (keepMetadata); leave it out to keep 16 bits');
  if (keepMetadata && frames > 1) warnings.push('metadata (EXIF, ICC, XMP) is not carried for animated images; the frames, delays and loop are');
  const sum = (k: 'windows' | 'inferences' | 'holePixels') => reports.reduce((a, r) => a + r[k], 0);
  const report: SharpInpaintReport = {
    width: image.width, height: image.height, frames, depth: image.data instanceof Uint16Array ? 16 : 8,
    strategy: reports.find((r) => r.strategy !== 'none')?.strategy ?? 'none',
    windows: sum('windows'), inferences: sum('inferences'), holePixels: sum('holePixels'),
    ms: { total: reports.reduce((a, r) => a + r.ms.total, 0), plan: reports.reduce((a, r) => a + r.ms.plan, 0), infer: reports.reduce((a, r) => a + r.ms.infer, 0) },
    warnings,
  };
  o.onReport?.(report);
  return { image: mask === 'alpha' && o.fillAlpha ? opaque(filled) : filled, report };
}
