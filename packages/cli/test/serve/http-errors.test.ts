import test from 'ava';
import Fastify from 'fastify';
import { InvalidImageError, ModelCorruptError, invalidParameterError } from '@inpaint/core';
import { HttpError, malformedBody, replyWithError, sendError } from '../../src/serve/http-errors.js';

/** A server whose one route throws the given error through the error handler. */
async function answerTo(e: unknown): Promise<{ status: number; body: { error: { code: string; message: string } } }> {
  const app = Fastify();
  app.setErrorHandler((err, _req, reply) => replyWithError(reply, err));
  app.get('/', async () => { throw e; });
  const res = await app.inject('/');
  await app.close();
  return { status: res.statusCode, body: res.json() };
}

test('each error leaves with its status and code, in one JSON shape', async (t) => {
  t.deepEqual((await answerTo(new HttpError(503, 'ERR_BUSY', 'busy'))), { status: 503, body: { error: { code: 'ERR_BUSY', message: 'busy' } } });
  t.is((await answerTo(invalidParameterError('dilate', 'a number', -1))).status, 400, 'bad input is the caller\'s: 400');
  t.is((await answerTo(new InvalidImageError('not an image'))).body.error.code, 'ERR_INVALID_IMAGE');
  t.is((await answerTo(new ModelCorruptError('broken model'))).status, 500, 'the server\'s own trouble: 500');
  const tooLarge = await answerTo(Object.assign(new Error('too large'), { code: 'FST_REQ_FILE_TOO_LARGE' }));
  t.deepEqual([tooLarge.status, tooLarge.body.error.code], [413, 'ERR_BODY_TOO_LARGE']);
  t.deepEqual((await answerTo(Object.assign(new Error('bad json'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY' }))).body.error.code, 'ERR_BAD_REQUEST');
  t.deepEqual((await answerTo(new Error('boom'))).body, { error: { code: 'ERR_INTERNAL', message: 'boom' } });
});

test('sendError writes the shape with the status', async (t) => {
  const app = Fastify();
  app.get('/', async (_req, reply) => sendError(reply, 404, 'ERR_NOT_FOUND', 'no such thing'));
  const res = await app.inject('/');
  t.is(res.statusCode, 404);
  t.is(res.headers['content-type'], 'application/json; charset=utf-8');
  t.deepEqual(res.json(), { error: { code: 'ERR_NOT_FOUND', message: 'no such thing' } });
  await app.close();
});

test("a multipart parser's own error is the client's (400 ERR_BAD_MULTIPART); typed and Fastify errors keep theirs", (t) => {
  const bad = malformedBody(new Error('Unexpected end of form'));
  t.true(bad instanceof HttpError);
  t.is((bad as HttpError).status, 400);
  t.is((bad as HttpError).code, 'ERR_BAD_MULTIPART');
  t.regex((bad as HttpError).message, /Unexpected end of form/);
  const typed = invalidParameterError('image', 'an image', 'nothing');
  t.is(malformedBody(typed), typed);
  const fastify = Object.assign(new Error('limit'), { code: 'FST_FILES_LIMIT' });
  t.is(malformedBody(fastify), fastify);
});
