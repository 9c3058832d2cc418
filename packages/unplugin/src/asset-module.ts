/**
 * An output becomes an asset of the build and the import a module whose default export is
 * its URL, in each bundler's own way: Vite's `__VITE_ASSET__` reference (base and
 * assetFileNames apply), Rollup's `import.meta.ROLLUP_FILE_URL_`, webpack's and Rspack's
 * `__webpack_public_path__` before a content-hashed name, esbuild's `publicPath` (or a path
 * relative to the output folder). Vite's dev server gets a data URL: no file is emitted there.
 */
import { createHash } from 'node:crypto';
import { parse } from 'node:path';
import { extensionFor, mimeFor } from '@inpaint/files';
import type { UnpluginBuildContext } from 'unplugin';

/** Where the asset goes. */
export interface AssetTarget {
  /** unplugin's name of the bundler. */
  readonly framework: string;
  /** Vite's dev server (no emitted files). */
  readonly serve: boolean;
  /** esbuild's publicPath, when set. */
  readonly publicPath: string | undefined;
}

/**
 * The content-hashed file name of an output: `assets/hero-1a2b3c4d.webp`.
 * @example
 * hashedName('/app/src/hero.jpg', 'webp', bytes); // 'assets/hero-1a2b3c4d.webp'
 */
export function hashedName(image: string, format: string, data: Uint8Array): string {
  const hash = createHash('sha256').update(data).digest('hex').slice(0, 8);
  return `assets/${parse(image).name}-${hash}${extensionFor(format) ?? `.${format}`}`;
}

/**
 * Emit the output as an asset and return the import's module code.
 * @example
 * const code = assetModule(pluginContext, { framework: 'webpack', serve: false, publicPath: undefined }, '/app/hero.jpg', bytes, 'jpeg');
 * // 'export default __webpack_public_path__ + "assets/hero-1a2b3c4d.jpg";'
 */
export function assetModule(ctx: UnpluginBuildContext, target: AssetTarget, image: string, data: Buffer, format: string): string {
  const { name } = parse(image);
  const ext = extensionFor(format) ?? `.${format}`;
  if (target.serve) return `export default ${JSON.stringify(`data:${mimeFor(format)};base64,${data.toString('base64')}`)};`;
  if (target.framework === 'vite' || target.framework === 'rollup' || target.framework === 'rolldown') {
    // Rollup's emitFile returns the asset's reference id (unplugin's type says void)
    const ref = (ctx.emitFile as (file: Parameters<UnpluginBuildContext['emitFile']>[0]) => unknown)({ type: 'asset', name: `${name}${ext}`, source: data });
    if (typeof ref !== 'string') throw new Error(`@inpaint/unplugin: ${target.framework} gave no reference for the asset of ${image}`);
    return target.framework === 'vite' ? `export default "__VITE_ASSET__${ref}__";` : `export default import.meta.ROLLUP_FILE_URL_${ref};`;
  }
  const fileName = hashedName(image, format, data);
  ctx.emitFile({ type: 'asset', fileName, source: data });
  if (target.framework === 'webpack' || target.framework === 'rspack') return `export default __webpack_public_path__ + ${JSON.stringify(fileName)};`;
  const base = target.publicPath === undefined || target.publicPath === '' ? './' : target.publicPath.replace(/\/?$/, '/');
  return `export default ${JSON.stringify(base + fileName)};`;
}
