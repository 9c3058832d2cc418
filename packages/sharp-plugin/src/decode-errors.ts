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
 * A mask path that names no readable file is a bad mask like any other (the caller chose
 * it): its plain cause and what to do, by the file system's code. Codes not listed here
 * (EIO, EMFILE, …) may pass on a retry and keep their code.
 */
const UNREADABLE_MASK: Readonly<Record<string, { cause: string; hint: string }>> = {
  ENOENT: { cause: 'no file exists at this path', hint: 'check the path (and the mask directory it was paired from), or pass the mask as a Buffer or raw pixels' },
  ENOTDIR: { cause: 'a folder on this path is a file', hint: 'check the path (and the mask directory it was paired from)' },
  EISDIR: { cause: 'it is a directory', hint: 'pass the mask image file, not its folder' },
  EACCES: { cause: 'this process may not read it', hint: 'make the file readable by the user running inpaint' },
  EPERM: { cause: 'this process may not read it', hint: 'make the file readable by the user running inpaint' },
};

/**
 * Check that a file can be read before handing it to sharp (which reports a missing or
 * unreadable file as an "unsupported image format"). A mask that is missing, a directory or
 * not readable is an InvalidMaskError (`ERR_INVALID_MASK`, `file`, `role: 'mask'`, the
 * system's message as `reason`, its error as `cause`). For an image, and for the other
 * file-system errors of a mask, the error keeps its code (ENOENT, EACCES, EISDIR, EIO…);
 * the message names the role and the path. An empty file is a typed error of its role.
 * @example
 * await assertReadable('photos/a.jpg', 'image'); // ENOENT / EACCES keep their code
 * await assertReadable('masks/a.png', 'mask'); // InvalidMaskError, code ERR_INVALID_MASK
 * @throws {InvalidMaskError | InvalidImageError} a missing, unreadable or empty mask; an empty image
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
    const unreadable = role === 'mask' && err.code !== undefined ? UNREADABLE_MASK[err.code] : undefined;
    if (unreadable) {
      throw new InvalidMaskError(`cannot read the mask ${path}: ${unreadable.cause} (${err.code}); ${unreadable.hint}`, { file: path, reason: err.message, hint: unreadable.hint, cause: e });
    }
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
