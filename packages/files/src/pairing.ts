/**
 * Pairing images with mask files: one implementation for the gulp plugin and the CLI.
 *
 * For an image at `<rel>/<stem>.<ext>` (rel = its path relative to its input base), the
 * mask is the first of these that exists in the masks directory M:
 *   1. M/<rel>/<stem>.mask.<e>
 *   2. M/<rel>/<stem>.<e>            (never the image file itself)
 *   3. M/<stem>.mask.<e>              (a flat masks folder for nested images)
 *   4. M/<stem>.<e>
 * where <e> is tried in the order png, webp, tif, tiff, bmp, gif, jpg, jpeg (lossless
 * formats first). When `masks` is a file rather than a directory, every image uses it.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, parse, resolve } from 'node:path';
import { invalidParameterError } from '@inpaint/core';

export const MASK_EXTENSIONS = ['png', 'webp', 'tif', 'tiff', 'bmp', 'gif', 'jpg', 'jpeg'] as const;

/** The `.mask.` infix that marks a mask file beside its image (`cat.mask.png`). */
const MASK_INFIX = '.mask.';

/**
 * Whether a file is a mask by its name (`<stem>.mask.<ext>`), and so never an input.
 * @example
 * isMaskFile('photos/cat.mask.png'); // true
 * isMaskFile('photos/cat.png'); // false
 */
export function isMaskFile(path: string): boolean {
  const base = basename(path).toLowerCase();
  const at = base.lastIndexOf(MASK_INFIX);
  return at >= 0 && at + MASK_INFIX.length < base.length && !base.slice(at + MASK_INFIX.length).includes('.');
}

/**
 * The mask beside an image by the `.mask.` rule alone (`photos/hero.mask.png` for
 * `photos/hero.jpg`, extensions in MASK_EXTENSIONS' order), or null. Never `<stem>.<e>`:
 * beside an image, a file of the same stem is another image, not its mask.
 * @example
 * await findMaskBeside('photos/hero.jpg'); // 'photos/hero.mask.png' when it exists
 */
export async function findMaskBeside(imagePath: string): Promise<string | null> {
  const dir = dirname(resolve(imagePath));
  const { name: stem } = parse(imagePath);
  const names = new Set(await readdir(dir).catch(() => []));
  for (const ext of MASK_EXTENSIONS) {
    for (const candidate of [`${stem}${MASK_INFIX}${ext}`, `${stem}${MASK_INFIX}${ext.toUpperCase()}`]) {
      if (names.has(candidate)) return join(dir, candidate);
    }
  }
  return null;
}

export interface MaskFinder {
  /** The mask file for an image, or null when none pairs with it. */
  find(imagePath: string, relativePath: string): Promise<string | null>;
  /** 'file' when one mask serves every image. */
  readonly kind: 'directory' | 'file';
}

/**
 * @example
 * const finder = await createMaskFinder('masks/');
 * await finder.find('photos/a/cat.jpg', 'a/cat.jpg'); // 'masks/a/cat.mask.png' or 'masks/a/cat.png' or …
 * @throws {Error} when `masks` does not exist.
 */
export async function createMaskFinder(masks: string): Promise<MaskFinder> {
  const root = resolve(masks);
  let info;
  try {
    info = await stat(root);
  } catch {
    throw invalidParameterError('masks', 'a directory of masks or one mask file', `'${masks}', which does not exist`);
  }
  if (info.isFile()) return { kind: 'file', find: () => Promise.resolve(root) };
  const listings = new Map<string, Promise<Set<string>>>();
  const list = (dir: string): Promise<Set<string>> => {
    let l = listings.get(dir);
    if (!l) {
      l = readdir(dir).then((names) => new Set(names), () => new Set<string>());
      listings.set(dir, l);
    }
    return l;
  };
  return {
    kind: 'directory',
    async find(imagePath, relativePath) {
      const image = resolve(imagePath);
      const { name: stem } = parse(relativePath);
      const relDir = dirname(relativePath);
      const dirs = relDir === '.' ? [root] : [join(root, relDir), root];
      for (const dir of dirs) {
        const names = await list(dir);
        for (const pattern of [(e: string) => `${stem}${MASK_INFIX}${e}`, (e: string) => `${stem}.${e}`]) {
          for (const ext of MASK_EXTENSIONS) {
            for (const candidate of [pattern(ext), pattern(ext.toUpperCase())]) {
              if (names.has(candidate) && join(dir, candidate) !== image) return join(dir, candidate);
            }
          }
        }
      }
      return null;
    },
  };
}
