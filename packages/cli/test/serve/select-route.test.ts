// POST /api/select with a real client (fetch) against a server on a free port, on the
// sample photos: the mask, grow / shrink, an empty selection, the limits, the token, and
// the OpenAPI document.
import test from 'ava';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { countHoles, createMask } from '@inpaint/mask-gen';
import { SegmentationCache } from '../../src/serve/select-route.js';
import { createServer } from '../../src/serve/server.js';
import { TINY } from '../helpers.js';
import { SELECTION_CASES, iou, truthMask } from './selection-truth.js';

const apps: { close(): Promise<unknown> }[] = [];
test.after.always(() => Promise.all(apps.map((a) => a.close())));

async function server(o: Parameters<typeof createServer>[0] = {}) {
  const app = await createServer({ model: TINY, log: () => undefined, concurrency: 1, ...o });
  apps.push(app);
  return app.listen({ port: 0, host: '127.0.0.1' });
}

const nose = SELECTION_CASES.nose;
const cat = readFileSync(nose.photo);

function select(url: string, fields: Record<string, Buffer | string>, headers: Record<string, string> = {}) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) if (typeof v === 'string') f.append(k, v); else f.append(k, new Blob([v]), `${k}.bin`);
  return fetch(`${url}/api/select`, { method: 'POST', body: f, headers });
}

/** The answer's pixels, and how many channels its PNG has. */
async function maskOf(res: Response) {
  const png = Buffer.from(await res.arrayBuffer());
  const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { data, info: { ...info, channels: (await sharp(png).metadata()).channels } };
}

test('the box around the cat\'s nose answers its mask: a one-channel PNG of the photo\'s size, IoU >= 0.8 with the hand-made truth; grow and shrink in pixels', async (t) => {
  const url = await server();
  const res = await select(url, { image: cat, box: JSON.stringify(nose.box) });
  t.is(res.status, 200, await res.clone().text());
  t.is(res.headers.get('content-type'), 'image/png');
  t.regex(res.headers.get('server-timing') ?? '', /^select;dur=\d/);
  const { data, info } = await maskOf(res);
  t.deepEqual([info.width, info.height, info.channels], [640, 414, 1]);
  t.true([...data].every((v) => v === 0 || v === 255), 'black and white');
  const score = iou(data, (await truthMask(nose)).data);
  t.true(score >= 0.8, `IoU ${score.toFixed(3)}`);
  const pixels = Number(res.headers.get('x-selection-pixels'));
  t.is(pixels, data.filter((v) => v === 255).length);
  const grown = Number((await select(url, { image: cat, box: JSON.stringify(nose.box), grow: '6' })).headers.get('x-selection-pixels'));
  const shrunk = Number((await select(url, { image: cat, box: JSON.stringify(nose.box), grow: '-6' })).headers.get('x-selection-pixels'));
  t.true(grown > pixels + 6 * 150 && shrunk < pixels - 6 * 100, `${shrunk} < ${pixels} < ${grown}`);
});

test('strokes reach GrabCut: the table needs its keep and remove strokes', async (t) => {
  const url = await server();
  const c = SELECTION_CASES.table;
  const photo = readFileSync(c.photo);
  const truth = (await truthMask(c)).data;
  const without = iou((await maskOf(await select(url, { image: photo, box: JSON.stringify(c.box) }))).data, truth);
  const res = await select(url, { image: photo, box: JSON.stringify(c.box), strokes: JSON.stringify(c.strokes) });
  t.is(res.status, 200);
  const withStrokes = iou((await maskOf(res)).data, truth);
  t.true(withStrokes >= 0.8 && withStrokes > without + 0.05, `IoU ${without.toFixed(3)} with the box alone, ${withStrokes.toFixed(3)} with the strokes`);
});

test('an empty selection, a bad box, a mask field, a corrupt image: 400 with a code and a message; past the pixel limit 413; no token 401', async (t) => {
  const url = await server({ maxPixels: 300_000 });
  const cases: [Record<string, Buffer | string>, number, string][] = [
    [{ image: cat, box: JSON.stringify(nose.box), grow: '-60' }, 400, 'ERR_EMPTY_SELECTION'],
    [{ image: cat, box: '[700, 10, 40, 40]' }, 400, 'ERR_EMPTY_SELECTION'],
    [{ image: cat, box: '[1, 2, 3]' }, 400, 'ERR_INVALID_PARAMETER'],
    [{ image: cat }, 400, 'ERR_INVALID_PARAMETER'],
    [{ image: cat, box: '[1, 2, 30, 30]', mask: Buffer.from('x') }, 400, 'ERR_INVALID_PARAMETER'],
    [{ image: Buffer.from('not an image'), box: '[1, 2, 30, 30]' }, 400, 'ERR_INVALID_IMAGE'],
  ];
  for (const [fields, status, code] of cases) {
    const res = await select(url, fields);
    const body = await res.json() as { error: { code: string; message: string } };
    t.is(res.status, status, JSON.stringify(body));
    t.is(body.error.code, code);
    t.true(body.error.message.length > 20);
  }
  const big = await sharp({ create: { width: 700, height: 500, channels: 3, background: '#888' } }).png().toBuffer();
  t.is((await select(url, { image: big, box: '[1, 2, 30, 30]' })).status, 413);
  const locked = await server({ token: 's3cret' });
  t.is((await select(locked, { image: cat, box: JSON.stringify(nose.box) })).status, 401);
  t.is((await select(locked, { image: cat, box: JSON.stringify(nose.box) }, { Authorization: 'Bearer s3cret' })).status, 200);
});

test('the OpenAPI document lists POST /api/select with its form and answers', async (t) => {
  const url = await server({ token: 'x' });
  const doc = await (await fetch(`${url}/openapi.json`)).json() as { paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown>; requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>> };
  const op = doc.paths['/api/select'].post;
  t.is(op.operationId, 'select');
  t.deepEqual(Object.keys(op.requestBody.content['multipart/form-data'].schema.properties), ['image', 'box', 'strokes', 'grow']);
  t.deepEqual(Object.keys(op.responses).sort(), ['200', '400', '401', '408', '413', '503']);
});

test('the segmentation cache answers a repeated ask without segmenting again, and keeps a few', async (t) => {
  const cache = new SegmentationCache();
  let made = 0;
  const make = async () => { made++; return createMask(4, 4); };
  const image = Buffer.from('photo');
  await cache.get(image, { box: [0, 0, 2, 2] }, make);
  await cache.get(image, { box: [0, 0, 2, 2] }, make);
  t.is(made, 1);
  for (let i = 1; i <= 4; i++) await cache.get(image, { box: [i, 0, 2, 2] }, make);
  t.is(countHoles(await cache.get(image, { box: [0, 0, 2, 2] }, make)), 0);
  t.is(made, 6, 'the oldest was dropped');
});
