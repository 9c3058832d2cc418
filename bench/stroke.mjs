#!/usr/bin/env node
// The bench's stroke case alone: a 6000×4000 photo with a 20 px stroke across it, in-painted
// with 'auto' (windows scaled by thickness: tiles at full resolution) and with 'crop' (scaled
// by extent: the planning before), per detail setting, each in a child process of
// `inpaint __bench-stroke` for its own peak RSS. Run once; about half a minute on 2 cores.
//   node bench/stroke.mjs [--out bench/results/stroke.json]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { machine } from './machine.mjs';

const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : 'bench/results/stroke.json';
const bin = new URL('../packages/cli/dist/bin.js', import.meta.url).pathname;
const results = {};
for (const strategy of ['auto', 'crop']) {
  for (const detail of ['smooth', 'texture', 'auto']) {
    const line = execFileSync(process.execPath, [bin, '__bench-stroke', detail, '--strategy', strategy], { encoding: 'utf8' }).trim().split('\n').pop();
    results[`${strategy} ${detail}`] = JSON.parse(line);
    console.log(`${strategy} ${detail}: ${line}`);
  }
}
writeFileSync(out, `${JSON.stringify({ command: 'node bench/stroke.mjs', machine: machine(), case: '6000x4000 synthetic photo, a 20 px stroke from (0, 1200) to (6000, 2800); ms = the in-painting alone', results }, null, 2)}\n`);
