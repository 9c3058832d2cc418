/**
 * Plugins named by module, for where a plugin object cannot go: a pool's worker threads (a
 * function does not cross a thread), a command line, a config file. A PluginSpec names an ES
 * module whose default export is a factory (PluginFactory) and the options to call it with;
 * `inpaint:<name>` names a built-in. Loading checks all of it and says what to fix.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidParameterError, invalidParameterError } from './errors.js';
import type { InpainterPlugin } from './hooks.js';
import { BUILTIN_PLUGIN_FACTORIES, BUILTIN_PLUGIN_NAMES, isBuiltinPluginName } from './plugin-registry.js';
import type { PluginFactory } from './plugin-registry.js';

/** Plain data: what a plugin's options may hold (they are copied into every worker thread). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A plugin by name: its module and the options its factory is called with. */
export interface PluginSpec {
  /**
   * An installed package's name (imported as @inpaint/core would import it), a file URL, a
   * path (relative ones from the working directory), or `inpaint:<name>` for a built-in
   * ('inpaint:feather', 'inpaint:auto', 'inpaint:texture', 'inpaint:smooth', 'inpaint:complete', 'inpaint:clamp').
   */
  readonly module: string;
  /** Passed to the module's default export. */
  readonly options?: JsonValue;
}

/** The scheme of built-in plugins' specifiers. */
export const BUILTIN_SCHEME = 'inpaint:';

/** A plugin module that cannot be used: which one, where it was given, and what to do. */
export class PluginError extends InvalidParameterError {
  /** The module as given (`./plugins/sharpen.js`, `inpaint:texture`). */
  readonly specifier: string;
  constructor(where: string, specifier: string, expected: string, message: string, cause?: unknown) {
    super(where, expected, `'${specifier}'`, message);
    this.specifier = specifier;
    if (cause !== undefined) this.cause = cause;
  }
}

const EXPECTED = 'an ES module whose default export is a plugin factory (options) => ({ name?, apply(inpainter) { … } })';
const WHERE_FROM = `an installed package's name, a file URL, a path (relative ones from the working directory), or ${BUILTIN_PLUGIN_NAMES.map((n) => `'${BUILTIN_SCHEME}${n}'`).join(', ')}`;

/**
 * Whether a plugins entry is a PluginSpec (rather than a plugin object).
 * @example
 * isPluginSpec({ module: 'inpaint:texture' }); // true
 */
export function isPluginSpec(entry: unknown): entry is PluginSpec {
  return typeof entry === 'object' && entry !== null && 'module' in entry && !('apply' in entry);
}

/**
 * The spec with its module made independent of the working directory (a path becomes a file
 * URL), so a worker thread imports the same file. Package names and URLs are kept.
 * @example
 * resolvePluginSpec({ module: './sharpen.js' }, '/srv/app').module; // 'file:///srv/app/sharpen.js'
 */
export function resolvePluginSpec(spec: PluginSpec, cwd: string = process.cwd()): PluginSpec {
  const m = spec.module;
  const isPath = m.startsWith('./') || m.startsWith('../') || m === '.' || m === '..' || isAbsolute(m);
  return isPath ? { ...spec, module: pathToFileURL(resolve(cwd, m)).href } : spec;
}

function reasonOf(e: unknown): string {
  return (e as Error)?.message?.split('\n')[0] ?? String(e);
}

async function factoryOf(specifier: string, where: string): Promise<PluginFactory<never>> {
  if (specifier.startsWith(BUILTIN_SCHEME)) {
    const name = specifier.slice(BUILTIN_SCHEME.length);
    if (isBuiltinPluginName(name)) return BUILTIN_PLUGIN_FACTORIES[name];
    throw new PluginError(where, specifier, `one of ${BUILTIN_PLUGIN_NAMES.map((n) => BUILTIN_SCHEME + n).join(', ')}`,
      `${where}: '${specifier}' names no built-in plugin; the built-ins are ${BUILTIN_PLUGIN_NAMES.map((n) => BUILTIN_SCHEME + n).join(', ')}`);
  }
  let module: { default?: unknown };
  try {
    module = (await import(specifier)) as { default?: unknown };
  } catch (e) {
    throw new PluginError(where, specifier, EXPECTED,
      `${where}: the plugin module '${specifier}' cannot be imported (${reasonOf(e)}); give ${WHERE_FROM}`, e);
  }
  if (typeof module.default !== 'function') {
    throw new PluginError(where, specifier, EXPECTED,
      `${where}: the plugin module '${specifier}' has no default export that is a function; export default a factory (options) => ({ name?, apply(inpainter) { … } })`);
  }
  return module.default as PluginFactory<never>;
}

/**
 * Import a spec's module (or take the built-in) and make its plugin; the spec is resolved
 * first (resolvePluginSpec). `where` names the entry in messages.
 * @example
 * const texture = await loadPlugin({ module: 'inpaint:texture', options: { method: 'attention' } });
 * texture.name; // 'texture': it replaces the built-in of that name
 * @throws {PluginError} when the module cannot be imported, has no factory, or its factory fails or returns no plugin.
 */
export async function loadPlugin(spec: PluginSpec, where = 'plugin'): Promise<InpainterPlugin> {
  if (typeof spec.module !== 'string' || spec.module === '') {
    throw new PluginError(`${where}.module`, String(spec.module), WHERE_FROM, `${where}.module must be a non-empty string: ${WHERE_FROM}`);
  }
  const { module: specifier, options } = resolvePluginSpec(spec);
  try {
    structuredClone(options);
  } catch (e) {
    throw new PluginError(`${where}.options`, specifier, 'plain data (JSON)', `${where}.options of '${specifier}' must be plain data (JSON), since they are copied into worker threads: ${reasonOf(e)}`, e);
  }
  const factory = await factoryOf(specifier, where);
  let plugin: unknown;
  try {
    plugin = (factory as (o?: JsonValue) => unknown)(options);
  } catch (e) {
    throw new PluginError(where, specifier, EXPECTED, `${where}: the factory of '${specifier}' threw (${reasonOf(e)}); check its options`, e);
  }
  if (typeof plugin !== 'object' || plugin === null || typeof (plugin as InpainterPlugin).apply !== 'function') {
    throw new PluginError(where, specifier, EXPECTED, `${where}: the factory of '${specifier}' returned ${plugin === null ? 'null' : typeof plugin}, not a plugin { name?, apply(inpainter) }`);
  }
  return plugin as InpainterPlugin;
}

/**
 * Plugin objects as they are, specs loaded (in order, each error naming its `plugins[i]`).
 * @example
 * const plugins = await loadPlugins([{ module: 'inpaint:complete', options: { guide: 2 } }, FeatherPlugin]);
 * @throws {PluginError | InvalidParameterError} for a spec that cannot be loaded, or an entry that is neither.
 */
export async function loadPlugins(entries: readonly (InpainterPlugin | PluginSpec)[]): Promise<InpainterPlugin[]> {
  const out: InpainterPlugin[] = [];
  for (const [i, entry] of entries.entries()) {
    if (isPluginSpec(entry)) out.push(await loadPlugin(entry, `plugins[${i}]`));
    else if (typeof (entry as Partial<InpainterPlugin> | null)?.apply === 'function') out.push(entry as InpainterPlugin);
    else throw invalidParameterError(`plugins[${i}]`, 'a plugin { name?, apply(inpainter) } or a PluginSpec { module, options? }', entry);
  }
  return out;
}
