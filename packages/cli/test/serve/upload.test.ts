import test from 'ava';
import { request } from 'node:http';
import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { InvalidParameterError } from '@inpaint/core';
import { replyWithError } from '../../src/serve/http-errors.js';
import { parseFields, readUpload } from '../../src/serve/upload.js';

/** A server whose one route reads the upload and answers what it read. */
async function echo(deadlineMs = 5000): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  await app.register(multipart);
  app.setErrorHandler((e, _req, reply) => replyWithError(reply, e));
  app.post('/', async (req, reply) => {
    const u = await readUpload(req, reply, deadlineMs, performance.now());
    return { image: [...u.image], mask: u.mask === 'alpha' ? 'alpha' : [...u.mask], fields: u.fields };
  });
  return { app, url: await app.listen({ port: 0, host: '127.0.0.1' }) };
}

const form = (fields: Record<string, Uint8Array | string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, typeof v === 'string' ? v : new Blob([v]), ...(typeof v === 'string' ? [] : [`${k}.bin`]));
  return f;
};

test('the image, the mask (a file or alpha) and the option fields, as sent', async (t) => {
  const { app, url } = await echo();
  const res = await fetch(url, { method: 'POST', body: form({ image: new Uint8Array([1, 2, 3]), mask: new Uint8Array([9]), detail: 'smooth' }) });
  t.deepEqual(await res.json(), { image: [1, 2, 3], mask: [9], fields: { detail: 'smooth' } });
  const alpha = await fetch(url, { method: 'POST', body: form({ image: new Uint8Array([4]), mask: 'alpha' }) });
  t.is(((await alpha.json()) as { mask: string }).mask, 'alpha');
  await app.close();
});

test('a missing or empty image or mask, or a third file, is a 400 naming the field', async (t) => {
  const { app, url } = await echo();
  for (const [fields, field] of [
    [{ mask: new Uint8Array([1]) }, 'image'],
    [{ image: new Uint8Array(0), mask: new Uint8Array([1]) }, 'image'],
    [{ image: new Uint8Array([1]) }, 'mask'],
    [{ image: new Uint8Array([1]), mask: new Uint8Array([1]), extra: new Uint8Array([1]) }, 'extra'],
  ] as const) {
    const res = await fetch(url, { method: 'POST', body: form(fields) });
    t.is(res.status, 400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    t.is(body.error.code, 'ERR_INVALID_PARAMETER');
    t.regex(body.error.message, new RegExp(field));
  }
  await app.close();
});

test('a body that stalls past the deadline is a 408 and its connection is closed', async (t) => {
  const { app, url } = await echo(300);
  const { port } = new URL(url);
  const status = await new Promise<number>((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: { 'content-type': 'multipart/form-data; boundary=xx' } });
    req.on('response', (r) => { r.resume(); resolve(r.statusCode ?? 0); });
    req.on('error', () => resolve(-1));
    req.write('--xx\r\nContent-Disposition: form-data; name="image"; filename="i.bin"\r\n\r\nabc'); // and nothing more
  });
  t.is(status, 408);
  await app.close();
});

test('fields are parsed by the batch options\' schemas; an empty one means the default, an unknown one is refused', (t) => {
  t.deepEqual(parseFields({ detail: 'smooth', dilate: '4', invert: 'true', feather: '' }), { detail: 'smooth', dilate: 4, invert: true });
  t.throws(() => parseFields({ dilate: '-3' }), { instanceOf: InvalidParameterError, message: /dilate/ });
  t.throws(() => parseFields({ colour: 'red' }), { instanceOf: InvalidParameterError, message: /colour/ });
});
