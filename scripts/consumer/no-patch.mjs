// Importing the gulp plugin or the CLI as a library leaves sharp's prototype untouched;
// inpaintSharp() (public API route) works without registration.
import sharp from 'sharp';
import { createRequire } from 'node:module';
import { inpaintSharp } from '@inpaint/sharp/api';
import { compareHoles } from './pixels.mjs';

await import('@inpaint/gulp');
await import('@inpaint/cli');
const cjsSharp = createRequire(import.meta.url)('sharp');
for (const [name, s] of [['ESM', sharp], ['CJS', cjsSharp]]) {
  if ('inpaint' in s.prototype) throw new Error(`importing @inpaint/gulp or @inpaint/cli patched sharp's ${name} prototype`);
}
const filled = await inpaintSharp(sharp('photos/seeding.jpg'), 'masks/seeding.png');
const r = await compareHoles('photos/seeding.jpg', 'masks/seeding.png', await filled.png().toBuffer(), { exact: true });
console.log(`no prototype patched by @inpaint/gulp or @inpaint/cli; inpaintSharp(): ${r.inside} hole pixels filled`);
