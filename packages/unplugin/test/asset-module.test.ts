import test from 'ava';
import type { UnpluginBuildContext } from 'unplugin';
import { assetModule, hashedName } from '../src/asset-module.js';

const data = Buffer.from('pixels');

function context(ref: unknown): { ctx: UnpluginBuildContext; emitted: unknown[] } {
  const emitted: unknown[] = [];
  const ctx = { emitFile: (f: unknown) => (emitted.push(f), ref) } as unknown as UnpluginBuildContext;
  return { ctx, emitted };
}

test('hashedName: stem, 8 hex digits of the content, the format extension', (t) => {
  t.regex(hashedName('/app/hero.jpg', 'webp', data), /^assets\/hero-[0-9a-f]{8}\.webp$/);
  t.is(hashedName('/app/hero.jpg', 'jpeg', data).slice(-4), '.jpg');
  t.not(hashedName('/a/x.png', 'png', data), hashedName('/a/x.png', 'png', Buffer.from('other')));
});

test("each bundler's module: Vite's asset reference, Rollup's file URL, webpack's public path, esbuild's publicPath, a data URL on Vite's dev server", (t) => {
  const vite = context('ref1');
  t.is(assetModule(vite.ctx, { framework: 'vite', serve: false, publicPath: undefined }, '/app/hero.jpg', data, 'jpeg'), 'export default "__VITE_ASSET__ref1__";');
  t.deepEqual(vite.emitted, [{ type: 'asset', name: 'hero.jpg', source: data }]);
  t.is(assetModule(context('r2').ctx, { framework: 'rollup', serve: false, publicPath: undefined }, '/app/hero.jpg', data, 'jpeg'), 'export default import.meta.ROLLUP_FILE_URL_r2;');
  const name = hashedName('/app/hero.jpg', 'jpeg', data);
  const webpack = context(undefined);
  t.is(assetModule(webpack.ctx, { framework: 'webpack', serve: false, publicPath: undefined }, '/app/hero.jpg', data, 'jpeg'), `export default __webpack_public_path__ + "${name}";`);
  t.deepEqual(webpack.emitted, [{ type: 'asset', fileName: name, source: data }]);
  t.is(assetModule(context(undefined).ctx, { framework: 'esbuild', serve: false, publicPath: 'https://cdn.example/static' }, '/app/hero.jpg', data, 'jpeg'), `export default "https://cdn.example/static/${name}";`);
  t.is(assetModule(context(undefined).ctx, { framework: 'esbuild', serve: false, publicPath: undefined }, '/app/hero.jpg', data, 'jpeg'), `export default "./${name}";`);
  const dev = context('never');
  t.is(assetModule(dev.ctx, { framework: 'vite', serve: true, publicPath: undefined }, '/app/hero.jpg', data, 'jpeg'), `export default "data:image/jpeg;base64,${data.toString('base64')}";`);
  t.deepEqual(dev.emitted, []);
  t.throws(() => assetModule(context(undefined).ctx, { framework: 'rollup', serve: false, publicPath: undefined }, '/app/hero.jpg', data, 'jpeg'), { message: /no reference/ });
});
