#!/usr/bin/env node
// `npm run demo`: in-paint the bundled sample photos with the shipped model into out/.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../packages/cli/bin/inpaint.js', import.meta.url));
const args = ['run', 'samples/photos', '--masks', 'samples/masks', '--out', 'out', '--overwrite'];
console.log(`inpaint ${args.join(' ')}`);
const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: 'inherit' });
if (r.status === 0) console.log('done: see out/ (inputs in samples/photos, masks in samples/masks)');
process.exit(r.status ?? 1);
