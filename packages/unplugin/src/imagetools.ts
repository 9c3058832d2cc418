/**
 * The vite-imagetools directive: `import hero from './hero.jpg?inpaint=./hero.mask.png&format=webp&w=1200'`
 * in-paints the image before imagetools' other directives, then they apply (resize, format,
 * …). `inpaint` takes a mask path relative to the image, `alpha`, or nothing (the mask
 * beside the image, `hero.mask.png`); the options are the directives of `directives`
 * (`inpaintDilate`, `inpaintDetail`, …).
 *
 * imagetools hands a directive only its values, and keys its cache on them and the image's
 * bytes, so the extension gives imagetools two things: `defaultDirectives`, which sees the
 * image's URL, finds the mask and adds `inpaintKey` (a digest of the image's path, the
 * mask's and the model's content: editing the mask misses imagetools' cache), and
 * `extendTransforms`, which puts the in-painting first. imagetools watches only the image's
 * own file; `watchMasks`, a Vite plugin, makes the mask a watched file of the import too.
 */
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ModelFormat } from '@inpaint/core';
import { DEFAULT_MODEL_PATH, Inpainter, checkOptions, invalidParameterError, lazy } from '@inpaint/core';
import type { InputEncoding } from '@inpaint/files';
import { BATCH_OPTION_SCHEMA, encodeAs, findMaskBeside, headerBytesFor, inputEncoding } from '@inpaint/files';
import type { InpaintBackend } from '@inpaint/sharp/api';
import { inpaintSharp } from '@inpaint/sharp/api';
import type { ImageTransformation, TransformFactory } from 'imagetools-core';
import type { Sharp } from 'sharp';
import { InpaintBuildError, buildErrorOf } from './build-error.js';
import { modelDigest } from './cache.js';
import type { DirectiveOptions } from './directives.js';
import { INPAINT_DIRECTIVE, OPTION_DIRECTIVES, optionsOfDirectives } from './directives.js';

/** The directive `defaultDirectives` adds: the digest that keys imagetools' cache and names the import's image and mask. */
export const KEY_DIRECTIVE = 'inpaintKey';

/** Defaults for every import (its directives override them), and the backend. */
export interface InpaintImagetoolsOptions extends DirectiveOptions {
  /** The model. Default: the model shipped with @inpaint/core. */
  model?: string;
  /** The contract of `model`. Default: 'auto'. */
  modelFormat?: ModelFormat | 'auto';
  /** Fill with this InpaintPool or Inpainter. Default: one Inpainter of `model`, made on the first fill. */
  backend?: InpaintBackend;
}

/** A Vite plugin that makes each `?inpaint` image's mask a watched file of its module. */
export interface MaskWatcher {
  readonly name: string;
  transform(this: { addWatchFile(id: string): void }, code: string, id: string): Promise<null>;
}

/** The options to spread into `imagetools({ ... })`, and `watchMasks` for Vite's plugins. */
export interface ImagetoolsExtension {
  readonly defaultDirectives: (url: URL) => Promise<URLSearchParams>;
  readonly extendTransforms: (builtins: TransformFactory[]) => TransformFactory[];
  /** Put it in Vite's plugins too, and the dev server fills again when a mask is edited. */
  readonly watchMasks: MaskWatcher;
}

/** The mask an image's `inpaint` directive names: a path relative to the image, 'alpha', or (empty) the one beside it; null when none is there. */
async function maskOfDirective(image: string, given: string): Promise<string | null> {
  return given === '' ? findMaskBeside(image) : given === 'alpha' ? 'alpha' : resolve(dirname(image), given);
}

interface KeyedImport {
  readonly image: string;
  readonly mask: string;
}

