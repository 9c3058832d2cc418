/**
 * How `inpaint serve` answers an error: one JSON shape, `{ "error": { "code", "message" } }`,
 * with its status: 400 for the caller's bad input (our typed input errors, Fastify's request
 * errors, a malformed multipart body), 413 past the body limit, 500 for the rest.
 */
import { InpaintError } from '@inpaint/core';
import type { FastifyReply } from 'fastify';

/** Input errors (400): the caller sent something unusable. */
const BAD_INPUT = new Set(['ERR_INVALID_IMAGE', 'ERR_INVALID_MASK', 'ERR_MASK_MISMATCH', 'ERR_INVALID_PARAMETER']);

/** An error with its HTTP status, answered as JSON. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const fastifyCode = (e: unknown): string | undefined => {
  const code = (e as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && code.startsWith('FST_') ? code : undefined;
};

/**
 * Answer with the error shape.
 * @example
 * sendError(reply, 404, 'ERR_NOT_FOUND', 'no route GET /nope');
 */
export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).type('application/json').send({ error: { code, message } });
}

/**
 * Answer any error thrown by a route or hook with its status and code.
 * @example
 * app.setErrorHandler((e, _req, reply) => replyWithError(reply, e));
 */
export function replyWithError(reply: FastifyReply, e: unknown): FastifyReply {
  if (e instanceof HttpError) return sendError(reply, e.status, e.code, e.message);
  if (e instanceof InpaintError) return sendError(reply, BAD_INPUT.has(e.code) ? 400 : 500, e.code, e.message);
  const code = fastifyCode(e);
  if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 413, 'ERR_BODY_TOO_LARGE', 'the request body is larger than the server accepts (--max-body-mb)');
  if (code !== undefined) return sendError(reply, 400, 'ERR_BAD_REQUEST', (e as Error).message);
  return sendError(reply, 500, 'ERR_INTERNAL', (e as Error | undefined)?.message ?? String(e));
}

/**
 * An error while reading the multipart body: ours and Fastify's keep their meaning; the
 * parser's own (a truncated body, a broken part header, a missing boundary) are the
 * client's fault, a 400, never a 500.
 * @example
 * throw malformedBody(new Error('Unexpected end of form')); // HttpError 400 ERR_BAD_MULTIPART
 */
export function malformedBody(e: unknown): unknown {
  if (e instanceof HttpError || e instanceof InpaintError || fastifyCode(e) !== undefined) return e;
  return new HttpError(400, 'ERR_BAD_MULTIPART', `the multipart body could not be read (${(e as Error | undefined)?.message ?? String(e)}); send a complete multipart/form-data body with the fields image and mask`);
}
