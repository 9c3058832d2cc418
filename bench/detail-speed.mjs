#!/usr/bin/env node
// Speed of the detail settings on object holes, end to end (decode of the raw pixels aside:
// model load excluded, planning, inference, detail stage and compositing included), each case
// in its own child process for its own peak RSS, with G'MIC's inpaint_matchpatch beside the
// 2 MP case when gmic is on PATH. The photo is samples/photos/cat.jpg scaled up to the case's
// size (speed depends on the size of the hole and its context, little on the content).
// Run on an idle machine; ratios are only meaningful within one run. An arm `<detail>-clamp0`
// is that detail setting without the range clamp (clamp: 0), for the clamp's own cost.
//   npm run build && node bench/detail-speed.mjs [--out bench/results/detail-speed.json] [--arms smooth,texture,texture-clamp0]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { machine } from './machine.mjs';

const CASES = {
  '2mp-11pct': { width: 1733, height: 1155, hole: 'objects' },
  '24mp-1500x1000': { width: 6000, height: 4000, hole: 'box' },
};
const DETAILS = ['smooth', 'texture', 'auto', 'complete'];

async function one(caseName, arm) {
  const [{ Inpainter }, { generateMask }, { default: sharp }] = await Promise.all([
    import('../packages/core/dist/index.js'), import('../packages/mask-gen/dist/index.js'), import('sharp'),
  ]);
  const c = CASES[caseName];
  const { data } = await sharp(new URL('../samples/photos/cat.jpg', import.meta.url).pathname).resize(c.width, c.height, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const image = { data: new Uint8Array(data), width: c.width, height: c.height, channels: 3 };
  let mask;
  if (c.hole === 'box') {
    mask = { width: c.width, height: c.height, data: new Uint8Array(c.width * c.height) };
    for (let y = 1500; y < 2500; y++) mask.data.fill(255, y * c.width + 2250, y * c.width + 3750);
  } else {
    mask = generateMask({ width: c.width, height: c.height, seed: 11, kind: 'objects', ratio: [0.10, 0.12] });
  }
  let hole = 0;
  for (const v of mask.data) if (v) hole++;
  const t0 = performance.now();
  if (arm === 'gmic-matchpatch') {
    const { inpaintBaseline } = await import('../packages/cli/dist/baselines.js');
    await inpaintBaseline(arm, image, mask.data);
  } else {
    const inpainter = await Inpainter.create();
    const start = performance.now();
    const [detail, clamp] = arm.endsWith('-clamp0') ? [arm.slice(0, -'-clamp0'.length), 0] : [arm, undefined];
    await inpainter.inpaint(image, mask, { detail, clamp });
    return { ms: Math.round(performance.now() - start), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), holePct: +(100 * hole / mask.data.length).toFixed(1) };
  }
  return { ms: Math.round(performance.now() - t0), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), holePct: +(100 * hole / mask.data.length).toFixed(1) };
}

if (process.argv[2] === '--one') {
  process.stdout.write(`${JSON.stringify(await one(process.argv[3], process.argv[4]))}\n`);
} else {
  const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : 'bench/results/detail-speed.json';
  let gmic = true;
  try { execFileSync('gmic', ['-v', '-1', 'echo', 'ok'], { stdio: 'ignore' }); } catch { gmic = false; }
  const results = {};
  for (const caseName of Object.keys(CASES)) {
    const chosen = process.argv.includes('--arms') ? process.argv[process.argv.indexOf('--arms') + 1].split(',') : [...DETAILS, 'gmic-matchpatch'];
    const arms = chosen.filter((a) => a !== 'gmic-matchpatch' || (gmic && caseName === '2mp-11pct'));
    for (const arm of arms) {
      const line = execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--one', caseName, arm], { encoding: 'utf8' }).trim().split('\n').pop();
      results[`${caseName} ${arm}`] = JSON.parse(line);
      console.log(`${caseName} ${arm}: ${line}`);
    }
  }
  writeFileSync(out, `${JSON.stringify({ command: ['node', 'bench/detail-speed.mjs', ...process.argv.slice(2)].join(' '), machine: machine(), note: "ms: the in-painting alone (model load excluded; G'MIC: its process, file I/O included)", results }, null, 2)}\n`);
}
