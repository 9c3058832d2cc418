#!/usr/bin/env node
// Rewrites the generated sections of README.md from the benchmark results, so that no
// number in them is typed by hand:
//   bench/results/eval.json  (inpaint eval --json)  → <!-- eval:start --> … <!-- eval:end -->
//   bench/results/eval-native.json (inpaint eval --native --json) → <!-- eval-native:start --> … <!-- eval-native:end -->
//   bench/results/bench.json (inpaint bench --json) → <!-- bench:start --> … <!-- bench:end -->
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

const readme = 'README.md';
let text = readFileSync(readme, 'utf8');
const replace = (name, body) => {
  const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  text = text.replace(re, `$1\n${body}\n$2`);
};
const f = (v, d) => (typeof v === 'number' ? v.toFixed(d) : '–');

const NAMES = { 'model-auto': 'model (auto)', 'model-texture': 'model (texture)', 'model-smooth': 'model (smooth)', 'model-attention': 'attention arm', telea: 'Telea', ns: 'NS', 'gmic-patch': "G'MIC patch", 'gmic-matchpatch': "G'MIC PatchMatch" };
const nameOf = (m) => NAMES[m] ?? m;

/** Two tables from an `inpaint eval --json` result: fidelity (L1, PSNR, SSIM) and texture (sharpness ratio, texture distance). */
function evalTables(r) {
  const methods = Object.keys(r.buckets[0].methods);
  const header = (cols) => [`| holes | ${cols.join(' | ')} |`, `|---|${cols.map(() => '---:').join('|')}|`];
  const best = (b, k, higher) => {
    const vals = methods.map((m) => b.methods[m][k]);
    const t = higher ? Math.max(...vals) : Math.min(...vals);
    const d = k === 'ssim' ? 4 : 2;
    return (m) => (b.methods[m][k] === t ? `**${f(b.methods[m][k], d)}**` : f(b.methods[m][k], d));
  };
  const fidelity = header(['PSNR', 'SSIM', 'L1 %'].flatMap((k) => methods.map((m) => `${nameOf(m)} ${k}`)));
  const texture = header([...methods.map((m) => `${nameOf(m)} sharpness`), ...methods.map((m) => `${nameOf(m)} texture distance`), ...methods.map((m) => `${nameOf(m)} ms`)]);
  for (const b of r.buckets) {
    // the row's label: 'strokes 0.02–0.05', 'objects 0.03–0.08' (native, with kinds of holes), else the range
    const range = b.label ?? `${b.range[0]}–${b.range[1]}`;
    fidelity.push(`| ${range} | ${[...methods.map(best(b, 'psnr', true)), ...methods.map(best(b, 'ssim', true)), ...methods.map(best(b, 'l1', false))].join(' | ')} |`);
    const closest = (m) => { const vals = methods.map((x) => Math.abs(1 - b.methods[x].sharpness)); const v = b.methods[m].sharpness; return Math.abs(1 - v) === Math.min(...vals) ? `**${f(v, 2)}**` : f(v, 2); };
    texture.push(`| ${range} | ${[...methods.map(closest), ...methods.map(best(b, 'textureDistance', false)), ...methods.map((m) => f(b.methods[m].ms, 0))].join(' | ')} |`);
  }
  const kinds = r.holes ? `mask(s) per bucket of each kind (${r.holes.map((k) => (k === 'strokes' ? 'thin strokes' : 'objects')).join(', ')})` : 'object mask(s) per bucket';
  const what = r.protocol === 'native'
    ? `${r.images.length} photos at their own size (${f(Math.min(...r.megapixels), 2)}–${f(Math.max(...r.megapixels), 1)} megapixels) × ${r.perBucket} ${kinds}, seed ${r.seed}, strategy '${r.strategy}'`
    : `${r.images.length} images × ${r.perBucket} mask(s) per bucket, ${r.size}×${r.size}, seed ${r.seed}, strategy '${r.strategy}'`;
  const random = r.nondeterministic?.length ? ` ${r.nondeterministic.map(nameOf).join(' and ')}: G'MIC's fills are not deterministic, another run gives other numbers.` : '';
  const foot = `Best per bucket in bold (sharpness: closest to 1).${random} ${what}; model ${r.model.variant ?? ''} v${r.model.version} (${r.model.training_images_seen} training images seen). Machine: ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}. Command: \`${r.command}\`.`;
  return [...fidelity, '', ...texture, '', foot].join('\n');
}

