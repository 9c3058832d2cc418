/**
 * The built-in plugins, by name, and how a caller's plugins are laid over them: a plugin
 * named like a built-in takes that built-in's place (the same position on the hooks) instead
 * of running beside it; every other plugin runs after the built-ins, in the order given.
 */
import { invalidParameterError } from './errors.js';
import { FeatherPlugin } from './feather.js';
import { ClampPlugin } from './range-clamp.js';
import { DetailPlugin, detailPlugin } from './detail/plugin.js';
import { CompletionPlugin, completionPlugin } from './detail/completion-plugin.js';
import { AutoDetailPlugin, autoDetailPlugin } from './detail/auto-plugin.js';
import type { InpainterPlugin } from './hooks.js';

/**
 * What a plugin module exports by default: a factory that takes the plugin's options (plain
 * data, since they may cross a worker thread) and returns the plugin.
 */
export type PluginFactory<Options = never> = (options?: Options) => InpainterPlugin;

/** The built-in 'smooth' detail stage: the network's fill as it is (a name to replace, nothing to do). */
export const SmoothPlugin: InpainterPlugin = Object.freeze({ name: 'smooth', apply() {} });

/** The built-ins' names, in the order every Inpainter applies them. */
export const BUILTIN_PLUGIN_NAMES = ['feather', 'auto', 'texture', 'smooth', 'complete', 'clamp'] as const;
export type BuiltinPluginName = (typeof BUILTIN_PLUGIN_NAMES)[number];

/** Each built-in as every Inpainter applies it unless replaced. */
export const BUILTIN_PLUGINS: Readonly<Record<BuiltinPluginName, InpainterPlugin>> = Object.freeze({
  feather: FeatherPlugin,
  auto: AutoDetailPlugin,
  texture: DetailPlugin,
  smooth: SmoothPlugin,
  complete: CompletionPlugin,
  clamp: ClampPlugin,
});

/** Each built-in's factory: what `{ module: 'inpaint:<name>', options }` calls. */
export const BUILTIN_PLUGIN_FACTORIES: Readonly<Record<BuiltinPluginName, PluginFactory<never>>> = Object.freeze({
  feather: () => FeatherPlugin,
  auto: autoDetailPlugin,
  texture: detailPlugin,
  smooth: () => SmoothPlugin,
  complete: completionPlugin,
  clamp: () => ClampPlugin,
});

/**
 * Whether a name is a built-in's.
 * @example
 * isBuiltinPluginName('texture'); // true
 */
export function isBuiltinPluginName(name: unknown): name is BuiltinPluginName {
  return (BUILTIN_PLUGIN_NAMES as readonly unknown[]).includes(name);
}

/**
 * The plugins an Inpainter applies, in order: the built-ins, each replaced by the given plugin
 * of its name, then the given plugins with other names (or none).
 * @example
 * const plugins = withBuiltins([detailPlugin({ method: 'attention' })]);
 * plugins.map((p) => p.name); // ['feather', 'auto', 'texture', 'smooth', 'complete', 'clamp']: 'texture' is the attention one
 * @throws {InvalidParameterError} when two plugins share a name.
 */
export function withBuiltins(plugins: readonly InpainterPlugin[]): InpainterPlugin[] {
  const named = new Map<string, number>();
  for (const [i, plugin] of plugins.entries()) {
    if (plugin.name === undefined) continue;
    const first = named.get(plugin.name);
    if (first !== undefined) throw invalidParameterError(`plugins[${i}].name`, `a name no other plugin has (plugins[${first}] is already named '${plugin.name}'; give one plugin per name)`, plugin.name);
    named.set(plugin.name, i);
  }
  const builtins = BUILTIN_PLUGIN_NAMES.map((name) => {
    const i = named.get(name);
    return i === undefined ? BUILTIN_PLUGINS[name] : plugins[i];
  });
  return [...builtins, ...plugins.filter((p) => !isBuiltinPluginName(p.name))];
}
