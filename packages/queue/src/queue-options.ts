/**
 * The queue's options, declared once as option schemas (type, default, description): where
 * Redis is and which queue. openQueue and startWorker check them and take their defaults
 * from here; the CLI's --redis and --queue flags take their help from here.
 */
import { Schema, checkOptions, defaultsOf } from '@inpaint/core';
import type { OptionsOf } from '@inpaint/core';
import { DEFAULT_REDIS_URL, REDIS_URL_ENV, redisUrl } from './connection.js';

/** Where the batch queue lives. */
export const QUEUE_OPTION_SCHEMA = {
  redis: Schema.String({ minLength: 1, description: `Redis URL (default: $${REDIS_URL_ENV}, else ${DEFAULT_REDIS_URL})`, expected: 'a Redis URL (redis://host:port)' }),
  queue: Schema.String({ minLength: 1, default: 'inpaint', description: 'queue name' }),
};

/** Options of openQueue, startWorker and the queue commands: see QUEUE_OPTION_SCHEMA. */
export type QueueOptions = OptionsOf<typeof QUEUE_OPTION_SCHEMA>;

/** The queue name used when none is given. */
export const DEFAULT_QUEUE = defaultsOf(QUEUE_OPTION_SCHEMA).queue as string;

/** Where a queue is, every option decided. */
export interface QueueLocation {
  /** The Redis URL. */
  readonly url: string;
  /** The queue's name. */
  readonly name: string;
}

/**
 * Check the queue options (InvalidParameterError naming the bad one) and fill in the
 * defaults: the Redis URL from the option, then $INPAINT_REDIS_URL, then the default.
 * Other keys (a worker's, a command's) are left alone.
 * @example
 * queueLocation({}); // { url: 'redis://127.0.0.1:6379', name: 'inpaint' } unless INPAINT_REDIS_URL is set
 */
export function queueLocation(o: QueueOptions = {}): QueueLocation {
  checkOptions(QUEUE_OPTION_SCHEMA, o, { unknownKeys: 'ignore' });
  return { url: redisUrl(o.redis), name: o.queue ?? DEFAULT_QUEUE };
}
