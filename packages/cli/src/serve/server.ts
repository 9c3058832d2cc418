/**
 * `inpaint serve`: a local HTTP API and the mask-painting page, on Fastify (with its
 * multipart plugin) over core's InpaintPool.
 *
 *   GET  /              the page (assets from this package's web/ folder; no CDN)
 *   POST /api/inpaint   multipart: image, mask (file, or the text 'alpha'), and any batch option (format, detail, dilate, …)
 *   GET  /healthz       { ok, model, pending }
 *   GET  /openapi.json  the API description
 *
 * Errors are JSON `{ "error": { "code", "message" } }`: 400 for bad input, 413 past the
 * pixel or body limit, 503 when the queue is full; one log line per request.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import { InpaintError, InpaintPool, invalidParameterError, parseOptionText } from '@inpaint/core';
import type { ModelFormat } from '@inpaint/core';
import type { BatchOptions } from '@inpaint/files';
import { BATCH_OPTION_SCHEMA, extensionFor, inpaintEncoded, mimeFor } from '@inpaint/files';
import { timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply } from 'fastify';
import sharp from 'sharp';
import { HEALTH_ROUTE_SCHEMA, OPENAPI_INFO, OPENAPI_ROUTE_SCHEMA, PAGE_ROUTE_SCHEMA, inpaintRouteSchema } from './openapi.js';

export interface ServeOptions {
  /** ONNX model (default: the one shipped with @inpaint/core). */
  model?: string;
  /** The model file's contract when detection should not decide. Default 'auto'. */
  modelFormat?: ModelFormat | 'auto';
  /** Largest image accepted, in pixels (413 beyond). Default 50 000 000. */
  maxPixels?: number;
  /** Largest request body, in bytes (413 beyond). Default 200 MiB. */
  maxBodyBytes?: number;
  /** Images in-painted at once (pool workers). Default 2. */
  concurrency?: number;
  /** Requests that may wait beyond those (503 with Retry-After past it). Default 2 × concurrency. */
  maxQueue?: number;
  /**
   * Most milliseconds a client may take to send its whole request (slow or stalled uploads
   * get 408 and the connection closed). Default 120 000.
   */
  requestTimeoutMs?: number;
  /** Bearer token required on /api/* (401 without it). Default: none (any client on the interface may call). */
  token?: string;
  /** One line per request; default: to stderr. */
  log?: (line: string) => void;
  /** Observe each upload that is about to be in-painted (audit logging, tests). */
  onUpload?: (upload: { readonly image: Buffer; readonly mask: Buffer | 'alpha'; readonly fields: Readonly<Record<string, string>> }) => void;
}

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
const ASSETS: Record<string, string> = { 'index.html': 'text/html; charset=utf-8', 'app.js': 'text/javascript; charset=utf-8', 'app.css': 'text/css; charset=utf-8' };
/** Input errors (400): the caller sent something unusable. */
const BAD_INPUT = new Set(['ERR_INVALID_IMAGE', 'ERR_INVALID_MASK', 'ERR_MASK_MISMATCH', 'ERR_INVALID_PARAMETER']);

/** An error with its HTTP status, answered as JSON. */
class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

function send(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).type('application/json').send({ error: { code, message } });
}

function fail(reply: FastifyReply, e: unknown): FastifyReply {
  if (e instanceof HttpError) return send(reply, e.status, e.code, e.message);
  if (e instanceof InpaintError) return send(reply, BAD_INPUT.has(e.code) ? 400 : 500, e.code, e.message);
  const code = (e as { code?: unknown })?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, 413, 'ERR_BODY_TOO_LARGE', 'the request body is larger than the server accepts (--max-body-mb)');
  if (typeof code === 'string' && code.startsWith('FST_')) return send(reply, 400, 'ERR_BAD_REQUEST', (e as Error).message);
  return send(reply, 500, 'ERR_INTERNAL', (e as Error)?.message ?? String(e));
}

/**
 * An error while reading the multipart body: ours and fastify's keep their meaning; the
 * parser's own (a truncated body, a broken part header, a missing boundary) are the
 * client's fault, a 400, never a 500.
 */
