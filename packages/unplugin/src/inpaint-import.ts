/**
 * One `?inpaint` import, from its id to its output bytes: the mask (named by the import,
 * paired from the `masks` folder, or found beside the image), the cache key of everything
 * that decides the output, the cache, and on a miss @inpaint/files' file road (inpaintFile:
 * decode once, in-paint through the backend, encode in the input's format and
 * lossless-ness, or `format=`), bounded by the build's limit.
 */
import { readFile } from 'node:fs/promises';
import { parse, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_MODEL_PATH } from '@inpaint/core';
import type { MaskFinder } from '@inpaint/files';
import { findMaskBeside, inpaintFile, writtenFormat } from '@inpaint/files';
import type { InpaintBackend } from '@inpaint/sharp/api';
import sharp from 'sharp';
import type { ImportSite } from './build-error.js';
import { InpaintBuildError, buildErrorOf } from './build-error.js';
import type { OutputCache } from './cache.js';
import { cacheKey, modelDigest } from './cache.js';
import type { ImportRecord } from './import-record.js';
import type { InpaintImport } from './inpaint-id.js';
import type { UnpluginSettings } from './options.js';

/** What a build shares between its imports. */
export interface BuildContext {
  readonly settings: UnpluginSettings;
  /** The bundler's root: `masks` pairs images by their path relative to it. */
  readonly root: string;
  readonly cache: OutputCache;
  /** The masks folder's finder, when `masks` is set. */
  readonly finder: Promise<MaskFinder> | undefined;
  /** The build's backend (its pool, made on the first fill). */
  readonly backend: () => Promise<InpaintBackend>;
  /** Runs a fill when the build's bound allows (the pool's size). */
  readonly limit: <T>(fill: () => Promise<T>) => Promise<T>;
}

/** An import's output. */
export interface ImportOutput {
  readonly data: Buffer;
  readonly format: string;
  readonly record: ImportRecord;
}

async function readInput(path: string, site: ImportSite, role: 'image' | 'mask'): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InpaintBuildError(site, missing ? `the ${role} ${path} does not exist` : `the ${role} ${path} cannot be read (${(e as Error).message})`,
      role === 'mask' ? 'fix the path after ?inpaint= (relative to the image), or put the mask beside the image as <name>.mask.png' : 'fix the import path', { cause: e });
  }
}

async function maskOf(request: InpaintImport, ctx: BuildContext): Promise<string | null> {
  if (request.mask !== undefined) return request.mask;
  if (ctx.finder !== undefined) return (await ctx.finder).find(request.image, relative(ctx.root, request.image));
  return findMaskBeside(request.image);
}

/**
 * In-paint one import, or take its output from the cache.
 * @example
 * const { data, format, record } = await inpaintImport(inpaintImportOf('/app/hero.jpg?inpaint')!, '/app/main.js', ctx);
 * record.cached; // false the first time, true after
 * @throws {InpaintBuildError} naming the importer, the image and the mask
 */
export async function inpaintImport(request: InpaintImport, importer: string | undefined, ctx: BuildContext): Promise<ImportOutput> {
  const started = performance.now();
  const { image } = request;
  const mask = await maskOf(request, ctx);
  const site: ImportSite = { importer, image, mask: mask ?? undefined };
  if (mask === null) {
    const where = ctx.settings.masks === undefined ? `beside it (${parse(image).name}.mask.png)` : `in ${ctx.settings.masks}`;
    throw new InpaintBuildError(site, 'no mask pairs with this image', `put its mask ${where}, name one with ?inpaint=./<mask>.png, or use ?inpaint=alpha`);
  }
  const o = { ...ctx.settings.files, ...request.options, format: request.format ?? ctx.settings.files.format };
  const [imageBytes, maskBytes, model] = await Promise.all([
    readInput(image, site, 'image'),
    mask === 'alpha' ? Promise.resolve('alpha' as const) : readInput(mask, site, 'mask'),
    modelDigest(o.model ?? DEFAULT_MODEL_PATH).catch((e: unknown) => {
      throw new InpaintBuildError(site, `the model ${o.model ?? DEFAULT_MODEL_PATH} cannot be read (${(e as Error).message})`, 'fix the `model` option', { cause: e });
    }),
  ]);
  const key = cacheKey({ image: imageBytes, mask: maskBytes, model, settings: o });
  const record = (data: Buffer, format: string, cached: boolean): ImportOutput => ({
    data,
    format,
    record: { importer, image, mask, format, cached, ms: performance.now() - started, bytes: data.byteLength },
  });
  const hit = await ctx.cache.get(key);
  if (hit !== undefined) return record(hit, writtenFormat(String((await sharp(hit).metadata()).format)), true);
  try {
    const { data, format } = await ctx.limit(async () => inpaintFile(imageBytes, mask, o, await ctx.backend(), image));
    await ctx.cache.set(key, data);
    return record(data, format, false);
  } catch (e) {
    throw buildErrorOf(e, site);
  }
}
