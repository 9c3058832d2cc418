/**
 * `sharp(...).inpaint(mask, options)`: returns a new Sharp instance at once; the chain
 * up to here is materialised as raw pixels, in-painted, and handed to the new instance
 * as its (raw) input. Everything after `.inpaint()` chains as usual.
 *
 * Failure handling: the new instance's output methods wait for the hand-over, so a
 * failure rejects `toBuffer()`/`toFile()`, reaches their callbacks, or is emitted as
 * 'error' on a piped stream (only when someone listens: an unheard 'error' would crash
 * the process; the stream then ends early and a process warning carries the reason).
 *
 * This module is the chain machinery; the pixels are decoded by ./decode-upstream.ts and
 * in-painted by ./inpaint-decoded.ts, the options declared and checked by ./sharp-options.ts.
 */
import { invalidParameterError } from '@inpaint/core';
import type { Sharp } from 'sharp';
import { getModelBackend } from './backend.js';
import type { InpaintBackend } from './backend.js';
import { inpaintPipeline } from './inpaint-decoded.js';
import type { MaskSource } from './mask-source.js';
import type { RawDescriptor, SharpFactory } from './sharp-internals.js';
import { assertSupportedSharp, carryAnimation, describeRawInput, keepSixteenBits, keepsMetadata, streamsOut } from './sharp-internals.js';
import { checkOptions } from './sharp-options.js';
import type { SharpInpaintOptions } from './sharp-options.js';

interface HandOver {
  readonly data: Buffer;
  readonly raw: RawDescriptor;
  /** Encoded (lossless PNG) instead of raw, when metadata must travel. */
  readonly encoded: boolean;
  readonly animation: { delay?: number[]; loop?: number };
}

type Callback = (err: Error | null, ...rest: unknown[]) => void;

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
