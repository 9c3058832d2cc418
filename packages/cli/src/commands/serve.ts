/**
 * `inpaint serve`: start the HTTP API and the page; stop on SIGINT/SIGTERM.
 */
import { createServer } from '../serve/server.js';

/**
 * Listen until SIGINT/SIGTERM, then close (requests in progress finish) and resolve.
 * @example
 * await serve({ port: 8080, host: '127.0.0.1', maxPixels: 5e7, maxBodyMb: 200, concurrency: 2 });
 */
export async function serve(o: { port: number; host: string; model?: string; maxPixels: number; maxBodyMb: number; concurrency: number }): Promise<void> {
  const server = await createServer({ ...(o.model ? { model: o.model } : {}), maxPixels: o.maxPixels, maxBodyBytes: o.maxBodyMb * 1024 * 1024, concurrency: o.concurrency });
  const address = await server.listen({ port: o.port, host: o.host });
  process.stderr.write(`inpaint serve: ${address}/ (page), ${address}/api/inpaint (API), ${address}/openapi.json; Ctrl-C stops\n`);
  await new Promise<void>((done) => {
    const stop = () => void server.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
