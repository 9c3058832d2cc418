/**
 * Where Redis is, and a clear error when it cannot be reached (ioredis would otherwise
 * retry forever, and a worker or `enqueue` would hang with no word).
 */
import { InpaintError } from '@inpaint/core';
import { Redis } from 'ioredis';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/** The environment variable read when no URL is given. */
export const REDIS_URL_ENV = 'INPAINT_REDIS_URL';

/** Redis cannot be reached (or answered with an error) at the given URL. */
export class RedisUnavailableError extends InpaintError {
  readonly url: string;
  constructor(url: string, reason: string) {
    super('ERR_REDIS_UNAVAILABLE', `cannot reach Redis at ${url} (${reason}); start redis-server there, or pass --redis URL / set ${REDIS_URL_ENV}`);
    this.url = url;
  }
}

/**
 * The Redis URL: the given one, else $INPAINT_REDIS_URL, else redis://127.0.0.1:6379.
 * @example
 * redisUrl(); // 'redis://127.0.0.1:6379' unless INPAINT_REDIS_URL is set
 */
export function redisUrl(given?: string): string {
  return given ?? process.env[REDIS_URL_ENV] ?? DEFAULT_REDIS_URL;
}

/**
 * Connect once, without retries, and PING: resolves when Redis answers, rejects with a
 * RedisUnavailableError otherwise (within about `timeoutMs`).
 * @example
 * await assertRedisReachable('redis://127.0.0.1:6379');
 */
export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  let client: Redis;
  try {
    client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  } catch (e) {
    throw new RedisUnavailableError(url, (e as Error).message);
  }
  client.on('error', () => undefined); // reported through connect()/ping() below
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw new RedisUnavailableError(url, (e as Error).message || String(e));
  } finally {
    client.disconnect();
  }
}

/**
 * A connection for BullMQ (workers need `maxRetriesPerRequest: null`). Errors after the
 * first connection are logged by the caller's 'error' handler, not thrown.
 */
export function connect(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}
