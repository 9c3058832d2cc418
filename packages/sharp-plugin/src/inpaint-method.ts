/**
 * `sharp(...).inpaint(mask, options)`: returns a new Sharp instance at once; the chain
 * up to here is materialised as raw pixels, in-painted, and handed to the new instance
 * as its (raw) input. Everything after `.inpaint()` chains as usual.
 *
 * Failure handling: the new instance's output methods wait for the hand-over, so a
 * failure rejects `toBuffer()`/`toFile()`, reaches their callbacks, or is emitted as
 * 'error' on a piped stream (only when someone listens: an unheard 'error' would crash
 * the process; the stream then ends early and a process warning carries the reason).
 */
import type { InpaintOptions, InpaintReport, RawImage } from '@inpaint/core';
import { INPAINT_OPTION_SCHEMA, MASK_OPTION_SCHEMA, MODEL_OPTION_SCHEMA, MaskMismatchError, checkOptions as checkAgainstSchema, invalidParameterError } from '@inpaint/core';
import type { OptionsOf } from '@inpaint/core';
import { getModelBackend } from './backend.js';
import type { Sharp } from 'sharp';
import type { InpaintBackend } from './backend.js';
import type { MaskSource } from './mask-source.js';
import type { ResolvedMask } from './mask-source.js';
import { resolveMaskWithWarnings } from './mask-source.js';
import { assertReadable, decoding } from './decode-errors.js';
import type { RawDescriptor, SharpFactory } from './sharp-internals.js';
import { assertSupportedSharp, carryAnimation, describeRawInput, inputSourceOf, keepSixteenBits, keepsMetadata, setsColourspace, streamsOut } from './sharp-internals.js';

/**
 * The options of `.inpaint()`: declared once, in core's option schema. Besides core's own
 * and the mask's: `fillAlpha`; `model` (in-paint with this ONNX file instead of the registered
 * backend: ours, LaMa or MI-GAN exports, one session per file, kept) and `modelFormat`.
 */
export const SHARP_OPTION_SCHEMA = {
  ...INPAINT_OPTION_SCHEMA,
  ...MASK_OPTION_SCHEMA,
  model: MODEL_OPTION_SCHEMA.model,
  modelFormat: MODEL_OPTION_SCHEMA.modelFormat,
};

export interface SharpInpaintOptions extends OptionsOf<typeof SHARP_OPTION_SCHEMA> {
  /** Called with what was done (core's report per frame, summed) and any warnings, before the output is produced. */
  onReport?: (report: SharpInpaintReport) => void;
}

/** Core's report for the whole image (every frame of an animation), plus the mask's warnings. */
export interface SharpInpaintReport extends InpaintReport {
  /** Frames in-painted (1 for a still image). */
  readonly frames: number;
  /** Sample depth of the in-painted pixels. */
  readonly depth: 8 | 16;
}

interface HandOver {
  readonly data: Buffer;
  readonly raw: RawDescriptor;
  /** Encoded (lossless PNG) instead of raw, when metadata must travel. */
  readonly encoded: boolean;
  readonly animation: { delay?: number[]; loop?: number };
}

type Callback = (err: Error | null, ...rest: unknown[]) => void;


/**
 * @example
 * checkOptions({ dilate: -1 }); // throws InvalidParameterError
 */
export function checkOptions(o: unknown): SharpInpaintOptions {
  const r: SharpInpaintOptions = checkAgainstSchema(SHARP_OPTION_SCHEMA, o, { extraKeys: ['onReport'] });
  if (r.onReport !== undefined && typeof r.onReport !== 'function') throw invalidParameterError('onReport', 'a function', r.onReport);
  return r;
}

function coreOptions(o: SharpInpaintOptions): InpaintOptions {
  // core's own options go to core (a new one in INPAINT_OPTION_SCHEMA needs no change here)
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => Object.hasOwn(INPAINT_OPTION_SCHEMA, k) && v !== undefined));
}

function opaque(img: RawImage): RawImage {
  if (img.channels !== 2 && img.channels !== 4) return img;
  const data = img.data.slice();
  const full = data instanceof Uint16Array ? 65535 : 255;
  for (let i = img.channels - 1; i < data.length; i += img.channels) data[i] = full;
  return { ...img, data };
}

/** Decoded pixels as raw samples: 16-bit inputs at 16 bits, every frame of an animated input (a strip of frames `pageHeight` high). */
export interface Decoded {
  readonly image: RawImage;
  /** The height of one frame of an animation; 0 for a still image. */
  readonly pageHeight: number;
  readonly animation: { delay?: number[]; loop?: number };
  /** A 16-bit input decoded at 8 bits (keepMetadata): reported as a warning. */
  readonly reduced?: boolean;
}

async function decodeUpstream(upstream: Sharp, allowSixteen: boolean): Promise<Decoded & { reduced: boolean }> {
  const source = inputSourceOf(upstream);
  if (source !== 'buffer' && source !== 'stream' && source !== 'raw pixels') await assertReadable(source, 'image');
  return decoding('image', source, async () => {
    const meta = await upstream.clone().metadata();
    let pipeline = upstream.clone();
    const isSixteen = meta.depth === 'ushort' && !setsColourspace(upstream);
    const sixteen = isSixteen && allowSixteen;
    if (sixteen) pipeline = pipeline.toColourspace((meta.channels ?? 3) >= 3 ? 'rgb16' : 'grey16');
    const { data, info } = await pipeline.raw({ depth: sixteen ? 'ushort' : 'uchar' }).toBuffer({ resolveWithObject: true });
    const samples = sixteen ? new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2) : data;
    const pages = info.pages && info.pageHeight && info.pages > 1 && info.pageHeight * info.pages === info.height ? info.pages : 1;
    return {
      image: { data: samples, width: info.width, height: info.height, channels: info.channels as RawImage['channels'] },
      pageHeight: pages > 1 ? info.pageHeight! : 0,
      animation: pages > 1 ? { delay: meta.delay, loop: meta.loop } : {},
      reduced: isSixteen && !sixteen,
    };
  });
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
  const out = frames > 1 ? image.data.slice() : null;
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

