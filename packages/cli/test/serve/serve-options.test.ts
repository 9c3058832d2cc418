import test from 'ava';
import { InvalidParameterError } from '@inpaint/core';
import { LISTEN_OPTION_SCHEMA, SERVER_OPTION_SCHEMA, SERVE_FLAG_UNITS, fromFlagUnit, inFlagUnit, listenAddress, serverSettings } from '../../src/serve/serve-options.js';

test('every default of the server comes from its declaration; the queue defaults to twice the concurrency', (t) => {
  const s = serverSettings();
  t.is(s.maxPixels, SERVER_OPTION_SCHEMA.maxPixels.default);
  t.is(s.maxBodyBytes, 200 * 1024 * 1024);
  t.is(s.concurrency, 2);
  t.is(s.maxQueue, 4);
  t.is(s.requestTimeoutMs, 120_000);
  t.is(s.token, undefined);
  t.is(serverSettings({ concurrency: 5 }).maxQueue, 10);
  t.is(serverSettings({ concurrency: 5, maxQueue: 0 }).maxQueue, 0, 'a given 0 is kept');
});

test('a bad server option is a typed error naming it; log and onUpload are not options', (t) => {
  for (const [name, value] of [['concurrency', 0], ['maxPixels', 1.5], ['maxQueue', -1], ['requestTimeoutMs', 0], ['token', ''], ['modelFormat', 'pth']] as const) {
    const e = t.throws(() => serverSettings({ [name]: value }), { instanceOf: InvalidParameterError }, name);
    t.regex(e.message, new RegExp(name));
  }
  t.notThrows(() => serverSettings({ log: () => undefined }));
});

test('where to listen: 127.0.0.1:8080 unless told, port in 0..65535', (t) => {
  t.deepEqual(listenAddress(), { port: 8080, host: '127.0.0.1' });
  t.deepEqual(listenAddress({ port: 0, host: '0.0.0.0' }), { port: 0, host: '0.0.0.0' });
  t.throws(() => listenAddress({ port: 70_000 }), { instanceOf: InvalidParameterError, message: /port/ });
  t.is(LISTEN_OPTION_SCHEMA.port.maximum, 65_535);
});

test("a flag's schema in its unit: range and default divided, the unit named; its value multiplied back", (t) => {
  const mib = inFlagUnit(SERVER_OPTION_SCHEMA.maxBodyBytes, SERVE_FLAG_UNITS.maxBodyBytes) as { default?: number; minimum?: number; description?: string; 'x-unit'?: string };
  t.is(mib.default, 200);
  t.is(mib.minimum, 1);
  t.is(mib['x-unit'], 'MiB');
  t.regex(mib.description ?? '', /largest request body.*, in MiB$/);
  const seconds = inFlagUnit(SERVER_OPTION_SCHEMA.requestTimeoutMs, SERVE_FLAG_UNITS.requestTimeoutMs) as { default?: number };
  t.is(seconds.default, 120);
  t.is(fromFlagUnit(200, SERVE_FLAG_UNITS.maxBodyBytes), SERVER_OPTION_SCHEMA.maxBodyBytes.default);
  t.is(fromFlagUnit(undefined, SERVE_FLAG_UNITS.requestTimeoutMs), undefined, 'absent stays absent: the default applies');
});
