import test from 'ava';
import { InvalidParameterError } from '@inpaint/core';
import { DEFAULT_QUEUE, QUEUE_OPTION_SCHEMA, queueLocation } from '../src/queue-options.js';

test('the queue name and Redis URL come from the options, then the declared defaults', (t) => {
  const saved = process.env.INPAINT_REDIS_URL;
  delete process.env.INPAINT_REDIS_URL;
  try {
    t.deepEqual(queueLocation(), { url: 'redis://127.0.0.1:6379', name: 'inpaint' });
    t.is(DEFAULT_QUEUE, QUEUE_OPTION_SCHEMA.queue.default);
    t.deepEqual(queueLocation({ redis: 'redis://10.0.0.5:6379', queue: 'photos' }), { url: 'redis://10.0.0.5:6379', name: 'photos' });
    process.env.INPAINT_REDIS_URL = 'redis://10.1.2.3:7000';
    t.is(queueLocation({}).url, 'redis://10.1.2.3:7000');
  } finally {
    if (saved === undefined) delete process.env.INPAINT_REDIS_URL; else process.env.INPAINT_REDIS_URL = saved;
  }
});

test('a bad queue option is a typed error naming it; other keys are left to their owners', (t) => {
  const e = t.throws(() => queueLocation({ queue: '' }), { instanceOf: InvalidParameterError });
  t.regex(e.message, /queue/);
  t.throws(() => queueLocation({ redis: 6379 as unknown as string }), { instanceOf: InvalidParameterError, message: /redis/ });
  t.notThrows(() => queueLocation({ concurrency: 2 } as Parameters<typeof queueLocation>[0]));
});
