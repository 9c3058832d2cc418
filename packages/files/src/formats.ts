/**
 * The one format table: for each image format sharp reads, its file extensions, MIME type,
 * whether inpaint writes it, and whether its pixels come back exact. Output formats, the
 * extensions a folder input is searched for, the output extension and the HTTP content type
 * all come from here.
 */

/** How exactly a format keeps pixels when inpaint writes it. */
export type Losslessness =
  /** always bit-exact (PNG) */
  | 'lossless'
  /** exact when the input was (lossless WebP, uncompressed/LZW/deflate TIFF) */
  | 'as-input'
  /** never exact (JPEG, AVIF; GIF's palette) */
  | 'lossy';

export interface ImageFormat {
  /** sharp's name of the format (`metadata().format`). */
  readonly id: string;
  /** File extensions, lower case, the one written first. */
  readonly extensions: readonly string[];
  readonly mime: string;
  /** Whether inpaint writes it (`--format`, the input's own format kept). */
  readonly writable: boolean;
  readonly lossless: Losslessness;
  /** Whether its frames are in-painted one by one and written back as an animation. */
  readonly animated: boolean;
}

export const IMAGE_FORMATS: readonly ImageFormat[] = [
  { id: 'jpeg', extensions: ['jpg', 'jpeg'], mime: 'image/jpeg', writable: true, lossless: 'lossy', animated: false },
  { id: 'png', extensions: ['png'], mime: 'image/png', writable: true, lossless: 'lossless', animated: false },
  { id: 'webp', extensions: ['webp'], mime: 'image/webp', writable: true, lossless: 'as-input', animated: true },
  { id: 'tiff', extensions: ['tif', 'tiff'], mime: 'image/tiff', writable: true, lossless: 'as-input', animated: false },
  { id: 'avif', extensions: ['avif'], mime: 'image/avif', writable: true, lossless: 'lossy', animated: false },
  { id: 'gif', extensions: ['gif'], mime: 'image/gif', writable: true, lossless: 'lossy', animated: true },
  // read only: written as AVIF (HEIF), or in the format --format names
  { id: 'heif', extensions: ['heic', 'heif'], mime: 'image/heif', writable: false, lossless: 'lossy', animated: false },
  { id: 'jp2k', extensions: ['jp2'], mime: 'image/jp2', writable: false, lossless: 'lossy', animated: false },
  { id: 'jxl', extensions: ['jxl'], mime: 'image/jxl', writable: false, lossless: 'lossy', animated: false },
  { id: 'svg', extensions: ['svg'], mime: 'image/svg+xml', writable: false, lossless: 'lossy', animated: false },
];

/** Output formats `--format` (and the server's `format` field, and a queued job) may name. */
export const OUTPUT_FORMATS = ['jpeg', 'png', 'webp', 'tiff', 'avif', 'gif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Extensions of formats sharp reads (lower case; match case-insensitively). */
export const IMAGE_EXTENSIONS: readonly string[] = IMAGE_FORMATS.flatMap((f) => f.extensions);

/** Formats whose frames are written back as an animation. */
export const ANIMATED_FORMATS: ReadonlySet<string> = new Set(IMAGE_FORMATS.filter((f) => f.animated).map((f) => f.id));

/**
 * The table's row for a format name of sharp (`'heif'` for AVIF's container included).
 * @example
 * formatInfo('jpeg')?.extensions[0]; // 'jpg'
 */
export function formatInfo(id: string): ImageFormat | undefined {
  return IMAGE_FORMATS.find((f) => f.id === id);
}

/**
 * The extension (with its dot) an output in this format gets: `.jpg` for JPEG.
 * @example
 * extensionFor('tiff'); // '.tif'
 */
export function extensionFor(id: string): string | undefined {
  const ext = formatInfo(id)?.extensions[0];
  return ext === undefined ? undefined : `.${ext}`;
}

/**
 * The Content-Type of an encoded image in this format (`application/octet-stream` for an
 * unknown one).
 * @example
 * mimeFor('webp'); // 'image/webp'
 */
export function mimeFor(id: string): string {
  return formatInfo(id)?.mime ?? 'application/octet-stream';
}
