/**
 * The route schemas of `inpaint serve`. The form fields of POST /api/inpaint are the batch
 * options' schema (@inpaint/files' BATCH_OPTION_SCHEMA, from core's option schema), so the
 * OpenAPI 3.1 document that @fastify/swagger generates from these routes at /openapi.json,
 * the fields the server accepts and the CLI's flags cannot disagree.
 */
import { choicesOf } from '@inpaint/core';
import { BATCH_OPTION_SCHEMA } from '@inpaint/files';
import { Type } from '@sinclair/typebox';
import type { TSchema } from '@sinclair/typebox';
import { VERSION } from '../version.js';

/** What the document says about the API as a whole (the `openapi` option of @fastify/swagger). */
export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'inpaint serve',
    version: VERSION,
    description: 'Learned image in-painting (Partial-Convolution U-Net). Send a photo and a mask whose white (non-zero) pixels mark the holes; get the photo back with the holes filled, every other pixel unchanged (exactly, for lossless formats).',
  },
} as const;

const errorBody = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) });
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorBody } } });

/** A choice as OpenAPI readers show it best: `{ type: 'string', enum }` rather than `anyOf` of constants (the form is checked by parseFields, not by this). */
function asEnum(schema: TSchema): TSchema {
  const choices = choicesOf(schema);
  if (choices.length === 0) return schema;
  const { default: byDefault, description } = schema as { default?: string; description?: string };
  return Type.Unsafe<string>({ type: 'string', enum: choices, ...(byDefault === undefined ? {} : { default: byDefault }), description });
}

/** The multipart form of POST /api/inpaint: the two files, then every batch option as an optional field. */
export function inpaintFormSchema(maxPixels: number): TSchema {
  const options = Object.fromEntries(Object.entries(BATCH_OPTION_SCHEMA).map(([k, s]) => [k, Type.Optional(asEnum(s))]));
  return Type.Object({
    image: Type.String({ format: 'binary', description: `an image sharp reads (JPEG, PNG, WebP, TIFF, GIF, AVIF, …), at most ${maxPixels} pixels` }),
    mask: Type.String({ format: 'binary', description: "an image of the same size, white (non-zero) = hole; or the text 'alpha' (transparent pixels of the image are the holes)" }),
    ...options,
  });
}

/**
 * The schema of POST /api/inpaint: its form and every answer it gives.
 * @example
 * app.post('/api/inpaint', { schema: inpaintRouteSchema({ maxPixels: 5e7, maxBody: 2 ** 27, token: false }) }, handler);
 */
export function inpaintRouteSchema(o: { maxPixels: number; maxBody: number; token: boolean }): Record<string, unknown> {
  return {
    summary: 'In-paint the holes of an image',
    consumes: ['multipart/form-data'],
    body: inpaintFormSchema(o.maxPixels),
    response: {
      200: {
        description: 'the in-painted image, in the input format (or `format`)',
        headers: {
          'Server-Timing': { type: 'string', description: 'inpaint;dur=<ms>' },
          'X-Inpaint-Ms': { type: 'string' },
          'X-Inpaint-Strategy': { type: 'string' },
          'X-Inpaint-Warnings': { type: 'string', description: 'URI-encoded, "; "-separated (for example a mask that marks no hole)' },
        },
        content: { 'image/*': { schema: { type: 'string', format: 'binary' } } },
      },
      400: errorResponse('bad input: corrupt image, undecodable mask, mask size mismatch, bad field, malformed multipart body'),
      ...(o.token ? { 401: errorResponse('no or a wrong bearer token (Authorization: Bearer <token>)') } : {}),
      408: errorResponse('the request body did not arrive within the request timeout'),
      413: errorResponse(`the image has more than ${o.maxPixels} pixels, or the body is over ${o.maxBody} bytes`),
      503: errorResponse('busy: too many requests in progress or waiting; retry after the Retry-After header'),
    },
  };
}

const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });

/** GET /healthz. */
export const HEALTH_ROUTE_SCHEMA = { summary: 'Liveness', response: { 200: json('{ ok, model, pending }') } };
/** GET /openapi.json. */
export const OPENAPI_ROUTE_SCHEMA = { summary: 'This document', response: { 200: json('OpenAPI 3.1') } };
/** GET / (the page); its assets are left out of the document. */
export const PAGE_ROUTE_SCHEMA = { summary: 'The mask-painting page', response: { 200: { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } } };
