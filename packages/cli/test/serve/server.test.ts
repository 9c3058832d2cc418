// The HTTP API with a real client (fetch) against a server on a free port.
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request } from 'node:http';
import sharp from 'sharp';
import { DETAILS, InvalidParameterError, MASK_OPTION_SCHEMA, PluginError } from '@inpaint/core';
import { BATCH_OPTION_SCHEMA } from '@inpaint/files';
import { createServer } from '../../src/serve/server.js';
import { TINY, cli } from '../helpers.js';

const W = 96, H = 64;
const pixels = Buffer.from(new Uint8Array(W * H * 3).map((_, i) => (i * 37 + (i >> 7) * 11) % 256));
const png = await sharp(pixels, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
const holeMask = Buffer.alloc(W * H);
for (let y = 20; y < 40; y++) holeMask.fill(255, y * W + 30, y * W + 60);
const maskPng = await sharp(holeMask, { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();

const apps: { close(): Promise<unknown> }[] = [];
test.after.always(() => Promise.all(apps.map((a) => a.close())));

async function server(o: Parameters<typeof createServer>[0] = {}) {
  const lines: string[] = [];
  const app = await createServer({ model: TINY, log: (l) => lines.push(l), ...o });
  apps.push(app);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url, lines };
}

function form(fields: Record<string, Buffer | string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') f.append(k, v);
    else f.append(k, new Blob([v]), `${k}.bin`);
  }
  return f;
}

const post = (url: string, fields: Record<string, Buffer | string>) => fetch(`${url}/api/inpaint`, { method: 'POST', body: form(fields) });

async function exactOutside(t: ExecutionContext, out: Buffer, mask = holeMask) {
  const a = await sharp(png).raw().toBuffer();
  const b = await sharp(out).removeAlpha().raw().toBuffer();
  t.is(b.length, a.length);
  let inside = 0;
  for (let p = 0; p < W * H; p++) {
    const same = a[p * 3] === b[p * 3] && a[p * 3 + 1] === b[p * 3 + 1] && a[p * 3 + 2] === b[p * 3 + 2];
    if (mask[p]) inside += same ? 0 : 1;
    else if (!same) { t.fail(`pixel ${p} outside the hole changed`); return; }
  }
  t.true(inside > 0, 'the hole was filled');
}

test('POST /api/inpaint: the image back in its format, exact outside holes; format, invert and alpha work; headers carry the timing', async (t) => {
  const { app, url } = await server();
  const res = await post(url, { image: png, mask: maskPng });
  t.is(res.status, 200);
  t.is(res.headers.get('content-type'), 'image/png');
  t.regex(res.headers.get('server-timing') ?? '', /^inpaint;dur=\d+(\.\d+)?$/);
  t.true(['crop', 'resize', 'full'].includes(res.headers.get('x-inpaint-strategy') ?? 'none'), 'the strategy core chose, never auto or none');
  await exactOutside(t, Buffer.from(await res.arrayBuffer()));
  const webp = await post(url, { image: png, mask: maskPng, format: 'webp' });
  t.is(webp.headers.get('content-type'), 'image/webp');
  const inverted = await sharp(Buffer.from(holeMask.map((v) => 255 - v)), { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();
  await exactOutside(t, Buffer.from(await (await post(url, { image: png, mask: inverted, invert: 'true' })).arrayBuffer()));
  const rgba = Buffer.alloc(W * H * 4);
  for (let p = 0; p < W * H; p++) { pixels.copy(rgba, p * 4, p * 3, p * 3 + 3); rgba[p * 4 + 3] = holeMask[p] ? 0 : 255; }
  const withAlpha = await sharp(rgba, { raw: { width: W, height: H, channels: 4 } }).png().toBuffer();
  const viaAlpha = await post(url, { image: withAlpha, mask: 'alpha' });
  t.is(viaAlpha.status, 200);
  await exactOutside(t, Buffer.from(await viaAlpha.arrayBuffer()));
  // detail: 'smooth' is the network's fill alone, the default 'auto' differs inside the hole only
  const smooth = Buffer.from(await (await post(url, { image: png, mask: maskPng, detail: 'smooth' })).arrayBuffer());
  await exactOutside(t, smooth);
  t.notDeepEqual(await sharp(smooth).raw().toBuffer(), await sharp(Buffer.from(await (await post(url, { image: png, mask: maskPng })).arrayBuffer())).raw().toBuffer());
  const badDetail = await post(url, { image: png, mask: maskPng, detail: 'sharp' });
  t.is(badDetail.status, 400);
  t.regex(((await badDetail.json()) as { error: { message: string } }).error.message, /detail/);
  const empty = await post(url, { image: png, mask: await sharp(Buffer.alloc(W * H), { raw: { width: W, height: H, channels: 1 } }).png().toBuffer() });
  t.regex(decodeURIComponent(empty.headers.get('x-inpaint-warnings') ?? ''), /marks no hole/);
  await app.close();
});

test('errors are JSON with their status: 400 bad input, 413 past the limits, 404; the server keeps serving', async (t) => {
  const { app, url, lines } = await server({ maxPixels: W * H - 1 + 100_000 });
  const expect = async (res: Response, status: number, code: string) => {
    t.is(res.status, status, code);
    t.is(res.headers.get('content-type'), 'application/json; charset=utf-8');
    const body = await res.json() as { error: { code: string; message: string } };
    t.is(body.error.code, code);
    t.true(body.error.message.length > 10);
  };
  await expect(await post(url, { image: Buffer.from('not an image'), mask: maskPng }), 400, 'ERR_INVALID_IMAGE');
  await expect(await post(url, { image: png, mask: Buffer.from('not a png') }), 400, 'ERR_INVALID_MASK');
  await expect(await post(url, { image: png, mask: await sharp(maskPng).resize(W / 2).png().toBuffer() }), 400, 'ERR_MASK_MISMATCH');
  await expect(await post(url, { image: png }), 400, 'ERR_INVALID_PARAMETER');
  await expect(await post(url, { image: png, mask: maskPng, format: 'bmp' }), 400, 'ERR_INVALID_PARAMETER');
  await expect(await post(url, { image: png, mask: maskPng, dilate: '-3' }), 400, 'ERR_INVALID_PARAMETER');
  await expect(await post(url, { image: png, mask: maskPng, colour: 'red' }), 400, 'ERR_INVALID_PARAMETER');
  await expect(await fetch(`${url}/api/inpaint`, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } }), 400, 'ERR_BAD_REQUEST');
  // malformed multipart: a body cut off inside the image part, and one whose boundary never comes
  const whole = Buffer.from(await new Response(form({ image: png, mask: maskPng })).arrayBuffer());
  const boundary = /^--(\S+)/.exec(whole.toString('latin1'))![1];
  const multipart = (body: Buffer) => fetch(`${url}/api/inpaint`, { method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  await expect(await multipart(whole.subarray(0, Math.floor(whole.length / 3))), 400, 'ERR_BAD_MULTIPART');
  await expect(await multipart(Buffer.from('no boundary in here at all')), 400, 'ERR_BAD_MULTIPART');
  const big = await sharp({ create: { width: 500, height: 400, channels: 3, background: '#345' } }).png().toBuffer();
  await expect(await post(url, { image: big, mask: big }), 413, 'ERR_TOO_MANY_PIXELS');
  await expect(await fetch(`${url}/nope`), 404, 'ERR_NOT_FOUND');
  t.is((await fetch(`${url}/healthz`)).status, 200, 'still serving');
  await app.close(); // the log line is written after the response: count once all are done
  t.is(lines.length, 13, `one log line per request (10 × 400, 413, 404, healthz):\n${lines.join('\n')}`);
  t.regex(lines[0], /POST \/api\/inpaint 400 \d+ ms$/);
  const small = await server({ maxBodyBytes: 4096 });
  await expect(await post(small.url, { image: Buffer.alloc(10_000, 1), mask: maskPng }), 413, 'ERR_BODY_TOO_LARGE');
  await small.app.close();
});

test('concurrent requests all come back exact; past the queue the server answers 503', async (t) => {
  const { app, url } = await server({ concurrency: 2 });
  const all = await Promise.all(Array.from({ length: 4 }, () => post(url, { image: png, mask: maskPng })));
  for (const r of all) {
    t.is(r.status, 200);
    await exactOutside(t, Buffer.from(await r.arrayBuffer()));
  }
  await app.close();
  // one slot and no queue: hold one request open mid-upload, the next is refused
  const busy = await server({ concurrency: 1, maxQueue: 0 });
  const { port } = new URL(busy.url);
  const boundary = 'holdholdhold';
  const held = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/inpaint', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  const heldResponse = new Promise<number>((resolve) => held.on('response', (r) => { r.resume(); resolve(r.statusCode ?? 0); }));
  held.write(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="i.png"\r\nContent-Type: image/png\r\n\r\n`);
  held.write(png);
  let pending = 0;
  for (let i = 0; i < 200 && pending === 0; i++) pending = ((await (await fetch(`${busy.url}/healthz`)).json()) as { pending: number }).pending;
  t.is(pending, 1, 'the held request is in progress');
  const refused = await post(busy.url, { image: png, mask: maskPng });
  t.is(refused.status, 503);
  t.is(refused.headers.get('retry-after'), '1');
  t.is(((await refused.json()) as { error: { code: string } }).error.code, 'ERR_BUSY');
  held.end(Buffer.concat([Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="mask"; filename="m.png"\r\nContent-Type: image/png\r\n\r\n`), maskPng, Buffer.from(`\r\n--${boundary}--\r\n`)]));
  t.is(await heldResponse, 200, 'the held request completes');
  t.is((await post(busy.url, { image: png, mask: maskPng })).status, 200, 'and the slot is free again');
  await busy.app.close();
});

test('GET / serves the page and its assets; /openapi.json describes the API', async (t) => {
  const { app, url } = await server();
  const page = await fetch(url);
  t.is(page.headers.get('content-type'), 'text/html; charset=utf-8');
  const html = await page.text();
  t.regex(html, /<script type="module" src="app.js">/);
  t.notRegex(html, /https?:\/\//, 'no CDN');
  t.is((await fetch(`${url}/app.js`)).headers.get('content-type'), 'text/javascript; charset=utf-8');
  t.is((await fetch(`${url}/app.css`)).status, 200);
  type Form = { required: string[]; properties: Record<string, { maximum?: number; enum?: string[] }> };
  const doc = await (await fetch(`${url}/openapi.json`)).json() as { openapi: string; paths: Record<string, { post?: { responses: Record<string, unknown>; requestBody: { content: Record<string, { schema: Form }> } } }> };
  t.is(doc.openapi, '3.1.0');
  t.deepEqual(Object.keys(doc.paths).sort(), ['/', '/api/inpaint', '/api/select', '/healthz', '/openapi.json'], 'the page assets are left out');
  const post = doc.paths['/api/inpaint'].post!;
  t.deepEqual(Object.keys(post.responses).sort(), ['200', '400', '408', '413', '503'], 'no 401 without a token');
  // generated from the option schemas: the fields are the batch options, with their ranges
  const form = post.requestBody.content['multipart/form-data'].schema;
  t.deepEqual(form.required.sort(), ['image']);
  t.deepEqual(Object.keys(form.properties).sort(), ['boxes', 'image', 'mask', ...Object.keys(BATCH_OPTION_SCHEMA)].sort());
  t.is(form.properties.dilate.maximum, MASK_OPTION_SCHEMA.dilate.maximum);
  t.deepEqual(form.properties.detail.enum, [...DETAILS]);
  await app.close();
});

test('the warning for a server without a token is for non-loopback hosts only', async (t) => {
  const { isLoopback } = await import('../../src/commands/serve.js');
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1']) t.true(isLoopback(h), h);
  for (const h of ['0.0.0.0', '::', '192.168.1.10', 'example.org']) t.false(isLoopback(h), h);
});

test('a token protects the API (401 with WWW-Authenticate without it) and leaves the page and health open', async (t) => {
  const { app, url } = await server({ token: 'sesame' });
  const denied = await post(url, { image: png, mask: maskPng });
  t.is(denied.status, 401);
  t.is(denied.headers.get('www-authenticate'), 'Bearer');
  t.is(((await denied.json()) as { error: { code: string } }).error.code, 'ERR_UNAUTHORIZED');
  const wrong = await fetch(`${url}/api/inpaint`, { method: 'POST', body: form({ image: png, mask: maskPng }), headers: { Authorization: 'Bearer sesamX' } });
  t.is(wrong.status, 401);
  const ok = await fetch(`${url}/api/inpaint`, { method: 'POST', body: form({ image: png, mask: maskPng }), headers: { Authorization: 'Bearer sesame' } });
  t.is(ok.status, 200);
  t.is((await fetch(`${url}/`)).status, 200);
  t.is((await fetch(`${url}/healthz`)).status, 200);
  await app.close();
});

test('inpaint serve with a model file users bring (MI-GAN\'s raw signature): its fill, exact outside', async (t) => {
  const { ADAPTER_MODELS, FILL_RGB } = await import('@inpaint/test-fixtures');
  const { app, url } = await server({ model: ADAPTER_MODELS.migan });
  const res = await post(url, { image: png, mask: maskPng, detail: 'smooth' });
  t.is(res.status, 200);
  const out = Buffer.from(await res.arrayBuffer());
  await exactOutside(t, out);
  const px = await sharp(out).removeAlpha().raw().toBuffer();
  let fill = 0, holes = 0;
  for (let p = 0; p < W * H; p++) if (holeMask[p]) { holes++; if ([0, 1, 2].every((c) => Math.abs(px[p * 3 + c] - FILL_RGB[c]) <= 1)) fill++; }
  t.true(fill >= 0.97 * holes, `${fill} of ${holes}`);
  await app.close();
});

test("the version comes from the CLI's package.json: inpaint --version and the OpenAPI document", async (t) => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const { app, url } = await server();
  const doc = await (await fetch(`${url}/openapi.json`)).json() as { info: { version: string } };
  t.is(doc.info.version, version);
  await app.close();
  const r = await cli(['--version']);
  t.is(r.stdout.trim(), version);
});

