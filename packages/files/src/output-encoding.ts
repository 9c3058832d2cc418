/**
 * How batch tools (`inpaint run`, the gulp plugin) encode an output: in the input's format and, where the format has the
 * choice, with the input's lossless-ness, so that pixels outside the holes come back
 * bit-identical for every lossless input:
 *
 * | input | output |
 * |---|---|
 * | PNG (8 or 16 bits) | PNG at the same depth |
 * | WebP lossless (VP8L) | WebP lossless; lossy WebP stays lossy (quality 90) |
 * | TIFF | TIFF with the input's compression (none, LZW, deflate, PackBits, zstd, JPEG) and predictor, 16 bits kept |
 * | JPEG | JPEG quality 90 with the input's chroma subsampling (lossy: `--format png` for exact pixels) |
 * | GIF | GIF (re-quantised to a palette: not exact) |
 * | AVIF/HEIF | AVIF quality 80 (lossy) |
 *
 * sharp's metadata does not say whether a WebP is lossless or how a TIFF is compressed,
 * so both are read from the file's own header.
 */
import sharp from 'sharp';
import type { FormatEnum, Metadata, Sharp } from 'sharp';

export const JPEG_QUALITY = 90;
export const LOSSY_WEBP_QUALITY = 90;
export const AVIF_QUALITY = 80;

type TiffCompression = 'none' | 'lzw' | 'deflate' | 'packbits' | 'zstd' | 'jpeg' | 'webp' | 'ccittfax4' | 'jp2k';
type TiffPredictor = 'none' | 'horizontal' | 'float';

/** What the encoder keeps of an input (read from its header). */
export interface InputEncoding {
  readonly format: string;
  readonly webpLossless?: boolean;
  readonly tiffCompression?: TiffCompression;
  readonly tiffPredictor?: TiffPredictor;
  readonly chromaSubsampling?: string;
}

/**
 * Whether a WebP file is lossless: its image data is VP8L (in an animation: every frame's).
 * @example
 * webpIsLossless(await readFile('photo.webp')); // true for `cwebp -lossless` output
 */
