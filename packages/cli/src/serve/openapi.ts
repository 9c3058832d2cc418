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
import { LICENSE, VERSION } from '../version.js';
import { SELECT_FIELD_SCHEMA } from './selection.js';

/** The security scheme of /api/* when the server has a token (`--token`, INPAINT_TOKEN). */
const BEARER = 'bearerToken';

/**
 * What the document says about the API as a whole (the `openapi` option of @fastify/swagger):
 * its licence, its server (relative: the one that serves the document), and with a token
 * the bearer scheme that protects /api/*.
 * @example
 * await app.register(swagger, { openapi: openApiDocument({ token: true }) });
 */
export function openApiDocument(o: { readonly token: boolean }): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'inpaint serve',
      version: VERSION,
      description: 'Learned image in-painting (Partial-Convolution U-Net). Send a photo and a mask whose white (non-zero) pixels mark the holes; get the photo back with the holes filled, every other pixel unchanged (exactly, for lossless formats).',
      license: { name: LICENSE, identifier: LICENSE },
    },
    servers: [{ url: '/', description: 'the server that serves this document' }],
    ...(o.token ? { components: { securitySchemes: { [BEARER]: { type: 'http', scheme: 'bearer', description: 'the token the server was started with (--token or INPAINT_TOKEN)' } } } } : {}),
  };
}

/** An operation's security: the bearer token on /api/* when the server has one, else none. */
const security = (protectedRoute: boolean) => (protectedRoute ? [{ [BEARER]: [] }] : []);

const errorBody = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) });
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorBody } } });
/** What Node and Fastify answer before a route runs (their shape, not ours): a malformed request line, headers over Node's limit. */
const refusedByHttp = {
  description: 'the request was refused before the route ran: malformed (400) or its headers over the size Node accepts (431)',
  content: { 'application/json': { schema: Type.Object({ error: Type.String(), message: Type.String(), statusCode: Type.Integer() }) } },
};

/** A choice as OpenAPI readers show it best: `{ type: 'string', enum }` rather than `anyOf` of constants (the form is checked by parseFields, not by this). */
function asEnum(schema: TSchema): TSchema {
  const choices = choicesOf(schema);
  if (choices.length === 0) return schema;
  const { default: byDefault, description } = schema as { default?: string; description?: string };
  return Type.Unsafe<string>({ type: 'string', enum: choices, ...(byDefault === undefined ? {} : { default: byDefault }), description });
}

/** The multipart form of POST /api/inpaint: the image, its mask (or boxes), then every batch option as an optional field. */
export function inpaintFormSchema(maxPixels: number): TSchema {
  const options = Object.fromEntries(Object.entries(BATCH_OPTION_SCHEMA).map(([k, s]) => [k, Type.Optional(asEnum(s))]));
  return Type.Object({
    image: Type.String({ format: 'binary', description: `an image sharp reads (JPEG, PNG, WebP, TIFF, GIF, AVIF, …), at most ${maxPixels} pixels` }),
    mask: Type.Optional(Type.String({ format: 'binary', description: "an image of the same size, white (non-zero) = hole; or the text 'alpha' (transparent pixels of the image are the holes); required unless boxes is given" })),
    boxes: Type.Optional(Type.String({ description: "instead of mask: the holes as boxes, JSON [[x, y, w, h], …] in the image's pixels (a detector's output; dilate grows them). A box reaching outside the image is clipped, and X-Inpaint-Warnings says so; no box that overlaps the image is a 400" })),
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
    operationId: 'inpaint',
    security: security(o.token),
    consumes: ['multipart/form-data'],
    body: inpaintFormSchema(o.maxPixels),
    response: {
      200: {
        description: 'the in-painted image, in the input format (or `format`)',
        headers: {
          'Server-Timing': { type: 'string', description: 'inpaint;dur=<ms>' },
          'X-Inpaint-Ms': { type: 'string' },
          'X-Inpaint-Strategy': { type: 'string' },
          'X-Inpaint-Warnings': { type: 'string', description: 'URI-encoded, "; "-separated (for example a mask that marks no hole, or a box clipped to the image)' },
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

/**
 * The schema of POST /api/select: its form (the image and the selection's fields) and
 * every answer it gives.
 * @example
 * app.post('/api/select', { schema: selectRouteSchema({ maxPixels: 5e7, maxBody: 2 ** 27, token: false }) }, handler);
 */
export function selectRouteSchema(o: { maxPixels: number; maxBody: number; token: boolean }): Record<string, unknown> {
  return {
    summary: 'Select the object in a box (GrabCut): its mask, to send to /api/inpaint',
    operationId: 'select',
    security: security(o.token),
    consumes: ['multipart/form-data'],
    body: Type.Object({
      image: Type.String({ format: 'binary', description: `an image sharp reads, at most ${o.maxPixels} pixels` }),
      box: SELECT_FIELD_SCHEMA.box,
      strokes: Type.Optional(SELECT_FIELD_SCHEMA.strokes),
      grow: Type.Optional(SELECT_FIELD_SCHEMA.grow),
    }),
    response: {
      200: {
        description: 'the mask: a greyscale PNG of the image\'s size (after EXIF orientation), white = the object (the hole to fill), black elsewhere',
        headers: {
          'Server-Timing': { type: 'string', description: 'select;dur=<ms>' },
          'X-Select-Ms': { type: 'string' },
          'X-Selection-Pixels': { type: 'string', description: 'how many pixels are selected' },
        },
        content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
      },
      400: errorResponse('bad input: corrupt image, bad or missing box, bad strokes, unknown field, malformed multipart body; or an empty selection (ERR_EMPTY_SELECTION)'),
      ...(o.token ? { 401: errorResponse('no or a wrong bearer token (Authorization: Bearer <token>)') } : {}),
      408: errorResponse('the request body did not arrive within the request timeout'),
      413: errorResponse(`the image has more than ${o.maxPixels} pixels, or the body is over ${o.maxBody} bytes`),
      503: errorResponse('busy: too many requests in progress or waiting; retry after the Retry-After header'),
    },
  };
}

const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });

/** GET /healthz. */
export const HEALTH_ROUTE_SCHEMA = { summary: 'Liveness', operationId: 'health', security: security(false), response: { 200: json('{ ok, model, pending }'), '4XX': refusedByHttp } };
/** GET /openapi.json. */
export const OPENAPI_ROUTE_SCHEMA = { summary: 'This document', operationId: 'openapi', security: security(false), response: { 200: json('OpenAPI 3.1'), '4XX': refusedByHttp } };
/** GET / (the page); its assets are left out of the document. */
export const PAGE_ROUTE_SCHEMA = { summary: 'The mask-painting page', operationId: 'page', security: security(false), response: { 200: { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } }, '4XX': refusedByHttp } };
