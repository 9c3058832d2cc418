/**
 * `inpaint serve`: start the HTTP API and the page; stop on SIGINT/SIGTERM. Its flags are
 * serve-options.ts' schemas (MiB and seconds where the server speaks bytes and ms).
 */
import type { OptionsOf } from '@inpaint/core';
import { createServer } from '../serve/server.js';
import type { LISTEN_OPTION_SCHEMA, ServeOptions } from '../serve/serve-options.js';
import { SERVE_FLAG_UNITS, fromFlagUnit, listenAddress } from '../serve/serve-options.js';

/** The flags of `inpaint serve`: the server's options (the body limit in MiB, the timeout in seconds) and where to listen. */
export type ServeCommandOptions = Omit<ServeOptions, 'maxBodyBytes' | 'requestTimeoutMs' | 'log' | 'onUpload'> & OptionsOf<typeof LISTEN_OPTION_SCHEMA> & {
  /** The largest request body, in MiB. */
  maxBodyMb?: number;
  /** Seconds a client may take to send its whole request. */
  requestTimeout?: number;
};

/** Whether a host name or address only reaches this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The server's options from the flags: the units converted, the token from $INPAINT_TOKEN
 * when no --token is given.
 * @example
 * serverOptionsOf({ maxBodyMb: 10, requestTimeout: 30 }); // { maxBodyBytes: 10485760, requestTimeoutMs: 30000, … }
 */
export function serverOptionsOf(o: ServeCommandOptions, env: NodeJS.ProcessEnv = process.env): ServeOptions {
  const { port: _port, host: _host, maxBodyMb, requestTimeout, token, ...server } = o;
  return {
    ...server,
    maxBodyBytes: fromFlagUnit(maxBodyMb, SERVE_FLAG_UNITS.maxBodyBytes),
    requestTimeoutMs: fromFlagUnit(requestTimeout, SERVE_FLAG_UNITS.requestTimeoutMs),
    token: token ?? (env.INPAINT_TOKEN || undefined),
  };
}

/**
 * Listen until SIGINT/SIGTERM, then close (requests in progress finish) and resolve.
 * @example
 * await serve({ port: 8080, host: '127.0.0.1', maxPixels: 5e7, maxBodyMb: 200, concurrency: 2, requestTimeout: 120 });
 */
export async function serve(o: ServeCommandOptions): Promise<void> {
  const { port, host } = listenAddress(o);
  const options = serverOptionsOf(o);
  if (!options.token && !isLoopback(host)) {
    process.stderr.write(`inpaint serve: warning: listening on ${host} without a token, so anyone who reaches this machine can use the API; pass --token (or set INPAINT_TOKEN)\n`);
  }
  const server = await createServer(options);
  const address = await server.listen({ port, host });
  process.stderr.write(`inpaint serve: ${address}/ (page), ${address}/api/inpaint (API), ${address}/openapi.json; Ctrl-C stops\n`);
  await new Promise<void>((done) => {
    const stop = () => void server.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
