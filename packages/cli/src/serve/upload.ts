/**
 * One upload to POST /api/inpaint or /api/select: its multipart body read within the
 * request timeout, checked (an image, and for /api/inpaint a mask or 'alpha'), and the
 * in-painting form's other fields parsed as batch options by their schemas (the ones the
 * OpenAPI document shows).
 */
import { invalidParameterError, parseOptionText } from '@inpaint/core';
import type { BatchOptions } from '@inpaint/files';
import { BATCH_OPTION_SCHEMA, hasShapes, labelMaskFor, parseBoxList } from '@inpaint/files';
import sharp from 'sharp';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, malformedBody } from './http-errors.js';

/** What a client sent: the image, the mask (a file or 'alpha') and the option fields as text. */
export interface Upload {
  readonly image: Buffer;
  readonly mask: Buffer | 'alpha';
  readonly fields: Readonly<Record<string, string>>;
  /** What the answer's X-Inpaint-Warnings should say about the upload itself (boxes clipped to the image). */
  readonly warnings: readonly string[];
}

interface Parts {
  image?: Buffer;
  mask?: Buffer | 'alpha';
  fields: Record<string, string>;
}

async function readParts(req: FastifyRequest, into: Parts): Promise<void> {
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      if (part.fieldname === 'image') into.image = data;
      else if (part.fieldname === 'mask') into.mask = data;
      else throw invalidParameterError(part.fieldname, 'a file field named image or mask', 'another file field');
    } else if (part.fieldname === 'mask' && String(part.value) === 'alpha') {
      into.mask = 'alpha';
    } else {
      into.fields[part.fieldname] = String(part.value);
    }
  }
}

/** The multipart body within the deadline (408 and the connection closed past it). */
async function readBody(req: FastifyRequest, reply: FastifyReply, deadlineMs: number, startedAt: number): Promise<Parts> {
  const parts: Parts = { fields: {} };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HttpError(408, 'ERR_REQUEST_TIMEOUT',
      `the request body did not arrive within ${deadlineMs / 1000} s; send it faster or in one piece`)), Math.max(0, deadlineMs - (performance.now() - startedAt)));
  });
  const reading = readParts(req, parts);
  reading.catch(() => undefined); // after a timeout the reader fails as the connection closes; nobody waits for it
  try {
    await Promise.race([reading, timeout]);
  } catch (e) {
    if (e instanceof HttpError && e.status === 408) {
      reply.header('Connection', 'close');
      reply.raw.once('finish', () => req.raw.destroy());
      throw e;
    }
    throw malformedBody(e);
  } finally {
    clearTimeout(timer);
  }
  return parts;
}

/**
 * The whole multipart body, within `deadlineMs` of `startedAt` (performance.now() when the
 * request came): a slow or stalled upload gets 408 and its connection closed, instead of
 * holding a slot for as long as it likes. Throws HttpError or InvalidParameterError.
 * @example
 * const upload = await readUpload(req, reply, 120_000, performance.now());
 */
export async function readUpload(req: FastifyRequest, reply: FastifyReply, deadlineMs: number, startedAt: number): Promise<Upload> {
  const parts = await readBody(req, reply, deadlineMs, startedAt);
  if (parts.mask === undefined && parts.fields.boxes !== undefined) {
    const { boxes, ...fields } = parts.fields;
    const drawn = await maskFromBoxes(parts.image, boxes, fields.autoOrient !== 'false');
    return checkedUpload({ ...parts, mask: drawn?.mask, fields }, drawn?.warnings);
  }
  return checkedUpload(parts);
}

/**
 * The form field `boxes` (JSON `[[x, y, w, h], …]` in the image's pixels, as `inpaint run
 * --boxes` reads a JSON label file) drawn as a PNG mask of the image's size (after EXIF
 * orientation unless autoOrient is off); `dilate` grows it as it grows any mask. A box that
 * reaches outside the image is clipped, with a warning; no box, or none that overlaps the
 * image, is an empty selection: InvalidParameterError (400).
 * @example
 * const { mask, warnings } = (await maskFromBoxes(imageBytes, '[[10, 20, 100, 50]]', true))!;
 * @throws {InvalidParameterError} naming boxes: it does not parse, or it selects nothing
 */
export async function maskFromBoxes(image: Buffer | undefined, boxes: string, autoOrient: boolean): Promise<{ mask: Buffer; warnings: string[] } | undefined> {
  if (!image || image.length === 0) return undefined; // checkedUpload says what is missing
  const shapes = parseBoxList(boxes, 'the field boxes');
  // an image that cannot be read: its own error comes later, from the file road
  const drawn = await labelMaskFor(image, 'upload', shapes, { autoOrient }).catch(() => null);
  if (!drawn) return undefined;
  const { mask, warnings } = drawn;
  const { width, height } = mask;
  const expected = `at least one box [x, y, w, h] that overlaps the ${width}x${height} image`;
  if (!hasShapes(shapes)) throw invalidParameterError('boxes', expected, 'an empty list');
  if (!mask.data.some((v) => v !== 0)) throw invalidParameterError('boxes', expected, `${shapes.boxes.length === 1 ? 'a box that selects' : 'boxes that select'} no pixel of it (${warnings.join('; ')})`);
  return { mask: await sharp(mask.data, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png({ compressionLevel: 3 }).toBuffer(), warnings };
}

/** What a client sent to POST /api/select: the image and the selection's fields as text. */
export interface SelectUpload {
  readonly image: Buffer;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * The body of POST /api/select, read as readUpload reads one (same deadline, same errors):
 * an image and text fields, no mask.
 * @example
 * const { image, fields } = await readSelectUpload(req, reply, 120_000, performance.now());
 */
export async function readSelectUpload(req: FastifyRequest, reply: FastifyReply, deadlineMs: number, startedAt: number): Promise<SelectUpload> {
  const { image, mask, fields } = await readBody(req, reply, deadlineMs, startedAt);
  if (!image || image.length === 0) throw invalidParameterError('image', 'an image file in the multipart field image', image ? 'an empty file' : 'nothing');
  if (mask !== undefined) throw invalidParameterError('mask', 'no mask: /api/select answers one (send image and box)', 'a mask field');
  return { image, fields };
}

function checkedUpload({ image, mask, fields }: Parts, warnings: readonly string[] = []): Upload {
  if (!image || image.length === 0) throw invalidParameterError('image', 'an image file in the multipart field image', image ? 'an empty file' : 'nothing');
  if (mask === undefined || (mask !== 'alpha' && mask.length === 0)) throw invalidParameterError('mask', "a mask file in the multipart field mask (white = hole), the text 'alpha', or boxes in the field boxes (JSON [[x, y, w, h], …])", mask === undefined ? 'nothing' : 'an empty file');
  return { image, mask, fields, warnings };
}

/**
 * The form fields as options: each field is one of the batch options, parsed and checked by
 * its schema; an empty field means its default. Throws InvalidParameterError.
 * @example
 * parseFields({ detail: 'smooth', dilate: '4' }); // { detail: 'smooth', dilate: 4 }
 */
export function parseFields(f: Readonly<Record<string, string>>): BatchOptions {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    const schema = Object.hasOwn(BATCH_OPTION_SCHEMA, k) ? BATCH_OPTION_SCHEMA[k as keyof typeof BATCH_OPTION_SCHEMA] : undefined;
    if (!schema) throw invalidParameterError(k, `one of the fields image, mask, ${Object.keys(BATCH_OPTION_SCHEMA).join(', ')}`, 'an unknown field');
    if (v !== '') out[k] = parseOptionText(k, schema, v);
  }
  return out as BatchOptions;
}