test("plugins by module reach the server's pool: a user plugin's value in the holes, exact outside; one that cannot be used fails createServer and `inpaint serve` before listening", async (t) => {
  const paintHoles = fileURLToPath(new URL('../../../core/test/fixtures/paint-holes-plugin.mjs', import.meta.url));
  const { app, url } = await server({ concurrency: 1, plugins: [{ module: paintHoles, options: { value: 9 } }] });
  const res = await post(url, { image: png, mask: maskPng, detail: 'smooth' });
  t.is(res.status, 200);
  const out = Buffer.from(await res.arrayBuffer());
  await exactOutside(t, out);
  const px = await sharp(out).removeAlpha().raw().toBuffer();
  const holes = new Set<number>();
  for (let p = 0; p < W * H; p++) if (holeMask[p]) for (let c = 0; c < 3; c++) holes.add(px[p * 3 + c]);
  t.deepEqual([...holes], [9], "every hole sample is the plugin's");
  await app.close();
  const missing = await t.throwsAsync(createServer({ model: TINY, concurrency: 1, plugins: [{ module: './no/such-plugin.mjs' }] }), { instanceOf: PluginError });
  t.is(missing.parameter, 'plugins[0]');
  t.regex(missing.message, /cannot be imported/);
  await t.throwsAsync(createServer({ model: TINY, plugins: [{ modul: paintHoles }] as never }), { instanceOf: InvalidParameterError, message: /Expected a list of \{ module, options\? \}.* for plugins/ });
  const cmd = await cli(['serve', '--port', '0', '--model', TINY, '--plugin', './no/such-plugin.mjs']);
  t.is(cmd.code, 2);
  t.regex(cmd.stderr, /plugins\[0\]: the plugin module '.*no\/such-plugin\.mjs' cannot be imported/);
});

