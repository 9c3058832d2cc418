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
import { DEFAULT_OPTIONS, invalidParameterError } from '@inpaint/core';
import type { Sharp } from 'sharp';
import type { InpaintBackend } from './backend.js';
import type { MaskOptions, MaskSource } from './mask-source.js';
import { resolveMask } from './mask-source.js';
import type { SharpFactory } from './sharp-internals.js';
import { assertSupportedSharp, describeRawInput, keepsMetadata, streamsOut } from './sharp-internals.js';

export interface SharpInpaintOptions extends MaskOptions, InpaintOptions {
  /** With mask 'alpha': make the output opaque (alpha 255 everywhere) instead of keeping the alpha channel. */
  fillAlpha?: boolean;
}

interface HandOver {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
  /** Encoded (lossless PNG) instead of raw, when metadata must travel. */
  readonly encoded: boolean;
}

type Callback = (err: Error | null, ...rest: unknown[]) => void;

/** Core's own options, passed through as they are (a new core option needs no change here). */
const CORE_KEYS = Object.keys(DEFAULT_OPTIONS);
const OPTION_KEYS = new Set(['invert', 'threshold', 'dilate', 'resizeMask', 'fillAlpha', ...CORE_KEYS]);

export function checkOptions(o: unknown): SharpInpaintOptions {
  if (o === undefined) return {};
  if (typeof o !== 'object' || o === null) throw invalidParameterError('options', 'an object', o);
  for (const k of Object.keys(o)) if (!OPTION_KEYS.has(k)) throw invalidParameterError(`options.${k}`, `one of ${[...OPTION_KEYS].join(', ')}`, k);
  const r = o as SharpInpaintOptions;
  if (r.threshold !== undefined && !(typeof r.threshold === 'number' && r.threshold >= 0 && r.threshold <= 1)) throw invalidParameterError('threshold', 'a number between 0 and 1', r.threshold);
  if (r.dilate !== undefined && !(typeof r.dilate === 'number' && r.dilate >= 0 && r.dilate <= 1024)) throw invalidParameterError('dilate', 'a number of pixels between 0 and 1024', r.dilate);
  for (const k of ['invert', 'resizeMask', 'fillAlpha'] as const) {
    if (r[k] !== undefined && typeof r[k] !== 'boolean') throw invalidParameterError(k, 'a boolean', r[k]);
  }
  return r;
}

function coreOptions(o: SharpInpaintOptions): InpaintOptions {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => CORE_KEYS.includes(k) && v !== undefined));
}

function opaque(img: RawImage): RawImage {
  if (img.channels !== 2 && img.channels !== 4) return img;
  const data = img.data.slice();
  for (let i = img.channels - 1; i < data.length; i += img.channels) data[i] = 255;
  return { ...img, data };
}

/**
 * The pixels of `upstream` at this point of its chain, in-painted: decoded as 8-bit raw,
 * the mask resolved against them, filled by the backend. Shared by `.inpaint()` and
 * `inpaintSharp()`.
 */
export async function inpaintPipeline(upstream: Sharp, mask: MaskSource, o: SharpInpaintOptions, backend: Promise<InpaintBackend>): Promise<{ image: RawImage; report: InpaintReport }> {
  // 8-bit: 16-bit inputs are reduced here (use @inpaint/core directly to in-paint at 16 bits)
  const { data, info } = await upstream.clone().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const image: RawImage = { data, width: info.width, height: info.height, channels: info.channels as RawImage['channels'] };
  const resolved = await resolveMask(mask, image, o);
  const { image: filled, report } = await (await backend).inpaintWithReport(image, resolved, coreOptions(o));
  return { image: mask === 'alpha' && o.fillAlpha ? opaque(filled) : filled, report };
}

async function produce(upstream: Sharp, mask: MaskSource, o: SharpInpaintOptions, backend: Promise<InpaintBackend>, downstream: Sharp): Promise<HandOver> {
  const { image: out } = await inpaintPipeline(upstream, mask, o, backend);
  const bytes = Buffer.from(out.data.buffer, out.data.byteOffset, out.data.byteLength);
  if (!keepsMetadata(downstream)) {
    return { data: bytes, width: out.width, height: out.height, channels: out.channels, encoded: false };
  }
  // metadata asked for downstream: put the pixels back into the upstream pipeline, which
  // still carries the input's EXIF / ICC / XMP, and hand over a lossless PNG instead
  // (libvips' TIFF writer drops the EXIF blob; an uncompressed PNG keeps it)
  const png = await upstream.clone().keepMetadata()
    .composite([{ input: bytes, raw: { width: out.width, height: out.height, channels: out.channels }, blend: 'source' }])
    .png({ compressionLevel: 0 }).toBuffer();
  return { data: png, width: out.width, height: out.height, channels: out.channels, encoded: true };
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
 */
export function inpaintWith(backend: InpaintBackend, create: () => Sharp): (image: Sharp, mask: MaskSource, options?: SharpInpaintOptions) => Sharp {
  const method = makeInpaintMethod(() => Promise.resolve(backend), create);
  return (image, mask, options) => method.call(image, mask, options);
}

/** The `inpaint` method added to Sharp.prototype, bound to a backend. */
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
      setImmediate(() => produce(this, mask, o, backend(), downstream).then(resolve, reject));
    });
    handOver.then(
      (h) => {
        if (!h.encoded) for (const m of members) describeRawInput(m, { width: h.width, height: h.height, channels: h.channels, depth: 'uchar' });
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
