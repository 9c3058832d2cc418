/**
 * Every access to sharp's private state lives in this module, and nowhere else.
 *
 * `.inpaint()` hands its pixels to the next Sharp instance of the chain by filling that
 * instance's raw input descriptor (`options.input.raw*`), and reads two output settings
 * (`options.keepMetadata`, `options.streamOut`). These are not public API, so the sharp
 * versions they were tested on are named here and checked when the method is added: an
 * untested sharp fails with a clear error instead of mis-decoding pixels. The public-API
 * route, `inpaintSharp()`, needs none of this.
 */
import semver from 'semver';
import type { Sharp } from 'sharp';
import { InpaintError } from '@inpaint/core';

/** The sharp versions whose internals this module was tested on (both ends, in CI). */
export const SUPPORTED_SHARP = { range: '>=0.34.0 <0.36.0' } as const;

/** A sharp function (the default export of 'sharp', ESM or CommonJS build). */
export type SharpFactory = ((...args: never[]) => Sharp) & { versions?: { sharp?: string } };

/** sharp is of a version whose internals `.inpaint()` has not been tested on. */
export class UnsupportedSharpError extends InpaintError {
  readonly version: string;
  constructor(version: string) {
    super('ERR_UNSUPPORTED_DEPENDENCY',
      `sharp ${version} is not supported by @inpaint/sharp's .inpaint() (supported: sharp ${SUPPORTED_SHARP.range}); ` +
      `install a supported sharp, or use inpaintSharp(pipeline, mask), which relies on sharp's public API only`);
    this.version = version;
  }
}

const checked = new WeakSet<SharpFactory>();

/**
 * Throw UnsupportedSharpError unless `sharp.versions.sharp` lies in SUPPORTED_SHARP.range.
 * @example
 * import sharp from 'sharp';
 * assertSupportedSharp(sharp); // throws for sharp 0.33 or 0.36
 */
export function assertSupportedSharp(sharp: SharpFactory): void {
  if (checked.has(sharp)) return;
  const version = sharp.versions?.sharp ?? 'of unknown version';
  // a pre-release counts as its release (0.35.0-rc.1 as 0.35.0), as sharp's own peer ranges read
  const release = semver.coerce(version);
  if (release === null || !semver.satisfies(release, SUPPORTED_SHARP.range)) throw new UnsupportedSharpError(version);
  checked.add(sharp);
}


interface SharpInternals {
  options: { input: Record<string, unknown>; keepMetadata: number; streamOut?: boolean; loop: number; delay: number[]; colourspace: string };
}

const internals = (s: Sharp): SharpInternals => s as unknown as SharpInternals;

/** Raw pixels that a stream-input Sharp instance is about to receive. */
export interface RawDescriptor {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
  readonly depth: 'uchar' | 'ushort';
  /** Height of one frame of an animated (multi-page) strip; 0 for a single image. */
  readonly pageHeight?: number;
}

/**
 * Make the stream input of `instance` (created by `sharp()`) decode as these raw pixels.
 * @example
 * describeRawInput(next, { width, height, channels: 3, depth: 'uchar' }); next.end(pixels);
 */
export function describeRawInput(instance: Sharp, raw: RawDescriptor): void {
  Object.assign(internals(instance).options.input, {
    rawWidth: raw.width, rawHeight: raw.height, rawChannels: raw.channels, rawDepth: raw.depth,
    rawPremultiplied: false, rawPageHeight: raw.pageHeight ?? 0,
  });
}

/**
 * Give an animated output the input's frame delays and loop count, unless the chain set
 * its own (`.gif({ delay, loop })` and the like): raw pixels carry no animation metadata.
 * @example
 * carryAnimation(next, { delay: [40, 40], loop: 0 });
 */
export function carryAnimation(instance: Sharp, animation: { delay?: number[]; loop?: number }): void {
  const o = internals(instance).options;
  if (o.delay.length === 0 && animation.delay) o.delay = [...animation.delay];
  if (o.loop === -1 && animation.loop !== undefined) o.loop = animation.loop;
}

/**
 * Keep 16-bit pixels 16-bit in the output: sharp converts to 8-bit sRGB unless the chain asks
 * for rgb16 / grey16, so ask for it when the chain chose no colour space of its own.
 * @example
 * keepSixteenBits(next, 3); // rgb16 unless the chain chose a colour space
 */
export function keepSixteenBits(instance: Sharp, channels: number): void {
  const o = internals(instance).options;
  if (o.colourspace === 'srgb') o.colourspace = channels >= 3 ? 'rgb16' : 'grey16';
}

/**
 * Whether the chain converts to a colour space of its own (`toColourspace()`), which 16-bit decoding must respect.
 * @example
 * setsColourspace(sharp('a.png').toColourspace('b-w')); // true
 */
export function setsColourspace(instance: Sharp): boolean {
  return internals(instance).options.colourspace !== 'srgb';
}

/**
 * Where the input of `instance` comes from: its file path, or 'buffer', 'stream' or 'raw pixels'.
 * @example
 * inputSourceOf(sharp('photo.jpg')); // 'photo.jpg'
 */
export function inputSourceOf(instance: Sharp): string {
  const input = internals(instance).options.input;
  if (typeof input.file === 'string') return input.file;
  if (Array.isArray(input.buffer)) return 'stream';
  if (input.rawWidth !== undefined) return 'raw pixels';
  return 'buffer';
}

/**
 * Whether `keepMetadata()`, `withMetadata()` or a `keep*()` call was made on `instance`.
 * @example
 * keepsMetadata(sharp('a.jpg').keepMetadata()); // true
 */
export function keepsMetadata(instance: Sharp): boolean {
  return internals(instance).options.keepMetadata !== 0;
}

/**
 * Whether `instance` is used as a readable stream (piped out) rather than through toBuffer/toFile.
 * @example
 * streamsOut(instance); // true once it is piped somewhere
 */
export function streamsOut(instance: Sharp): boolean {
  return internals(instance).options.streamOut === true;
}
