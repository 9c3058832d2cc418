/**
 * `inpaint serve`: a local HTTP API and the mask-painting page, on Fastify (with its
 * multipart plugin) over core's InpaintPool.
 *
 *   GET  /              the page (assets from this package's web/ folder; no CDN)
 *   POST /api/inpaint   multipart: image, mask (file, or the text 'alpha'), and any batch option (format, detail, dilate, …)
 *   POST /api/select    multipart: image, box [x, y, w, h], optional strokes and grow: the object's mask (GrabCut; select-route.ts)
 *   GET  /healthz       { ok, model, pending }
 *   GET  /openapi.json  the API description
 *
 * Errors are JSON `{ "error": { "code", "message" } }` (http-errors.ts): 400 for bad input,
 * 413 past the pixel or body limit, 503 when the queue is full; one log line per request.
 * The options and their defaults are serve-options.ts'; the upload is read by upload.ts.
 */
import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import { InpaintPool } from '@inpaint/core';
import { extensionFor, inpaintEncoded, mimeFor } from '@inpaint/files';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import sharp from 'sharp';
import { HttpError, replyWithError, sendError } from './http-errors.js';
import { HEALTH_ROUTE_SCHEMA, OPENAPI_ROUTE_SCHEMA, PAGE_ROUTE_SCHEMA, inpaintRouteSchema, openApiDocument, selectRouteSchema } from './openapi.js';
import { selectHandler } from './select-route.js';
import type { Selector } from './selector.js';
import { createSelector } from './selector.js';
import type { ServeOptions, ServerSettings } from './serve-options.js';
import { serverSettings } from './serve-options.js';
import { parseFields, readUpload } from './upload.js';

export type { ServeOptions } from './serve-options.js';

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
const ASSETS: Record<string, string> = { 'index.html': 'text/html; charset=utf-8', 'app.js': 'text/javascript; charset=utf-8', 'app.css': 'text/css; charset=utf-8' };
/** Multipart limits besides the body's: the two files and a few short option fields. */
const FORM_LIMITS = { files: 2, fields: 20, fieldSize: 64 * 1024 };

/** When a request came in (performance.now()), for its log line and its body's deadline. */
const arrival = new WeakMap<FastifyRequest, number>();

/** What the routes share: the pool, the settings, the requests in progress. */
interface ServerState {
  readonly pool: InpaintPool;
  /** Object selections, on a thread of their own. */
  readonly selector: Selector;
  readonly settings: ServerSettings;
  readonly onUpload: ServeOptions['onUpload'];
  inFlight: number;
}

/** Fastify with the body limits, the request timeout, multipart and the OpenAPI generator. */
async function fastifyFor(s: ServerSettings): Promise<FastifyInstance> {
  // Node checks request timeouts every connectionsCheckingInterval (30 s by default): check often enough to keep the limit
  const connectionsCheckingInterval = Math.max(100, Math.min(1000, s.requestTimeoutMs / 4));
  const app = Fastify({ logger: false, bodyLimit: s.maxBodyBytes, requestTimeout: s.requestTimeoutMs, http: { connectionsCheckingInterval } });
  await app.register(multipart, { limits: { ...FORM_LIMITS, fileSize: s.maxBodyBytes } });
  await app.register(swagger, { openapi: openApiDocument({ token: s.token !== undefined }) });
  // the route schemas document the API (/openapi.json); the multipart form is checked field by
  // field against the same option schemas (parseFields), and replies are plain JSON
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  return app;
}

/** A request without the token gets 401 on /api/*; the page and health stay open. */
function requireToken(app: FastifyInstance, token: string): void {
  const expected = Buffer.from(`Bearer ${token}`);
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      reply.header('WWW-Authenticate', 'Bearer');
      throw new HttpError(401, 'ERR_UNAUTHORIZED', 'this server needs its token: send the header Authorization: Bearer <token> (the --token or INPAINT_TOKEN it was started with)');
    }
  });
}

/** Timing, the token, one log line per request, the pool disposed on close, errors in one shape. */
function addHooks(app: FastifyInstance, state: ServerState, log: (line: string) => void): void {
  app.addHook('onRequest', async (req) => { arrival.set(req, performance.now()); });
  if (state.settings.token !== undefined) requireToken(app, state.settings.token);
  app.addHook('onResponse', async (req, reply) => {
    const ms = performance.now() - (arrival.get(req) ?? performance.now());
    log(`${new Date().toISOString()} ${req.method} ${req.url} ${reply.statusCode} ${ms.toFixed(0)} ms`);
  });
  app.addHook('onClose', async () => { await Promise.all([state.pool.dispose(), state.selector.close()]); });
  app.setErrorHandler((e, _req, reply) => replyWithError(reply, e));
  app.setNotFoundHandler((req, reply) => sendError(reply, 404, 'ERR_NOT_FOUND', `no route ${req.method} ${req.url}`));
}