export function webpIsLossless(buf: Buffer): boolean {
  let lossy = false;
  let lossless = false;
  const walk = (start: number, end: number) => {
    for (let p = start; p + 8 <= end;) {
      const fourcc = buf.toString('latin1', p, p + 4);
      const size = buf.readUInt32LE(p + 4);
      if (fourcc === 'VP8L') lossless = true;
      else if (fourcc === 'VP8 ') lossy = true;
      else if (fourcc === 'ANMF') walk(p + 8 + 16, Math.min(end, p + 8 + size));
      p += 8 + size + (size & 1);
    }
  };
  if (buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') walk(12, buf.length);
  return lossless && !lossy;
}

const TIFF_COMPRESSION: Record<number, TiffCompression> = {
  1: 'none', 2: 'ccittfax4', 4: 'ccittfax4', 5: 'lzw', 6: 'jpeg', 7: 'jpeg', 8: 'deflate', 32946: 'deflate',
  32773: 'packbits', 34712: 'jp2k', 50000: 'zstd', 50001: 'webp',
};

/**
 * Compression and predictor of a TIFF's first image (tags 259 and 317 of its first IFD).
 * @example
 * tiffEncoding(await readFile('scan.tif')); // { compression: 'lzw', predictor: 'horizontal' }
 */
export function tiffEncoding(buf: Buffer): { compression: TiffCompression; predictor: TiffPredictor } {
  const fallback = { compression: 'lzw' as const, predictor: 'none' as const };
  const order = buf.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return fallback;
  const le = order === 'II';
  const u16 = (p: number) => (le ? buf.readUInt16LE(p) : buf.readUInt16BE(p));
  const u32 = (p: number) => (le ? buf.readUInt32LE(p) : buf.readUInt32BE(p));
  if (buf.length < 8 || u16(2) !== 42) return fallback;
  const ifd = u32(4);
  if (ifd + 2 > buf.length) return fallback;
  let compression: TiffCompression = 'none';
  let predictor: TiffPredictor = 'none';
  for (let i = 0, n = u16(ifd); i < n && ifd + 2 + i * 12 + 12 <= buf.length; i++) {
    const e = ifd + 2 + i * 12;
    const value = u16(e + 2) === 3 ? u16(e + 8) : u32(e + 8);
    if (u16(e) === 259) compression = TIFF_COMPRESSION[value] ?? 'lzw';
    if (u16(e) === 317) predictor = value === 2 ? 'horizontal' : value === 3 ? 'float' : 'none';
  }
  return { compression, predictor };
}

/** How many leading bytes of a file inputEncoding() needs (a WebP's chunk list can span the file). */
export const ENCODING_HEADER_BYTES = 1 << 24;

/**
 * How many leading bytes inputEncoding() reads for a format: a WebP's chunk list, a TIFF's
 * first IFD; none for the others (their encoding comes from the metadata alone).
 * @example
 * headerBytesFor('jpeg'); // 0
 */
export function headerBytesFor(format: string | undefined): number {
  return format === 'webp' ? ENCODING_HEADER_BYTES : format === 'tiff' ? 1 << 16 : 0;
}

/**
 * What to keep of an input's encoding, from its metadata and (WebP, TIFF) its leading bytes.
 * @example
 * const encoding = inputEncoding(await sharp(buf).metadata(), buf);
 * await encodeAs(sharp(buf).inpaint(mask), encoding).toFile('out.webp');
 */
export function inputEncoding(meta: Metadata, header: Buffer): InputEncoding {
  const format = String(meta.format);
  if (format === 'webp') return { format, webpLossless: webpIsLossless(header) };
  if (format === 'tiff') {
    const t = tiffEncoding(header);
    return { format, tiffCompression: t.compression, tiffPredictor: t.predictor };
  }
  if (format === 'jpeg') return { format, chromaSubsampling: meta.chromaSubsampling };
  return { format };
}

/**
 * Whether this sharp writes a format to a buffer, by its name or an alias (`avif` is an
 * alias of sharp's `heif`).
 * @example
 * sharpWrites('avif'); // true
 */
export function sharpWrites(format: string): boolean {
  const known = sharp.format as unknown as Record<string, { output: { buffer: boolean; alias?: string[] } }>;
  const entry = Object.hasOwn(known, format) ? known[format] : Object.values(known).find((f) => f.output.alias?.includes(format));
  return entry?.output.buffer === true;
}

/**
 * The format encodeAs() writes for a requested (or the input's) format: AVIF for HEIF
 * (sharp reads HEIC but writes its AV1 flavour), the format itself otherwise.
 * @example
 * writtenFormat('heif'); // 'avif'
 */
export function writtenFormat(format: string): string {
  return format === 'heif' ? 'avif' : format;
}

/** The frame delays (ms) and loop count an animated output keeps. */
export interface AnimationTiming {
  readonly delay?: number[];
  readonly loop?: number;
}

/**
 * Apply the output format to a chain: `requested` (--format) with that format's defaults
 * (PNG lossless; JPEG quality 90), or else the input's format and encoding as above. An
 * animated output (GIF, WebP) gets `animation`'s frame delays and loop count.
 * @example
 * encodeAs(sharp('in.tif').inpaint('mask.png'), { format: 'tiff', tiffCompression: 'lzw' }).toFile('out.tif');
 */
export function encodeAs(chain: Sharp, input: InputEncoding, requested?: string, animation: AnimationTiming = {}): Sharp {
  const same = requested === undefined || requested === input.format || (requested === 'jpeg' && input.format === 'jpeg');
  const format = requested ?? input.format;
  const timing = { delay: animation.delay, loop: animation.loop }; // undefined: sharp's default
  switch (format) {
    case 'png':
      return chain.png({ compressionLevel: 6 });
    case 'jpeg':
      return chain.jpeg({ quality: JPEG_QUALITY, ...(same && input.chromaSubsampling === '4:4:4' ? { chromaSubsampling: '4:4:4' } : {}) });
    case 'webp':
      // exact: libwebp would otherwise rewrite the RGB of fully transparent pixels (invisible, but not the input's bytes)
      return chain.webp({ ...(same && input.webpLossless ? { lossless: true, exact: true } : { quality: LOSSY_WEBP_QUALITY }), ...timing });
    case 'tiff':
      return chain.tiff(same && input.tiffCompression
        ? { compression: input.tiffCompression, ...(input.tiffPredictor && input.tiffPredictor !== 'none' ? { predictor: input.tiffPredictor } : {}) }
        : { compression: 'lzw' });
    case 'heif':
    case 'avif':
      return chain.avif({ quality: AVIF_QUALITY });
    case 'gif':
      return chain.gif(timing);
    default:
      return chain.toFormat(format as keyof FormatEnum);
  }
}
