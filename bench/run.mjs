#!/usr/bin/env node
// `npm run bench`: every benchmark, results in bench/results/*.json. Run on an idle
// machine (ratios are only meaningful within one run).
import { spawnSync } from 'node:child_process';

const steps = [
  ['node', ['bench/mask-gen.mjs']],
  ['node', ['bench/sharp-overhead.mjs']],
  ['node', ['bench/import-time.mjs']],
  ['bash', ['bench/install-size.sh']],
  ['node', ['packages/cli/bin/inpaint.js', 'bench', '--json', 'bench/results/bench.json']],
  // the deterministic test model of @inpaint/core, for comparison with the shipped one
  ['node', ['packages/cli/bin/inpaint.js', 'bench', '--model', 'packages/test-fixtures/models/pconv-tiny.onnx', '--sizes', '512', '--baselines', 'none', '--no-huge', '--batch', '0', '--json', 'bench/results/bench-test-model.json']],
];
for (const [cmd, args] of steps) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
