/**
 * The CLI's version, from its own package.json (the one place it is written), for
 * `inpaint --version` and the server's OpenAPI document.
 */
import { createRequire } from 'node:module';

/** @inpaint/cli's version, e.g. '0.2.0'. */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
