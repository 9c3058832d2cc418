import test from 'ava';
import { optionHelp } from '@inpaint/core';
import { addServeCommand } from '../../src/program/serve-command.js';
import { LISTEN_OPTION_SCHEMA, SERVER_OPTION_SCHEMA } from '../../src/serve/serve-options.js';
import { optionOf, parsed } from './parse.js';

test("serve's flags take their help and defaults from the one declaration, in the flags' units", (t) => {
  t.is(optionOf(addServeCommand, 'serve', '--port').description, optionHelp(LISTEN_OPTION_SCHEMA.port));
  t.is(optionOf(addServeCommand, 'serve', '--max-pixels').description, optionHelp(SERVER_OPTION_SCHEMA.maxPixels));
  t.regex(optionOf(addServeCommand, 'serve', '--max-body-mb').description, /largest request body.*in MiB \(default 200\)$/);
  t.regex(optionOf(addServeCommand, 'serve', '--request-timeout').description, /in seconds \(default 120\)$/);
  t.regex(optionOf(addServeCommand, 'serve', '--concurrency').description, /\(default 2\)$/);
});

test('absent flags stay absent (the server decides the defaults); given ones are parsed and checked by their schemas', async (t) => {
  t.deepEqual((await parsed(addServeCommand, 'serve', [])).options, {});
  const { options } = await parsed(addServeCommand, 'serve', ['-p', '0', '--host', '0.0.0.0', '--max-body-mb', '10', '--request-timeout', '30', '-c', '3', '--max-queue', '0', '--token', 't']);
  t.deepEqual(options, { port: 0, host: '0.0.0.0', maxBodyMb: 10, requestTimeout: 30, concurrency: 3, maxQueue: 0, token: 't' });
  await t.throwsAsync(parsed(addServeCommand, 'serve', ['--port', '70000']), { message: /expected an integer between 0 and 65535/ });
  await t.throwsAsync(parsed(addServeCommand, 'serve', ['--max-body-mb', '0']), { message: /expected an integer >= 1/ });
  await t.throwsAsync(parsed(addServeCommand, 'serve', ['--concurrency', '0']), { message: /between 1 and 256/ });
  t.deepEqual((await parsed(addServeCommand, 'serve', ['--plugin', './p.mjs={"value":7}'])).options, { plugin: [{ module: './p.mjs', options: { value: 7 } }] });
});
