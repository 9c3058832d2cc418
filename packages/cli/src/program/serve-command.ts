/**
 * `inpaint serve`: its flags, every one from serve-options.ts' schemas (the body limit in
 * MiB and the timeout in seconds, derived from the server's bytes and milliseconds).
 */
import type { Command } from 'commander';
import type { ServeCommandOptions } from '../commands/serve.js';
import { serve } from '../commands/serve.js';
import { schemaFlag } from '../option-flags.js';
import { LISTEN_OPTION_SCHEMA, SERVER_OPTION_SCHEMA, SERVE_FLAG_UNITS, inFlagUnit } from '../serve/serve-options.js';
import { EXIT } from './exit.js';
import type { SetExit } from './exit.js';
import { modelFlag, modelFormatFlag, pluginFlag } from './shared-flags.js';
import type { PluginSpec } from '@inpaint/core';

/**
 * Add `serve`.
 * @example
 * addServeCommand(new Command('inpaint'), (code) => { process.exitCode = code; });
 */
export function addServeCommand(program: Command, setExit: SetExit): Command {
  const s = SERVER_OPTION_SCHEMA, l = LISTEN_OPTION_SCHEMA;
  return program.command('serve')
    .description('a local HTTP API (POST /api/inpaint, /openapi.json) and a page to paint masks in the browser')
    .addOption(schemaFlag('-p, --port <n>', 'port', l.port))
    .addOption(schemaFlag('--host <host>', 'host', l.host))
    .addOption(modelFlag())
    .addOption(modelFormatFlag())
    .addOption(pluginFlag())
    .addOption(schemaFlag('--max-pixels <n>', 'maxPixels', s.maxPixels))
    .addOption(schemaFlag('--max-body-mb <n>', 'maxBodyMb', inFlagUnit(s.maxBodyBytes, SERVE_FLAG_UNITS.maxBodyBytes)))
    .addOption(schemaFlag('-c, --concurrency <n>', 'concurrency', s.concurrency))
    .addOption(schemaFlag('--max-queue <n>', 'maxQueue', s.maxQueue))
    .addOption(schemaFlag('--request-timeout <s>', 'requestTimeout', inFlagUnit(s.requestTimeoutMs, SERVE_FLAG_UNITS.requestTimeoutMs)))
    .addOption(schemaFlag('--token <token>', 'token', s.token, { help: 'require Authorization: Bearer <token> on /api/* (default: $INPAINT_TOKEN; without one, a warning when --host is not loopback)' }))
    .action(async ({ plugin: plugins, ...f }: ServeCommandOptions & { plugin?: PluginSpec[] }) => {
      await serve({ ...f, plugins });
      setExit(EXIT.ok);
    });
}
