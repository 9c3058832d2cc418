import test from 'ava';
import { AutoDetailPlugin, BUILTIN_PLUGINS, BUILTIN_PLUGIN_FACTORIES, BUILTIN_PLUGIN_NAMES, ClampPlugin, CompletionPlugin, DetailPlugin, FeatherPlugin, InvalidParameterError, SmoothPlugin, detailPlugin, isBuiltinPluginName, withBuiltins } from '../src/index.js';
import type { InpainterPlugin } from '../src/index.js';

const observer: InpainterPlugin = { apply() {} };
const named: InpainterPlugin = { name: 'log', apply() {} };

test('every built-in is registered under its own name, in the order Inpainters apply them', (t) => {
  t.deepEqual([...BUILTIN_PLUGIN_NAMES], ['feather', 'auto', 'texture', 'smooth', 'complete', 'clamp']);
  t.deepEqual(Object.values(BUILTIN_PLUGINS), [FeatherPlugin, AutoDetailPlugin, DetailPlugin, SmoothPlugin, CompletionPlugin, ClampPlugin]);
  for (const name of BUILTIN_PLUGIN_NAMES) {
    t.is(BUILTIN_PLUGINS[name].name, name);
    t.is(BUILTIN_PLUGIN_FACTORIES[name]().name, name, `the factory of '${name}' makes a plugin of that name`);
  }
  t.true(Object.isFrozen(BUILTIN_PLUGINS));
  t.true(isBuiltinPluginName('complete'));
  t.false(isBuiltinPluginName('log'));
});

test('with no plugins, the built-ins; others run after them, in order', (t) => {
  t.deepEqual(withBuiltins([]), Object.values(BUILTIN_PLUGINS));
  t.deepEqual(withBuiltins([named, observer]), [...Object.values(BUILTIN_PLUGINS), named, observer]);
});

test('a plugin named like a built-in takes its place, at its position; one plugin per name', (t) => {
  const attention = detailPlugin({ method: 'attention' });
  const plugins = withBuiltins([observer, attention]);
  t.deepEqual(plugins, [FeatherPlugin, AutoDetailPlugin, attention, SmoothPlugin, CompletionPlugin, ClampPlugin, observer]);
  t.false(plugins.includes(DetailPlugin), 'not stacked: the built-in is gone');
  const e = t.throws(() => withBuiltins([attention, observer, detailPlugin()]), { instanceOf: InvalidParameterError });
  t.is(e.parameter, 'plugins[2].name');
  t.regex(e.message, /plugins\[0\] is already named 'texture'/);
});