function malformedBody(e: unknown): unknown {
  const code = (e as { code?: unknown })?.code;
  if (e instanceof HttpError || e instanceof InpaintError || (typeof code === 'string' && code.startsWith('FST_'))) return e;
  return new HttpError(400, 'ERR_BAD_MULTIPART', `the multipart body could not be read (${(e as Error)?.message ?? String(e)}); send a complete multipart/form-data body with the fields image and mask`);
}

interface Upload {
  image?: Buffer;
  mask?: Buffer | 'alpha';
  fields: Record<string, string>;
}

/**
 * The form fields as options: each field is one of the batch options, parsed and checked by
 * its schema (the one the OpenAPI document shows); an empty field means its default.
 */
function parseFields(f: Record<string, string>): BatchOptions {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    const schema = Object.hasOwn(BATCH_OPTION_SCHEMA, k) ? BATCH_OPTION_SCHEMA[k as keyof typeof BATCH_OPTION_SCHEMA] : undefined;
    if (!schema) throw invalidParameterError(k, `one of the fields image, mask, ${Object.keys(BATCH_OPTION_SCHEMA).join(', ')}`, 'an unknown field');
    if (v !== '') out[k] = parseOptionText(k, schema, v);
  }
  return out as BatchOptions;
}

/**
 * Build the server (not listening yet): `await server.listen({ port, host })`, and
 * `await server.close()` to stop it (the pool is disposed with it).
 * @example
 * const server = await createServer({ concurrency: 2 });
 * await server.listen({ port: 8080, host: '127.0.0.1' });
 */
