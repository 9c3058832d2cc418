import test from 'ava';
import { RedisUnavailableError, assertRedisReachable, redisUrl } from '../src/connection.js';
import { openQueue } from '../src/queue.js';
import { freePort, startRedis } from './helpers.js';

test('the Redis URL comes from the argument, then $INPAINT_REDIS_URL, then the default; an unreachable Redis is a clear error', async (t) => {
  const saved = process.env.INPAINT_REDIS_URL;
  delete process.env.INPAINT_REDIS_URL;
  t.is(redisUrl(), 'redis://127.0.0.1:6379');
  process.env.INPAINT_REDIS_URL = 'redis://10.1.2.3:7000';
  t.is(redisUrl(), 'redis://10.1.2.3:7000');
  t.is(redisUrl('redis://x:1'), 'redis://x:1');
  if (saved === undefined) delete process.env.INPAINT_REDIS_URL; else process.env.INPAINT_REDIS_URL = saved;
  const nobody = `redis://127.0.0.1:${await freePort()}`;
  const e = await t.throwsAsync(assertRedisReachable(nobody), { instanceOf: RedisUnavailableError });
  t.is(e.code, 'ERR_REDIS_UNAVAILABLE');
  t.regex(e.message, new RegExp(`cannot reach Redis at ${nobody}.*--redis URL`));
  await t.throwsAsync(openQueue({ redis: nobody }), { instanceOf: RedisUnavailableError });
});

test('a reachable Redis passes the check', async (t) => {
  const redis = await startRedis();
  try {
    await t.notThrowsAsync(assertRedisReachable(redis.url));
  } finally {
    await redis.stop();
  }
});
