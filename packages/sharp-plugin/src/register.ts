/**
 * Adding `.inpaint()` to sharp. sharp's ESM build (`import sharp from 'sharp'`) and its
 * CommonJS build (`require('sharp')`) are two different classes, so both prototypes are
 * patched: a method added through one is invisible to instances of the other.
 */
import { createRequire } from 'node:module';
import type { InpaintPool, Inpainter } from '@inpaint/core';
import sharpEsm from 'sharp';
import type { Sharp } from 'sharp';
import type { InpaintBackend } from './backend.js';
import { getDefaultBackend } from './backend.js';
import { makeInpaintMethod } from './inpaint-method.js';
import type { SharpFactory } from './sharp-internals.js';
import { assertSupportedSharp } from './sharp-internals.js';

export interface RegisterOptions {
  /** In-paint with this Inpainter (or anything with its inpaintWithReport). */
  inpainter?: Inpainter | InpaintBackend;
  /** Or with this pool (event loop stays free). */
  pool?: InpaintPool;
}

function patch(factory: SharpFactory, backend: () => Promise<InpaintBackend>): void {
  const proto = (factory as unknown as { prototype: Record<string, unknown> }).prototype;
  const create = () => (factory as unknown as () => Sharp)();
  Object.defineProperty(proto, 'inpaint', { value: makeInpaintMethod(backend, create), writable: true, configurable: true });
}

/**
 * Add `.inpaint()` to sharp, optionally with a chosen Inpainter or pool (default: one
 * Inpainter with the default model, created on first use). Both of sharp's builds are
 * patched; pass a sharp function of your own (another copy) to patch that one too.
 * Calling it again replaces the backend.
 *
 * @example
 * import sharp from 'sharp';
 * import { register } from '@inpaint/sharp';
 * import { InpaintPool } from '@inpaint/core';
 * register(sharp, { pool: await InpaintPool.create() });
 * await sharp('photo.jpg').inpaint('mask.png').toFile('fixed.jpg');
 * @throws {UnsupportedSharpError} when a sharp outside SUPPORTED_SHARP.range would be patched
 */
export function register(sharp: SharpFactory = sharpEsm as unknown as SharpFactory, options: RegisterOptions = {}): void {
  const chosen = options.pool ?? options.inpainter;
  const backend = chosen ? () => Promise.resolve(chosen as InpaintBackend) : getDefaultBackend;
  const cjs = createRequire(import.meta.url)('sharp') as SharpFactory;
  const factories = new Set([sharp, sharpEsm as unknown as SharpFactory, cjs]);
  for (const f of factories) assertSupportedSharp(f);
  for (const f of factories) patch(f, backend);
}
