import test from 'ava';
import { readFileSync } from 'node:fs';
import { packageInfo } from '../src/index.js';

test('exports the name and version of its package.json', (t) => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  t.deepEqual(packageInfo, { name: pkg.name, version: pkg.version });
});
