/**
 * @inpaint/core — skeleton; its issue fills it.
 */
import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** This package's name and version, read from its package.json. */
export const packageInfo: { readonly name: string; readonly version: string } = Object.freeze({ name: pkg.name, version: pkg.version });