async function produce(upstream: Sharp, mask: MaskSource, o: SharpInpaintOptions, backend: Promise<InpaintBackend>, downstream: Sharp): Promise<HandOver> {
  const metadata = keepsMetadata(downstream);
  const { image: out, decoded } = await inpaintPipeline(upstream, mask, o, backend, metadata);
  const bytes = Buffer.from(out.data.buffer, out.data.byteOffset, out.data.byteLength);
  const raw: RawDescriptor = { width: out.width, height: out.height, channels: out.channels, depth: out.data instanceof Uint16Array ? 'ushort' : 'uchar', pageHeight: decoded.pageHeight };
  if (!metadata || decoded.pageHeight > 0) {
    return { data: bytes, raw, encoded: false, animation: decoded.animation };
  }
  // metadata asked for downstream: put the pixels back into the upstream pipeline, which
  // still carries the input's EXIF / ICC / XMP, and hand over a lossless PNG instead
  // (libvips' TIFF writer drops the EXIF blob; an uncompressed PNG keeps it)
  const png = await upstream.clone().keepMetadata()
    .composite([{ input: bytes, raw: { width: out.width, height: out.height, channels: out.channels }, blend: 'source' }])
    .png({ compressionLevel: 0 }).toBuffer();
  return { data: png, raw, encoded: true, animation: {} };
}

/** Make `target`'s output methods wait for the hand-over; deliver it or its failure. */
function guard(target: Sharp, handOver: Promise<HandOver>, members: Set<Sharp>): void {
  members.add(target);
  const t = target as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const name of ['toBuffer', 'toFile', 'metadata', 'stats']) {
    const original = t[name];
    t[name] = function guarded(this: Sharp, ...args: unknown[]) {
      const cb = typeof args[args.length - 1] === 'function' ? (args[args.length - 1] as Callback) : null;
      if (cb) {
        handOver.then(() => original.apply(this, args), (err: Error) => cb(err));
        return this;
      }
      return handOver.then(() => original.apply(this, args));
    };
  }
  const clone = t.clone;
  t.clone = function guardedClone(this: Sharp) {
    const c = clone.call(this) as Sharp;
    guard(c, handOver, members);
    return c;
  };
}

/**
 * `inpaint` bound to a backend, without touching sharp's prototype: call it as
 * `inpaintWith(pool)(sharp(input), mask, options)`. Used by the gulp plugin and the CLI
 * so they do not depend on (or change) the global registration.
 * @example
 * const run = inpaintWith(pool, () => sharp());
 * await run(sharp('photo.jpg'), 'mask.png').jpeg().toFile('fixed.jpg');
 */
export function inpaintWith(backend: InpaintBackend, create: () => Sharp): (image: Sharp, mask: MaskSource, options?: SharpInpaintOptions) => Sharp {
  const method = makeInpaintMethod(() => Promise.resolve(backend), create);
  return (image, mask, options) => method.call(image, mask, options);
}

/**
 * The `inpaint` method added to Sharp.prototype, bound to a backend.
 * @example
 * Object.defineProperty(Sharp.prototype, 'inpaint', { value: makeInpaintMethod(getDefaultBackend, () => sharp()) });
 */
export function makeInpaintMethod(backend: () => Promise<InpaintBackend>, create: () => Sharp): (this: Sharp, mask: MaskSource, options?: SharpInpaintOptions) => Sharp {
  return function inpaint(this: Sharp, mask: MaskSource, options?: SharpInpaintOptions): Sharp {
    if (mask === undefined || mask === null) throw invalidParameterError('mask', "a mask (path, Buffer, Sharp, raw pixels, Mask or 'alpha')", mask);
    const o = checkOptions(options);
    const downstream = create();
    assertSupportedSharp(downstream.constructor as unknown as SharpFactory);
    const members = new Set<Sharp>();
    const handOver = new Promise<HandOver>((resolve, reject) => {
      // a failing source stream piped into the upstream instance would leave it waiting forever
      this.once('pipe', (src: NodeJS.ReadableStream) => src.once('error', reject));
      // start after the synchronous rest of the chain (keepMetadata() and the like)
      setImmediate(() => produce(this, mask, o, o.model !== undefined ? getModelBackend(o.model, o.modelFormat) : backend(), downstream).then(resolve, reject));
    });
    handOver.then(
      (h) => {
        for (const m of members) {
          if (!h.encoded) describeRawInput(m, h.raw);
          if (h.raw.depth === 'ushort') keepSixteenBits(m, h.raw.channels);
          carryAnimation(m, h.animation);
        }
        downstream.end(h.data);
      },
      (err: Error) => {
        for (const m of members) {
          if (!streamsOut(m)) continue;
          if (m.listenerCount('error') > 0) m.destroy(err);
          else {
            process.emitWarning(`@inpaint/sharp: ${err.message} (the output stream had no 'error' listener and was ended early)`);
            m.destroy();
          }
        }
      },
    );
    guard(downstream, handOver, members);
    return downstream;
  };
}
