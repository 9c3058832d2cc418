import test from 'ava';
import { isLoopback, serverOptionsOf } from '../../src/commands/serve.js';

test("the flags' units become the server's: MiB to bytes, seconds to ms; port and host are not the server's", (t) => {
  const o = serverOptionsOf({ port: 9000, host: '0.0.0.0', maxBodyMb: 10, requestTimeout: 30, concurrency: 3, maxPixels: 1000 }, {});
  t.deepEqual(o, { concurrency: 3, maxPixels: 1000, maxBodyBytes: 10 * 1024 * 1024, requestTimeoutMs: 30_000, token: undefined });
  t.is(serverOptionsOf({}, {}).maxBodyBytes, undefined, 'absent: the server takes its declared default');
});

test('the token: --token, else $INPAINT_TOKEN, else none (an empty variable is none)', (t) => {
  t.is(serverOptionsOf({ token: 'flag' }, { INPAINT_TOKEN: 'env' }).token, 'flag');
  t.is(serverOptionsOf({}, { INPAINT_TOKEN: 'env' }).token, 'env');
  t.is(serverOptionsOf({}, { INPAINT_TOKEN: '' }).token, undefined);
});

test('loopback hosts only reach this machine', (t) => {
  for (const h of ['127.0.0.1', '127.9.9.9', 'localhost', '::1']) t.true(isLoopback(h), h);
  for (const h of ['0.0.0.0', '10.0.0.1', '::']) t.false(isLoopback(h), h);
});
