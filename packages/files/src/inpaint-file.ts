/**
 * The road of one file: decode once, in-paint the raw pixels with the backend (an
 * InpaintPool or an Inpainter), encode through sharp's public API in the input's format and
 * lossless-ness. No sharp chain machinery and none of sharp's private fields on this road:
 * `.inpaint()` needs those, batch work does not. Options are checked once at the edge
 * (checkFileOptions); the mask is resolved (thresholded, resized, inverted, dilated) once.
 */
import { InpaintPool } from '@inpaint/core';
import type { InpaintBackend, MaskSource, SharpInpaintReport } from '@inpaint/sharp/api';
import { inpaintDecoded } from '@inpaint/sharp/api';
import { decodeFile } from './decode-file.js';
import { encoderFor } from './encode-image.js';
import { writeAtomically } from './atomic.js';
import type { Sharp } from 'sharp';
import type { FileOptions } from './file-options.js';
import { checkFileOptions, inpaintOptionsOf } from './file-options.js';
import { writtenFormat } from './output-encoding.js';

/** What inpaintEncoded() made: the encoded bytes, the format written, and core's report. */
export interface EncodedResult {
  readonly data: Buffer;
  /** The format of `data` (sharp's name: 'jpeg', 'png', 'avif', …). */
  readonly format: string;
  /** What was done (core's report, summed over the frames of an animation). */
  readonly report: SharpInpaintReport;
}

/** A backend whose inpaintWithReport takes call options (an InpaintPool: `{ transfer: true }` moves the pixels into its worker). */
type MovingBackend = InpaintBackend & { inpaintWithReport(...args: [...Parameters<InpaintBackend['inpaintWithReport']>, { transfer: boolean }]): ReturnType<InpaintBackend['inpaintWithReport']> };

/**
 * The decoded pixels of a still image belong to the road and are not read again after
 * in-painting, and so does a mask the road decoded itself (from a path, or 'alpha'), so a
 * pool may move both into its worker instead of copying them (an Inpainter ignores the call
 * option; it never copies its input). Not for the frames of an animation (one mask serves
 * every frame) nor for a mask object the caller gave (the caller may use it again).
 */
function moving(backend: InpaintBackend): InpaintBackend {
  return { inpaintWithReport: (image, mask, options) => (backend as MovingBackend).inpaintWithReport(image, mask, options, { transfer: true }) };
}

/** The road up to the encoder: decoded, in-painted, the output format set. The decoded pixels are not referenced past it. */
async function inpaintToEncoder(source: string | Buffer, mask: MaskSource, o: FileOptions, backend: InpaintBackend, name: string): Promise<{ encoder: Sharp; format: string; report: SharpInpaintReport }> {
  // a pool's worker gets the pixels by a move: decoded into memory that can move (the mask
  // too, when the road decodes it: a path or 'alpha'); an Inpainter works on them in place
  const toPool = backend instanceof InpaintPool && typeof mask === 'string';
  const file = await decodeFile(source, { ...o, movable: toPool }, name);
  const owned = toPool && file.pageHeight === 0;
  const { image, report } = await inpaintDecoded(file, mask, inpaintOptionsOf(o), Promise.resolve(owned ? moving(backend) : backend), o.keepMetadata === true);
  return { encoder: encoderFor(image, file, source, o), format: writtenFormat(o.format ?? file.encoding.format), report };
}

/**
 * The road itself, to bytes, for options already checked (by checkFileOptions, once per
 * batch). `model` and `modelFormat` among the options are not read here: they choose the
 * backend.
 * @example
 * const o = checkFileOptions({ detail: 'smooth' });
 * const { data } = await inpaintFile('photos/a.jpg', 'masks/a.png', o, pool, 'photos/a.jpg');
 * @throws {InvalidImageError | InvalidMaskError | MaskMismatchError | InvalidParameterError} and file-system errors with their code
 */
export async function inpaintFile(source: string | Buffer, mask: MaskSource, o: FileOptions, backend: InpaintBackend, name: string): Promise<EncodedResult> {
  const { encoder, format, report } = await inpaintToEncoder(source, mask, o, backend, name);
  return { data: await encoder.toBuffer(), format, report };
}

/**
 * The road itself, to a file: as inpaintFile, the encoder streaming into a temporary file
 * beside `output` that is then renamed over it (writeAtomically), so the encoded bytes never
 * sit in memory. Nothing is written when it fails.
 * @example
 * const { report } = await inpaintFileTo('fixed/a.jpg', 'photos/a.jpg', 'masks/a.png', checkFileOptions({}), pool, 'photos/a.jpg');
 * @throws as inpaintFile, and file-system errors of the write
 */
export async function inpaintFileTo(output: string, source: string | Buffer, mask: MaskSource, o: FileOptions, backend: InpaintBackend, name: string): Promise<Omit<EncodedResult, 'data'>> {
  const { encoder, format, report } = await inpaintToEncoder(source, mask, o, backend, name);
  await writeAtomically(output, (temporary) => encoder.toFile(temporary));
  return { format, report };
}

/**
 * In-paint an encoded image (a path or the bytes themselves) and encode the result in the
 * input's format and lossless-ness (or `o.format`). `name` names the image in errors.
 * Checks `o` first: for many files, check once and call inpaintFile (or use runFiles).
 *
 * @example
 * const { data, format, report } = await inpaintEncoded(bytes, maskBytes, { detail: 'texture' }, inpainter, 'upload');
 * @throws {InvalidImageError | InvalidMaskError | MaskMismatchError | InvalidParameterError} and file-system errors with their code
 */
export async function inpaintEncoded(
  source: string | Buffer,
  mask: MaskSource,
  o: FileOptions,
  backend: InpaintBackend,
  name: string = typeof source === 'string' ? source : 'the image',
): Promise<EncodedResult> {
  return inpaintFile(source, mask, checkFileOptions(o), backend, name);
}