async function readHeader(path: string, bytes: number): Promise<Buffer> {
  if (bytes === 0) return Buffer.alloc(0);
  const file = await open(path);
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(bytes), 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/**
 * The directive, to spread into vite-imagetools' options.
 * @example
 * import { imagetools } from 'vite-imagetools';
 * import { inpaintImagetools } from '@inpaint/unplugin/imagetools';
 * const inpaint = inpaintImagetools({ detail: 'smooth' });
 * const config = { plugins: [imagetools({ ...inpaint }), inpaint.watchMasks] }; // vite.config.js
 * // import hero from './hero.jpg?inpaint=./hero.mask.png&format=webp&w=1200'
 * @throws {InvalidParameterError} for bad options
 */
export function inpaintImagetools(options: InpaintImagetoolsOptions = {}): ImagetoolsExtension {
  const { model, modelFormat, backend, ...defaults } = options;
  const checked: DirectiveOptions = checkOptions(BATCH_OPTION_SCHEMA, defaults, { prefix: 'options' });
  if (backend !== undefined && typeof backend?.inpaintWithReport !== 'function') throw invalidParameterError('options.backend', 'an InpaintPool or an Inpainter', backend);
  const own = lazy(() => Inpainter.create({ model, modelFormat }), (i) => i.dispose());
  const fillWith = (): Promise<InpaintBackend> => (backend ? Promise.resolve(backend) : own.get());
  const keyed = new Map<string, KeyedImport>();

  async function defaultDirectives(url: URL): Promise<URLSearchParams> {
    const given = url.searchParams.get(INPAINT_DIRECTIVE);
    if (given === null) return new URLSearchParams();
    const image = decodeURIComponent(url.pathname);
    const mask = await maskOfDirective(image, given);
    const site = { importer: undefined, image, mask: mask ?? undefined };
    if (mask === null) throw new InpaintBuildError(site, 'no mask pairs with this image', 'put its mask beside it (<name>.mask.png), name one with ?inpaint=./<mask>.png, or use ?inpaint=alpha');
    try {
      const h = createHash('sha256').update(image).update('\0').update(await modelDigest(model ?? DEFAULT_MODEL_PATH)).update('\0');
      h.update(mask === 'alpha' ? 'alpha' : await readFile(mask));
      const key = h.digest('hex').slice(0, 32);
      keyed.set(key, { image, mask });
      return new URLSearchParams({ [KEY_DIRECTIVE]: key });
    } catch (e) {
      throw buildErrorOf(e, site);
    }
  }

  const inpaintDirective: TransformFactory = (config, ctx) => {
    if (config[INPAINT_DIRECTIVE] === undefined) return undefined;
    ctx.useParam(INPAINT_DIRECTIVE);
    const key = config[KEY_DIRECTIVE];
    const found = key === undefined ? undefined : keyed.get(key);
    if (found === undefined) throw invalidParameterError(INPAINT_DIRECTIVE, 'vite-imagetools set up with the whole extension: imagetools({ ...inpaintImagetools() }) (its defaultDirectives finds the mask)', config[INPAINT_DIRECTIVE]);
    const directives = Object.entries(config).filter(([k]) => OPTION_DIRECTIVES.has(k));
    for (const [k] of directives) ctx.useParam(k);
    const o = { ...checked, ...optionsOfDirectives(directives as [string, string][]) };
    const transform: ImageTransformation = async (_state, image: Sharp) => {
      try {
        const meta = await image.metadata();
        const encoding: InputEncoding = inputEncoding(meta, await readHeader(found.image, headerBytesFor(meta.format)));
        // keep the input's format and lossless-ness; imagetools' `format` directive, applied after, overrides it
        return encodeAs(await inpaintSharp(image, found.mask, { ...o, backend: await fillWith() }), encoding);
      } catch (e) {
        throw buildErrorOf(e, { importer: undefined, image: found.image, mask: found.mask });
      }
    };
    return transform;
  };

  return {
    defaultDirectives,
    extendTransforms: (builtins) => [inpaintDirective, ...builtins],
    watchMasks: {
      name: 'inpaint-imagetools-masks',
      async transform(_code, id) {
        const at = id.indexOf('?');
        const given = at < 0 ? null : new URLSearchParams(id.slice(at + 1)).get(INPAINT_DIRECTIVE);
        if (given === null) return null;
        const mask = await maskOfDirective(id.slice(0, at), given);
        if (mask !== null && mask !== 'alpha') this.addWatchFile(mask);
        return null;
      },
    },
  };
}