/** 413 before any work when the image (all its frames) has more pixels than the server accepts. */
async function checkPixels(image: Buffer, maxPixels: number): Promise<void> {
  const meta = await sharp(image).metadata().catch(() => null);
  const frames = meta?.pages ?? 1;
  if (meta?.width && meta.height && meta.width * meta.height * frames > maxPixels) {
    throw new HttpError(413, 'ERR_TOO_MANY_PIXELS', `the image has ${meta.width}x${meta.height}${frames > 1 ? `x${frames} frames` : ''} pixels, more than this server accepts (--max-pixels ${maxPixels})`);
  }
}

/** POST /api/inpaint: 503 past the queue, else read, check, in-paint and answer with the image. */
function inpaintHandler(state: ServerState) {
  const { settings } = state;
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.isMultipart()) throw new HttpError(400, 'ERR_BAD_REQUEST', 'send multipart/form-data with the fields image and mask');
    if (state.inFlight >= settings.concurrency + settings.maxQueue) {
      reply.header('Retry-After', '1');
      throw new HttpError(503, 'ERR_BUSY', `the server is busy (${state.inFlight} requests in progress); retry shortly`);
    }
    state.inFlight++;
    try {
      const upload = await readUpload(req, reply, settings.requestTimeoutMs, arrival.get(req) ?? performance.now());
      const options = parseFields(upload.fields);
      state.onUpload?.(upload);
      await checkPixels(upload.image, settings.maxPixels);
      const t0 = performance.now();
      const { data, format, report } = await inpaintEncoded(upload.image, upload.mask, options, state.pool, 'upload');
      const ms = performance.now() - t0;
      return reply
        .type(mimeFor(format))
        .header('Server-Timing', `inpaint;dur=${ms.toFixed(1)}`)
        .header('X-Inpaint-Ms', ms.toFixed(1))
        .header('X-Inpaint-Strategy', report?.strategy ?? 'none')
        .header('X-Inpaint-Warnings', encodeURIComponent([...upload.warnings, ...(report?.warnings ?? [])].join('; ')))
        .header('Content-Disposition', `inline; filename="inpainted${extensionFor(format) ?? ''}"`)
        .send(data);
    } finally {
      state.inFlight--;
    }
  };
}

/** The page and its assets, health, the document, the API. */
function addRoutes(app: FastifyInstance, state: ServerState): void {
  const asset = (name: string) => async (_req: unknown, reply: FastifyReply) => reply.type(ASSETS[name]).send(await readFile(`${WEB}${name}`));
  app.get('/', { schema: PAGE_ROUTE_SCHEMA }, asset('index.html'));
  for (const name of Object.keys(ASSETS)) app.get(`/${name}`, { schema: { hide: true } }, asset(name));
  app.get('/healthz', { schema: HEALTH_ROUTE_SCHEMA }, async () => ({ ok: true, model: state.pool.model.version, pending: state.inFlight }));
  app.get('/openapi.json', { schema: OPENAPI_ROUTE_SCHEMA }, async () => app.swagger());
  const { maxPixels, maxBodyBytes, token } = state.settings;
  app.post('/api/inpaint', { schema: inpaintRouteSchema({ maxPixels, maxBody: maxBodyBytes, token: token !== undefined }) }, inpaintHandler(state));
  app.post('/api/select', { schema: selectRouteSchema({ maxPixels, maxBody: maxBodyBytes, token: token !== undefined }) }, selectHandler(state, checkPixels, (req) => arrival.get(req) ?? performance.now()));
}

/**
 * Build the server (not listening yet): `await server.listen({ port, host })`, and
 * `await server.close()` to stop it (the pool is disposed with it). A plugin module that
 * cannot be used fails it here (PluginError), before it listens.
 * @example
 * const server = await createServer({ concurrency: 2 });
 * await server.listen({ port: 8080, host: '127.0.0.1' });
 * @throws {InvalidParameterError} for a bad option; PluginError for a plugin module that cannot be used
 */
export async function createServer(o: ServeOptions = {}): Promise<FastifyInstance> {
  const settings = serverSettings(o);
  const pool = await InpaintPool.create({ size: settings.concurrency, maxQueue: settings.maxQueue, model: settings.model, modelFormat: settings.modelFormat, plugins: settings.plugins });
  const state: ServerState = { pool, selector: createSelector(), settings, onUpload: o.onUpload, inFlight: 0 };
  const app = await fastifyFor(settings);
  addHooks(app, state, o.log ?? ((l: string) => process.stderr.write(`${l}\n`)));
  addRoutes(app, state);
  return app;
}