for (const [file, section] of [['bench/results/eval.json', 'eval'], ['bench/results/eval-native.json', 'eval-native']]) {
  if (existsSync(file)) replace(section, evalTables(JSON.parse(readFileSync(file, 'utf8'))));
}
if (existsSync('bench/results/bench.json')) {
  const r = JSON.parse(readFileSync('bench/results/bench.json', 'utf8'));
  const sizes = [...new Set(r.speed.map((s) => s.size))];
  const native = r.speed.filter((s) => s.engine !== 'wasm');
  const wasm = r.speed.filter((s) => s.engine === 'wasm');
  const methods = [...new Set(native.filter((s) => s.threads !== 1 || s.method !== 'pconv').map((s) => s.method))];
  const lines = [`| method | ${sizes.map((s) => `${s}×${s}`).join(' | ')} |`, `|---|${sizes.map(() => '---:').join('|')}|`];
  for (const m of methods) {
    lines.push(`| ${m === 'pconv' ? 'model, native engine (all threads)' : m} | ${sizes.map((s) => { const e = native.find((x) => x.size === s && x.method === m && (m !== 'pconv' || x.threads === 'default')); return e ? `${f(e.ms, 0)} ms` : '–'; }).join(' | ')} |`);
  }
  if (wasm.length) {
    const cell = (s) => {
      const w = wasm.find((x) => x.size === s);
      const n = native.find((x) => x.size === s && x.method === 'pconv' && x.threads === 'default');
      return w ? `${f(w.ms, 0)} ms${n ? ` (${f(w.ms / n.ms, 1)}×)` : ''}` : '–';
    };
    lines.push(`| model, wasm engine (default install without onnxruntime-node) | ${sizes.map(cell).join(' | ')} |`);
  }
  for (const t of [1, 2]) {
    const e = native.find((x) => x.method === 'pconv' && x.threads === t);
    if (e) lines.push(`| model, ${t} thread${t > 1 ? 's' : ''} | ${sizes.map((s) => (s === e.size ? `${f(e.ms, 0)} ms` : '–')).join(' | ')} |`);
  }
  lines.push('', "Median of repeated full passes (one network pass over the whole square image, holes 0.3–0.4; detail 'smooth': the network alone).");
  if (r.detail) lines.push('', `With the detail stage (detail 'texture', the default) the ${r.detail.size}×${r.detail.size} pass takes ${f(r.detail.textureMs, 0)} ms: ${f(r.detail.ratio, 2)}× the smooth fill (target ≤ 2×).`);
  if (r.huge) {
    lines.push('', '| 6000×4000 photo, three small holes (1 %) | time | peak RSS |', '|---|---:|---:|');
    for (const [k, v] of Object.entries(r.huge)) lines.push(`| strategy '${k}' (${v.windows} network window${v.windows > 1 ? 's' : ''}) | ${f(v.ms / 1000, 2)} s | ${v.peakRssMiB} MiB |`);
  }
  if (r.object) {
    lines.push('', '| 6000×4000 JPEG, one 1500×1000 hole, decode → in-paint → encode | time | of which in-painting | peak RSS |', '|---|---:|---:|---:|');
    for (const [k, v] of Object.entries(r.object)) lines.push(`| detail '${k}' | ${f(v.ms / 1000, 2)} s | ${f(v.inpaintMs / 1000, 2)} s | ${v.peakRssMiB} MiB |`);
  }
  if (r.stroke) {
    lines.push('', '| 6000×4000 photo, a 20 px stroke across it (tiles at full resolution) | time | peak RSS |', '|---|---:|---:|');
    for (const [k, v] of Object.entries(r.stroke)) lines.push(`| detail '${k}' (${v.windows} tiles) | ${f(v.ms / 1000, 2)} s | ${v.peakRssMiB} MiB |`);
  }
  if (r.batch) {
    lines.push('', '| `inpaint run` over 1024×768 JPEGs | images/s |', '|---|---:|');
    for (const b of r.batch) lines.push(`| concurrency ${b.concurrency} (${b.images} images) | ${f(b.imagesPerSecond, 2)} |`);
  }
  lines.push('', `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}. Command: \`${r.command}\`.`);
  replace('bench', lines.join('\n'));
}
writeFileSync(readme, text);
console.log('README.md updated');
