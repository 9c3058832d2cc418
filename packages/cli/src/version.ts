/**
 * The CLI's version and licence, from its own package.json (the one place they are
 * written), for `inpaint --version` and the server's OpenAPI document.
 */
import { createRequire } from 'node:module';

const manifest = createRequire(import.meta.url)('../package.json') as { version: string; license: string };

/** @inpaint/cli's version, e.g. '0.2.0'. */
export const VERSION: string = manifest.version;
/** @inpaint/cli's licence, as an SPDX identifier, e.g. 'MIT'. */
export const LICENSE: string = manifest.license;
