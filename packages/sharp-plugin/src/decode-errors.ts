/**
 * Reading and decoding inputs, with failures named after their cause. The one place that
 * knows libvips' wording: its text goes into `reason`, never into the message alone.
 */
import { access, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { InpaintError, InvalidImageError, InvalidMaskError } from '@inpaint/core';

export type InputRole = 'image' | 'mask';

const HINTS: Record<InputRole, string> = {
  image: 'check that the file is a complete image in a format sharp reads (JPEG, PNG, WebP, TIFF, GIF, AVIF, …)',
  mask: 'a mask is an image whose white (non-zero) pixels mark the holes; re-export it as PNG',
};

/** A plain-words cause for a libvips/sharp decode message. */
function plainCause(message: string): string {
  if (/empty|zero.?length|0 bytes/i.test(message)) return 'it is empty';
  if (/unsupported image format/i.test(message)) return 'it is not in an image format sharp reads';
  if (/corrupt header/i.test(message)) return 'its header is corrupt';
  if (/premature end|truncated|read error|not enough data|unexpected end|out of data/i.test(message)) return 'it is truncated or damaged';
  if (/pixel limit|too large|exceeds/i.test(message)) return 'it is larger than the pixel limit allows';
  return 'the decoder failed on it';
}

/**
 * Check that a file can be read before handing it to sharp (which reports a missing or
 * unreadable file as an "unsupported image format"). Missing-file and permission errors
 * keep their code (ENOENT, EACCES, EISDIR…); the message names the role and the path.
 * @example
 * await assertReadable('masks/a.png', 'mask'); // ENOENT / EACCES keep their code
 */
export async function assertReadable(path: string, role: InputRole): Promise<void> {
  try {
    await access(path, constants.R_OK);
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: 'EISDIR', path });
    if (info.size === 0) {
      const Cls = role === 'mask' ? InvalidMaskError : InvalidImageError;
      throw new Cls(`the ${role} ${path} is empty (0 bytes); ${HINTS[role]}`, { file: path, reason: 'empty file', hint: HINTS[role] });
    }
  } catch (e) {
    if (e instanceof InpaintError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw Object.assign(new Error(`cannot read the ${role} ${path}: ${err.message}`, { cause: e }), { code: err.code, path, role });
  }
}

/**
 * A decode failure of an image or mask as a typed error (InvalidImageError or
 * InvalidMaskError) with file, role, the decoder's own message as `reason`, and a hint.
 * Errors that are already typed pass through.
 * @example
 * try { await sharp(buf).metadata(); } catch (e) { throw decodeError(e, 'image', 'photo.jpg'); }
 */
export function decodeError(e: unknown, role: InputRole, file: string): Error {
  if (e instanceof InpaintError || typeof (e as NodeJS.ErrnoException)?.code === 'string') return e as Error;
  const reason = String((e as Error)?.message ?? e).split('\n')[0];
  const Cls = role === 'mask' ? InvalidMaskError : InvalidImageError;
  return new Cls(`cannot decode the ${role} ${file}: ${plainCause(reason)}; ${HINTS[role]}`, { file, reason, hint: HINTS[role], cause: e });
}

/**
 * Run a decode, converting its failure with decodeError().
 * @example
 * const meta = await decoding('image', 'photo.jpg', () => sharp('photo.jpg').metadata());
 */
export async function decoding<T>(role: InputRole, file: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw decodeError(e, role, file);
  }
}
