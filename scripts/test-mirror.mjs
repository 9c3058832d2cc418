#!/usr/bin/env node
// Which modules with exported functions or classes have a test file that mirrors them:
// packages/<p>/src/<dir>/<name>.ts ↔ packages/<p>/test/<dir>/<name>.test.ts (or test/<name>.test.ts).
// Prints the list of unmirrored modules and the share; exits 1 below --min (default 0.85).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const min = Number(process.argv.find((a) => a.startsWith('--min='))?.slice(6) ?? 0.85);
const EXPORTS = /^export\s+(default\s+)?(async\s+)?(function|class)\b|^export\s+(const|let)\s+\w+\s*=\s*(async\s*)?(\(|function|class)/m;

const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
const rows = [];
for (const pkg of readdirSync(join(root, 'packages'))) {
  const src = join(root, 'packages', pkg, 'src');
  if (!existsSync(src)) continue;
  for (const file of walk(src).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
    if (!EXPORTS.test(readFileSync(file, 'utf8'))) continue;
    const rel = relative(src, file).replace(/\.ts$/, '');
    const test = join(root, 'packages', pkg, 'test');
    const candidates = [join(test, `${rel}.test.ts`), join(test, `${basename(rel)}.test.ts`), join(test, dirname(rel), `${basename(rel)}.test.ts`)];
    rows.push({ module: `${pkg}/src/${rel}.ts`, mirrored: candidates.some((c) => existsSync(c)) });
  }
}
const mirrored = rows.filter((r) => r.mirrored).length;
const share = mirrored / rows.length;
for (const r of rows.filter((x) => !x.mirrored)) console.log(`no test file: ${r.module}`);
console.log(`${mirrored} of ${rows.length} modules with exported functions or classes have a mirrored test file (${(share * 100).toFixed(0)} %; needed ${(min * 100).toFixed(0)} %)`);
process.exit(share >= min ? 0 : 1);
