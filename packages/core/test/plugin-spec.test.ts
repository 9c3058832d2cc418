import test from 'ava';
import { fileURLToPath } from 'node:url';
import { BUILTIN_PLUGINS, FeatherPlugin, InvalidParameterError, PluginError, isPluginSpec, loadPlugin, loadPlugins, resolvePluginSpec } from '../src/index.js';

const PAINT_HOLES = new URL('./fixtures/paint-holes-plugin.mjs', import.meta.url);

test('a spec is told from a plugin object', (t) => {
  t.true(isPluginSpec({ module: 'inpaint:texture' }));
  t.false(isPluginSpec(FeatherPlugin));
  t.false(isPluginSpec(null));
});

test('paths become file URLs from the working directory; package names and URLs stay', (t) => {
  t.is(resolvePluginSpec({ module: './p.mjs' }, '/srv/app').module, 'file:///srv/app/p.mjs');
  t.is(resolvePluginSpec({ module: '../p.mjs', options: 1 }, '/srv/app').options, 1);
  t.is(resolvePluginSpec({ module: '/opt/p.mjs' }, '/srv/app').module, 'file:///opt/p.mjs');
  t.is(resolvePluginSpec({ module: 'inpaint-sharpen' }, '/srv/app').module, 'inpaint-sharpen');
  t.is(resolvePluginSpec({ module: 'inpaint:texture' }, '/srv/app').module, 'inpaint:texture');
  t.is(resolvePluginSpec({ module: PAINT_HOLES.href }, '/srv/app').module, PAINT_HOLES.href);
});

test('a module\'s default factory is called with the options; a path works as its URL', async (t) => {
  const plugin = await loadPlugin({ module: fileURLToPath(PAINT_HOLES), options: { value: 3, name: 'texture' } });
  t.is(plugin.name, 'texture');
  t.is(typeof plugin.apply, 'function');
  const texture = await loadPlugin({ module: 'inpaint:texture', options: { method: 'attention' } });
  t.is(texture.name, 'texture');
  t.not(texture, BUILTIN_PLUGINS.texture, 'a new detail plugin, with the options');
  t.is(await loadPlugin({ module: 'inpaint:feather' }), FeatherPlugin);
  const [a, b] = await loadPlugins([FeatherPlugin, { module: 'inpaint:smooth' }]);
  t.is(a, FeatherPlugin);
  t.is(b, BUILTIN_PLUGINS.smooth);
});

test('what cannot be used is a PluginError naming the entry, the module and what to do', async (t) => {
  const missing = await t.throwsAsync(loadPlugins([FeatherPlugin, { module: 'no-such-inpaint-plugin' }]), { instanceOf: PluginError });
  t.is(missing.parameter, 'plugins[1]');
  t.is(missing.specifier, 'no-such-inpaint-plugin');
  t.regex(missing.message, /^plugins\[1\]: the plugin module 'no-such-inpaint-plugin' cannot be imported \(.*\); give an installed package's name/);
  const noFactory = await t.throwsAsync(loadPlugin({ module: new URL('./fixtures/no-factory-plugin.mjs', import.meta.url).href }), { instanceOf: PluginError });
  t.regex(noFactory.message, /has no default export that is a function/);
  await t.throwsAsync(loadPlugin({ module: 'inpaint:sharpen' }), { instanceOf: PluginError, message: /names no built-in plugin/ });
  // a factory that throws on its options (this one reads o.name of undefined)
  await t.throwsAsync(loadPlugin({ module: PAINT_HOLES.href }), { instanceOf: PluginError, message: /the factory of '.*paint-holes-plugin\.mjs' threw .*check its options/ });
  await t.throwsAsync(loadPlugin({ module: '' }), { instanceOf: PluginError, message: /module must be a non-empty string/ });
  await t.throwsAsync(loadPlugin({ module: 'inpaint:texture', options: { f: (() => 1) as unknown as string } }), { instanceOf: PluginError, message: /must be plain data/ });
  const neither = await t.throwsAsync(loadPlugins([42 as unknown as typeof FeatherPlugin]), { instanceOf: InvalidParameterError });
  t.is(neither.parameter, 'plugins[0]');
});
