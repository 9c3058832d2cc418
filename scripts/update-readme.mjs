#!/usr/bin/env node
// Rewrites the generated sections of README.md from the benchmark results, so that no
// number in them is typed by hand:
//   bench/results/eval.json  (inpaint eval --json)  → <!-- eval:start --> … <!-- eval:end -->
//   bench/results/bench.json (inpaint bench --json) → <!-- bench:start --> … <!-- bench:end -->
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

const readme = 'README.md';
let text = readFileSync(readme, 'utf8');
const replace = (name, body) => {
  const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  text = text.replace(re, `$1\n${body}\n$2`);
};
const f = (v, d) => (typeof v === 'number' ? v.toFixed(d) : '–');

if (existsSync('bench/results/eval.json')) {
  const r = JSON.parse(readFileSync('bench/results/eval.json', 'utf8'));
  const methods = Object.keys(r.buckets[0].methods);
  const names = { pconv: 'model', telea: 'Telea', ns: 'NS' };
  const lines = [
    `| holes | ${methods.map((m) => `${names[m] ?? m} L1 %`).join(' | ')} | ${methods.map((m) => `${names[m] ?? m} PSNR`).join(' | ')} | ${methods.map((m) => `${names[m] ?? m} SSIM`).join(' | ')} | ${methods.map((m) => `${names[m] ?? m} ms`).join(' | ')} |`,
    `|---|${methods.map(() => '---:').join('|')}|${methods.map(() => '---:').join('|')}|${methods.map(() => '---:').join('|')}|${methods.map(() => '---:').join('|')}|`,
  ];
  for (const b of r.buckets) {
    const best = (k, higher) => {
      const vals = methods.map((m) => b.methods[m][k]);
      const t = higher ? Math.max(...vals) : Math.min(...vals);
      return (m) => (b.methods[m][k] === t ? `**${f(b.methods[m][k], k === 'ssim' ? 4 : 2)}**` : f(b.methods[m][k], k === 'ssim' ? 4 : 2));
    };
    const l1 = best('l1', false), psnr = best('psnr', true), ssim = best('ssim', true);
    lines.push(`| ${b.range[0]}–${b.range[1]} | ${methods.map(l1).join(' | ')} | ${methods.map(psnr).join(' | ')} | ${methods.map(ssim).join(' | ')} | ${methods.map((m) => f(b.methods[m].ms, 0)).join(' | ')} |`);
  }
  lines.push('', `Best per bucket in bold. ${r.images.length} images × ${r.perBucket} mask(s) per bucket, ${r.size}×${r.size}, seed ${r.seed}, strategy '${r.strategy}'; model ${r.model.variant ?? ''} v${r.model.version} (${r.model.training_images_seen} training images seen). Machine: ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}. Command: \`${r.command}\`.`);
  replace('eval', lines.join('\n'));
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
  if (r.batch) {
    lines.push('', '| `inpaint run` over 1024×768 JPEGs | images/s |', '|---|---:|');
    for (const b of r.batch) lines.push(`| concurrency ${b.concurrency} (${b.images} images) | ${f(b.imagesPerSecond, 2)} |`);
  }
  lines.push('', `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}. Command: \`${r.command}\`.`);
  replace('bench', lines.join('\n'));
}
writeFileSync(readme, text);
console.log('README.md updated');