test('POST /api/inpaint with boxes instead of a mask: the boxes are the holes (dilate grows them); a bad boxes field is a 400 naming it', async (t) => {
  const seen: (Buffer | 'alpha')[] = [];
  const { url } = await server({ onUpload: (u) => { seen.push(u.mask); } });
  const res = await post(url, { image: png, boxes: '[[30, 20, 30, 20]]' });
  t.is(res.status, 200, await res.clone().text());
  await exactOutside(t, Buffer.from(await res.arrayBuffer()));
  const drawn = await sharp(seen[0] as Buffer).extractChannel(0).raw().toBuffer();
  t.deepEqual([...drawn].map((v) => (v ? 255 : 0)), [...holeMask], 'the drawn mask is the box');
  const grown = await post(url, { image: png, boxes: '[[30, 20, 30, 20]]', dilate: '2' });
  t.is(grown.status, 200);
  const bad = await post(url, { image: png, boxes: '[[30, 20, 30]]' });
  t.is(bad.status, 400);
  t.regex(((await bad.json()) as { error: { message: string } }).error.message, /the field boxes, entry 0: expected a box \[x, y, w, h\]/);
  t.is(res.headers.get('x-inpaint-warnings'), '', 'a box inside the image: no warning');
  const across = await post(url, { image: png, boxes: `[[${W - 10}, 20, 30, 20]]` });
  t.is(across.status, 200);
  t.regex(decodeURIComponent(across.headers.get('x-inpaint-warnings') ?? ''), new RegExp(`the field boxes: box 1 \\(${W - 10},20 to ${W + 20},40\\) reaches outside the ${W}x${H} image; clipped to it`));
  for (const [boxes, said] of [['[]', /an empty list/], [`[[${W + 5}, 0, 10, 10]]`, /a box that selects no pixel of it \(the field boxes: box 1 .* lies outside/]] as const) {
    const empty = await post(url, { image: png, boxes });
    t.is(empty.status, 400, boxes);
    const { error } = (await empty.json()) as { error: { code: string; message: string } };
    t.is(error.code, 'ERR_INVALID_PARAMETER');
    t.regex(error.message, said);
    t.regex(error.message, new RegExp(`at least one box \\[x, y, w, h\\] that overlaps the ${W}x${H} image`));
  }
});
