/**
 * POST /api/select: the object in a box, as a PNG mask of the image's size (white = the
 * object, the hole /api/inpaint fills). Same limits, token and errors as /api/inpaint; a
 * selection with no pixel is a 400 (ERR_EMPTY_SELECTION). The last few segmentations are
 * kept before growing, so the page's grow / shrink slider asks again without a second
 * GrabCut. The segmentation runs on the selector's thread, so the server keeps answering.
 */
import { createHash } from 'node:crypto';
import type { Mask } from '@inpaint/mask-gen';
import { countHoles } from '@inpaint/mask-gen';
import type { FastifyReply, FastifyRequest } from 'fastify';
import sharp from 'sharp';
import { growSelection } from './grabcut.js';
import type { Selection } from './grabcut.js';
import { HttpError } from './http-errors.js';
import { parseSelection } from './selection.js';
import type { Selector } from './selector.js';
import type { ServerSettings } from './serve-options.js';
import { readSelectUpload } from './upload.js';

/** Segmentations kept (before growing), newest last: one photo's box and a slider's worth of asks. */
const KEPT = 4;

/** What the route needs of the server: its settings, the requests in progress, the pixel check and when a request arrived. */
export interface SelectRouteState {
  readonly settings: ServerSettings;
  readonly selector: Selector;
  inFlight: number;
}

/** The recent segmentations, by image bytes, box and strokes. */
export class SegmentationCache {
  private readonly kept = new Map<string, Promise<Mask>>();

  /**
   * The segmentation for this image and selection, made by `make` unless it is kept.
   * @example
   * const mask = await cache.get(bytes, selection, () => selector.segment(image, selection));
   */
  get(image: Buffer, s: Pick<Selection, 'box' | 'strokes'>, make: () => Promise<Mask>): Promise<Mask> {
    const key = createHash('sha256').update(image).update(JSON.stringify([s.box, s.strokes ?? []])).digest('hex');
    let mask = this.kept.get(key);
    if (mask) {
      this.kept.delete(key); // newest last
    } else {
      mask = make();
      mask.catch(() => this.kept.delete(key));
    }
    this.kept.set(key, mask);
    while (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value!);
    return mask;
  }
}

/** The photo as 8-bit RGB, oriented as /api/inpaint orients it (autoOrient). */
async function decodeRgb(image: Buffer) {
  try {
    const { data, info } = await sharp(image).autoOrient().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: 3 as const };
  } catch (e) {
    throw new HttpError(400, 'ERR_INVALID_IMAGE', `the image could not be decoded (${(e as Error).message}); send an image sharp reads (JPEG, PNG, WebP, TIFF, GIF, AVIF, …)`);
  }
}

/**
 * The handler of POST /api/select: 503 past the queue, else read, check, segment (on the
 * selector's thread), grow and
 * answer the mask as a greyscale PNG. `checkPixels` is the server's 413 check;
 * `arrivedAt` when the request came (its body's deadline).
 * @example
 * app.post('/api/select', { schema: selectRouteSchema(o) }, selectHandler(state, checkPixels, (req) => performance.now()));
 */
export function selectHandler(state: SelectRouteState, checkPixels: (image: Buffer, maxPixels: number) => Promise<void>, arrivedAt: (req: FastifyRequest) => number) {
  const { settings } = state;
  const cache = new SegmentationCache();
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.isMultipart()) throw new HttpError(400, 'ERR_BAD_REQUEST', 'send multipart/form-data with the fields image and box');
    if (state.inFlight >= settings.concurrency + settings.maxQueue) {
      reply.header('Retry-After', '1');
      throw new HttpError(503, 'ERR_BUSY', `the server is busy (${state.inFlight} requests in progress); retry shortly`);
    }
    state.inFlight++;
    try {
      const upload = await readSelectUpload(req, reply, settings.requestTimeoutMs, arrivedAt(req));
      const selection = parseSelection(upload.fields);
      await checkPixels(upload.image, settings.maxPixels);
      const t0 = performance.now();
      const image = await decodeRgb(upload.image);
      const object = await cache.get(upload.image, selection, () => state.selector.segment(image, selection));
      const mask = growSelection(object, selection.grow);
      const holes = countHoles(mask);
      if (holes === 0) {
        throw new HttpError(400, 'ERR_EMPTY_SELECTION', `nothing was selected in the box ${JSON.stringify(selection.box)} of the ${image.width}x${image.height} image${selection.grow < 0 ? ` after shrinking by ${-selection.grow} px` : ''}: draw the box around the object, mark it with a remove stroke, or shrink less`);
      }
      const png = await sharp(mask.data, { raw: { width: mask.width, height: mask.height, channels: 1 } }).toColourspace('b-w').png({ compressionLevel: 3 }).toBuffer();
      const ms = performance.now() - t0;
      return reply
        .type('image/png')
        .header('Server-Timing', `select;dur=${ms.toFixed(1)}`)
        .header('X-Select-Ms', ms.toFixed(1))
        .header('X-Selection-Pixels', String(holes))
        .header('Content-Disposition', 'inline; filename="selection.png"')
        .send(png);
    } finally {
      state.inFlight--;
    }
  };
}
