// `inpaint serve` under load, on loopback only, bounded in count and time: 32 concurrent
// clients mixing good uploads, corrupt files, oversized bodies, requests without the token
// and slow uploads (a body trickled past the request timeout). Invariants: no 5xx but 503,
// every 503 carries Retry-After, every refusal is a 4xx with a JSON error (or, for a body
// that never finishes, 408 and a closed connection), good uploads succeed, memory stays
// bounded, and the server still answers afterwards. The figures (p50/p99, RSS) are logged;
// bench/serve-load.mjs records them for the README.
import test from 'ava';
import { connect } from 'node:net';
import sharp from 'sharp';
import { createServer } from '../src/serve/server.js';
import { TINY } from './helpers.js';

const W = 96, H = 64;
const TOKEN = 'load-test-token';
const pixels = Buffer.alloc(W * H * 3);
for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 251;
const png = await sharp(pixels, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
const maskRaw = Buffer.alloc(W * H);
for (let y = 20; y < 40; y++) for (let x = 30; x < 60; x++) maskRaw[y * W + x] = 255;
const maskPng = await sharp(maskRaw, { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();

function form(fields: Record<string, Buffer | string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, typeof v === 'string' ? v : new Blob([v]), typeof v === 'string' ? undefined : `${k}.bin`);
  return f;
}

type Kind = 'good' | 'corrupt' | 'oversized' | 'no-token' | 'slow';
const KINDS: Kind[] = ['good', 'good', 'corrupt', 'oversized', 'no-token', 'slow'];

interface Outcome { kind: Kind; status: number; ms: number; retryAfter: string | null; json: boolean }

/** A multipart upload whose body is sent a few bytes at a time and never finished: only the server's request timeout ends it. */
function slowUpload(port: number, seconds: number): Promise<{ status: number; retryAfter: string | null }> {
  return new Promise((resolve) => {
    const boundary = 'slowboundary';
    const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    let sent = 0;
    const stopAt = Math.floor((body.length * 2) / 3);
    const timer = setInterval(() => {
      if (sent < stopAt && !socket.destroyed) socket.write(body.subarray(sent, (sent = Math.min(stopAt, sent + 16))));
    }, (seconds * 1000) / (stopAt / 16));
    const done = () => {
      clearInterval(timer);
      const m = /^HTTP\/1\.1 (\d{3})/.exec(reply);
      resolve({ status: m ? Number(m[1]) : 0, retryAfter: /\r\nretry-after: *(\S+)/i.exec(reply)?.[1] ?? null });
    };
    socket.on('data', (c) => { reply += c.toString('latin1'); });
    socket.on('close', done);
    socket.on('error', () => undefined);
    socket.write(`POST /api/inpaint HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length}\r\n\r\n`);
    setTimeout(() => socket.destroy(), (seconds + 5) * 1000); // bounded, whatever happens
  });
}

test('32 concurrent clients: no 500, refusals are 4xx or 503 with Retry-After, slow bodies get 408, memory bounded', async (t) => {
  const app = await createServer({ model: TINY, log: () => undefined, concurrency: 2, maxQueue: 4, maxBodyBytes: 256 * 1024, requestTimeoutMs: 2000, token: TOKEN });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const port = Number(new URL(url).port);
  const oversized = Buffer.alloc(300 * 1024, 7);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const outcomes: Outcome[] = [];
  const deadline = Date.now() + 8000;
  const maxRequests = 400;
  let started = 0;
  const client = async (id: number) => {
    for (let n = 0; Date.now() < deadline && started < maxRequests; n++) {
      started++;
      const kind = KINDS[(id + n) % KINDS.length];
      const t0 = performance.now();
      if (kind === 'slow') {
        const { status, retryAfter } = await slowUpload(port, 10);
        outcomes.push({ kind, status, ms: performance.now() - t0, retryAfter, json: false });
        continue;
      }
      const fields = kind === 'corrupt' ? { image: Buffer.from('not an image at all'), mask: maskPng }
        : kind === 'oversized' ? { image: oversized, mask: maskPng } : { image: png, mask: maskPng };
      const headers: Record<string, string> = kind === 'no-token' ? {} : { Authorization: `Bearer ${TOKEN}` };
      const res = await fetch(`${url}/api/inpaint`, { method: 'POST', body: form(fields), headers }).catch(() => null);
      if (res === null) { outcomes.push({ kind, status: 0, ms: performance.now() - t0, retryAfter: null, json: false }); continue; }
      const type = res.headers.get('content-type') ?? '';
      await res.arrayBuffer();
      outcomes.push({ kind, status: res.status, ms: performance.now() - t0, retryAfter: res.headers.get('retry-after'), json: type.startsWith('application/json') });
    }
  };
  await Promise.all(Array.from({ length: 32 }, (_, i) => client(i)));
  global.gc?.();
  const rssAfter = process.memoryUsage().rss;

  const by = (k: Kind) => outcomes.filter((o) => o.kind === k);
  for (const o of outcomes) {
    t.false(o.status >= 500 && o.status !== 503, `${o.kind}: ${o.status}`);
    if (o.status === 503) t.truthy(o.retryAfter, `${o.kind}: 503 carries Retry-After`);
    if (o.kind !== 'slow' && o.status >= 400) t.true(o.json, `${o.kind} ${o.status}: a JSON error`);
  }
  t.true(by('good').some((o) => o.status === 200), 'good uploads are served');
  t.true(by('good').every((o) => o.status === 200 || o.status === 503), 'a good upload is served or told to retry');
  t.true(by('corrupt').every((o) => o.status === 400 || o.status === 503));
  t.true(by('oversized').every((o) => o.status === 413 || o.status === 503 || o.status === 0), 'oversized bodies: 413 (or the connection cut while sending)');
  t.true(by('no-token').every((o) => o.status === 401));
  t.true(by('slow').some((o) => o.status === 408) && by('slow').every((o) => o.status === 408 || o.status === 503), `slow uploads (408 past the timeout, or 503 when they arrive at a full queue): ${by('slow').map((o) => o.status).join(', ')}`);
  const good = by('good').filter((o) => o.status === 200).map((o) => o.ms).sort((a, b) => a - b);
  const pct = (p: number) => good[Math.min(good.length - 1, Math.floor(p * good.length))];
  t.log(`${outcomes.length} requests: ${['good', 'corrupt', 'oversized', 'no-token', 'slow'].map((k) => `${k} ${by(k as Kind).length}`).join(', ')}; ` +
    `statuses ${JSON.stringify(Object.fromEntries([...new Set(outcomes.map((o) => o.status))].map((s) => [s, outcomes.filter((o) => o.status === s).length])))}; ` +
    `good p50 ${pct(0.5).toFixed(0)} ms, p99 ${pct(0.99).toFixed(0)} ms; RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MiB`);
  t.true(rssAfter - rssBefore < 400 * 2 ** 20, `RSS grew by ${((rssAfter - rssBefore) / 2 ** 20).toFixed(0)} MiB`);
  const health = await fetch(`${url}/healthz`);
  t.is(health.status, 200, 'still serving');
  t.like(await health.json(), { pending: 0 });
  await app.close();
});
