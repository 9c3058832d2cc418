/**
 * `inpaint serve`: start the HTTP API and the page; stop on SIGINT/SIGTERM.
 */
import type { ModelFormat } from '@inpaint/core';
import { createServer } from '../serve/server.js';

/**
 * Listen until SIGINT/SIGTERM, then close (requests in progress finish) and resolve.
 * @example
 * await serve({ port: 8080, host: '127.0.0.1', maxPixels: 5e7, maxBodyMb: 200, concurrency: 2, requestTimeout: 120 });
 */
export interface ServeCommandOptions {
  port: number;
  host: string;
  model?: string;
  modelFormat?: ModelFormat | 'auto';
  maxPixels: number;
  maxBodyMb: number;
  concurrency: number;
  maxQueue?: number;
  requestTimeout: number;
  token?: string;
}

/** Whether a host name or address only reaches this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export async function serve(o: ServeCommandOptions): Promise<void> {
  const token = o.token ?? (process.env.INPAINT_TOKEN || undefined);
  if (!token && !isLoopback(o.host)) {
    process.stderr.write(`inpaint serve: warning: listening on ${o.host} without a token, so anyone who reaches this machine can use the API; pass --token (or set INPAINT_TOKEN)\n`);
  }
  const server = await createServer({
    ...(o.model ? { model: o.model } : {}), modelFormat: o.modelFormat, maxPixels: o.maxPixels, maxBodyBytes: o.maxBodyMb * 1024 * 1024, concurrency: o.concurrency,
    ...(o.maxQueue !== undefined ? { maxQueue: o.maxQueue } : {}), requestTimeoutMs: o.requestTimeout * 1000, ...(token ? { token } : {}),
  });
  const address = await server.listen({ port: o.port, host: o.host });
  process.stderr.write(`inpaint serve: ${address}/ (page), ${address}/api/inpaint (API), ${address}/openapi.json; Ctrl-C stops\n`);
  await new Promise<void>((done) => {
    const stop = () => void server.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
