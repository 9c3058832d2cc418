/**
 * The OpenAPI 3.1 description of `inpaint serve`'s HTTP API, served at /openapi.json.
 */
import { DETAILS } from '@inpaint/core';
import { VERSION } from '../version.js';

const errorBody = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
};

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/**
 * @example
 * const doc = openApiDocument({ maxPixels: 5e7, maxBody: 2 ** 27, formats: ['png'], strategies: ['auto'] });
 */
export function openApiDocument(o: { maxPixels: number; maxBody: number; formats: readonly string[]; strategies: readonly string[] }): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'inpaint serve',
      version: VERSION,
      description: 'Learned image in-painting (Partial-Convolution U-Net). Send a photo and a mask whose white (non-zero) pixels mark the holes; get the photo back with the holes filled, every other pixel unchanged (exactly, for lossless formats).',
    },
    paths: {
      '/api/inpaint': {
        post: {
          summary: 'In-paint the holes of an image',
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['image', 'mask'],
                  properties: {
                    image: { type: 'string', format: 'binary', description: `an image sharp reads (JPEG, PNG, WebP, TIFF, GIF, AVIF, …), at most ${o.maxPixels} pixels` },
                    mask: { type: 'string', format: 'binary', description: "an image of the same size, white (non-zero) = hole; or the text 'alpha' (transparent pixels of the image are the holes)" },
                    format: { type: 'string', enum: [...o.formats], description: "output format; default: the input's, with its lossless-ness" },
                    invert: { type: 'string', enum: ['true', 'false'], description: 'the mask is black-is-hole' },
                    resizeMask: { type: 'string', enum: ['true', 'false'], description: 'resize a mask of another size to the image (nearest neighbour) instead of failing' },
                    dilate: { type: 'number', minimum: 0, maximum: 1024, description: 'grow the holes by this many pixels' },
                    strategy: { type: 'string', enum: [...o.strategies] },
                    detail: { type: 'string', enum: [...DETAILS], description: "texture (default): the photo's own detail in the fill, at full resolution; smooth: the network's fill alone" },
                  },
                },
              },
            },
          },
          responses: {
            200: {
              description: 'the in-painted image, in the input format (or `format`)',
              headers: {
                'Server-Timing': { schema: { type: 'string' }, description: 'inpaint;dur=<ms>' },
                'X-Inpaint-Ms': { schema: { type: 'string' } },
                'X-Inpaint-Strategy': { schema: { type: 'string' } },
                'X-Inpaint-Warnings': { schema: { type: 'string' }, description: 'URI-encoded, "; "-separated (for example a mask that marks no hole)' },
              },
              content: { 'image/*': { schema: { type: 'string', format: 'binary' } } },
            },
            400: errorResponse('bad input: corrupt image, undecodable mask, mask size mismatch, bad field'),
            413: errorResponse(`the image has more than ${o.maxPixels} pixels, or the body is over ${o.maxBody} bytes`),
            503: errorResponse('busy: too many requests in progress; retry after the Retry-After header'),
          },
        },
      },
      '/healthz': { get: { summary: 'Liveness', responses: { 200: { description: '{ ok, model, pending }', content: { 'application/json': { schema: { type: 'object' } } } } } } },
      '/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } } } },
      '/': { get: { summary: 'The mask-painting page', responses: { 200: { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } } } },
    },
    components: { schemas: { Error: errorBody } },
  };
}
