#!/usr/bin/env node
// What `import '@inpaint/sharp'` costs an app at start, in one run: the wall time of fresh
// Node processes that import sharp alone, and sharp then the plugin (median of N each,
// interleaved so that machine noise hits both alike). The engine (onnxruntime) is loaded on
// the first .inpaint(), never at import: the third case proves it by asking Node which
// onnxruntime modules are loaded after the import.
//   node bench/import-time.mjs [--runs 40] [--out bench/results/import-time.json]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { machine, median, round } from './machine.mjs';

const arg = (k, d) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const runs = Number(arg('--runs', 40));
const out = arg('--out', 'bench/results/import-time.json');
const cwd = new URL('../packages/sharp-plugin/', import.meta.url);
const cases = {
  sharp: "await import('sharp');",
  'sharp + @inpaint/sharp': "await import('sharp'); await import('@inpaint/sharp');",
};
const wall = (code) => {
  const t = process.hrtime.bigint();
  execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd });
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < runs; i++) for (const [k, code] of Object.entries(cases)) times[k].push(wall(code));
const ms = Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, round(median(xs), 1)]));
const loaded = execFileSync(process.execPath, ['--input-type=module', '-e',
  "import { createRequire } from 'node:module'; await import('sharp'); await import('@inpaint/sharp');" +
  "const c = Object.keys(createRequire(import.meta.url).cache).filter((p) => /onnxruntime/.test(p)); console.log(JSON.stringify(c));"], { cwd, encoding: 'utf8' });
const onnxruntimeModulesAfterImport = JSON.parse(loaded.trim()).length;
const result = {
  command: 'node bench/import-time.mjs', machine: machine(), runs,
  medianProcessMs: ms, pluginCostMs: round(ms['sharp + @inpaint/sharp'] - ms.sharp, 1), onnxruntimeModulesAfterImport,
};
console.log(JSON.stringify(result.medianProcessMs), `plugin adds ${result.pluginCostMs} ms; onnxruntime modules loaded at import: ${onnxruntimeModulesAfterImport}`);
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