export async function createServer(o: ServeOptions = {}): Promise<FastifyInstance> {
  const maxPixels = o.maxPixels ?? 50_000_000;
  const maxBody = o.maxBodyBytes ?? 200 * 1024 * 1024;
  const concurrency = o.concurrency ?? 2;
  const maxQueue = o.maxQueue ?? 2 * concurrency;
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const pool = await InpaintPool.create({ size: concurrency, maxQueue, ...(o.model ? { model: o.model } : {}), modelFormat: o.modelFormat });
  const requestTimeout = o.requestTimeoutMs ?? 120_000;
  // Node checks request timeouts every connectionsCheckingInterval (30 s by default): check often enough to keep the limit
  const app = Fastify({ logger: false, bodyLimit: maxBody, requestTimeout, http: { connectionsCheckingInterval: Math.max(100, Math.min(1000, requestTimeout / 4)) } });
  await app.register(multipart, { limits: { fileSize: maxBody, files: 2, fields: 20, fieldSize: 64 * 1024 } });
  await app.register(swagger, { openapi: OPENAPI_INFO });
  // the route schemas document the API (/openapi.json); the multipart form is checked field by
  // field against the same option schemas (parseFields), and replies are plain JSON
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  let inFlight = 0;

  app.addHook('onRequest', async (req) => { (req as unknown as { t0: number }).t0 = performance.now(); });
  if (o.token) {
    const expected = Buffer.from(`Bearer ${o.token}`);
    app.addHook('onRequest', async (req, reply) => {
      if (!req.url.startsWith('/api/')) return;
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        reply.header('WWW-Authenticate', 'Bearer');
        throw new HttpError(401, 'ERR_UNAUTHORIZED', 'this server needs its token: send the header Authorization: Bearer <token> (the --token or INPAINT_TOKEN it was started with)');
      }
    });
  }
  app.addHook('onResponse', async (req, reply) => {
    const ms = performance.now() - (req as unknown as { t0: number }).t0;
    log(`${new Date().toISOString()} ${req.method} ${req.url} ${reply.statusCode} ${ms.toFixed(0)} ms`);
  });
  app.addHook('onClose', async () => { await pool.dispose(); });
  app.setErrorHandler((e, _req, reply) => fail(reply, e));
  app.setNotFoundHandler((req, reply) => send(reply, 404, 'ERR_NOT_FOUND', `no route ${req.method} ${req.url}`));

  const asset = (name: string) => async (_req: unknown, reply: FastifyReply) => reply.type(ASSETS[name]).send(await readFile(`${WEB}${name}`));
  app.get('/', { schema: PAGE_ROUTE_SCHEMA }, asset('index.html'));
  for (const name of Object.keys(ASSETS)) app.get(`/${name}`, { schema: { hide: true } }, asset(name));
  app.get('/healthz', { schema: HEALTH_ROUTE_SCHEMA }, async () => ({ ok: true, model: pool.model.version, pending: inFlight }));
  app.get('/openapi.json', { schema: OPENAPI_ROUTE_SCHEMA }, async () => app.swagger());

  app.post('/api/inpaint', { schema: inpaintRouteSchema({ maxPixels, maxBody, token: Boolean(o.token) }) }, async (req, reply) => {
    if (!req.isMultipart()) throw new HttpError(400, 'ERR_BAD_REQUEST', 'send multipart/form-data with the fields image and mask');
    if (inFlight >= concurrency + maxQueue) {
      reply.header('Retry-After', '1');
      throw new HttpError(503, 'ERR_BUSY', `the server is busy (${inFlight} requests in progress); retry shortly`);
    }
    inFlight++;
    try {
      const upload: Upload = { fields: {} };
      const readAll = async () => {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            const data = await part.toBuffer();
            if (part.fieldname === 'image') upload.image = data;
            else if (part.fieldname === 'mask') upload.mask = data;
            else throw invalidParameterError(part.fieldname, 'a file field named image or mask', 'another file field');
          } else if (part.fieldname === 'mask' && String(part.value) === 'alpha') {
            upload.mask = 'alpha';
          } else {
            upload.fields[part.fieldname] = String(part.value);
          }
        }
      };
      // the whole body within the request timeout (counted from the request's start): a slow or
      // stalled upload would otherwise hold a queue slot for as long as it likes
      const started = (req as unknown as { t0: number }).t0;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HttpError(408, 'ERR_REQUEST_TIMEOUT',
          `the request body did not arrive within ${requestTimeout / 1000} s; send it faster or in one piece`)), Math.max(0, requestTimeout - (performance.now() - started)));
      });
      const reading = readAll();
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
      if (!upload.image || upload.image.length === 0) throw invalidParameterError('image', 'an image file in the multipart field image', upload.image ? 'an empty file' : 'nothing');
      if (upload.mask === undefined || (upload.mask !== 'alpha' && upload.mask.length === 0)) throw invalidParameterError('mask', "a mask file in the multipart field mask (white = hole), or the text 'alpha'", upload.mask === undefined ? 'nothing' : 'an empty file');
      const options = parseFields(upload.fields);
      o.onUpload?.({ image: upload.image, mask: upload.mask, fields: upload.fields });
      const meta = await sharp(upload.image).metadata().catch(() => null);
      if (meta?.width && meta.height && meta.width * meta.height * (meta.pages ?? 1) > maxPixels) {
        throw new HttpError(413, 'ERR_TOO_MANY_PIXELS', `the image has ${meta.width}x${meta.height}${(meta.pages ?? 1) > 1 ? `x${meta.pages} frames` : ''} pixels, more than this server accepts (--max-pixels ${maxPixels})`);
      }
      const t0 = performance.now();
      const { data, format, report } = await inpaintEncoded(upload.image, upload.mask, options, pool, 'upload');
      const ms = performance.now() - t0;
      return reply
        .type(mimeFor(format))
        .header('Server-Timing', `inpaint;dur=${ms.toFixed(1)}`)
        .header('X-Inpaint-Ms', ms.toFixed(1))
        .header('X-Inpaint-Strategy', report?.strategy ?? 'none')
        .header('X-Inpaint-Warnings', encodeURIComponent((report?.warnings ?? []).join('; ')))
        .header('Content-Disposition', `inline; filename="inpainted${extensionFor(format) ?? ''}"`)
        .send(data);
    } finally {
      inFlight--;
    }
  });
  return app;
}
