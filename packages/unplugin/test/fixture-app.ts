/**
 * The fixture app of the build tests: two small photos from samples/ (a JPEG and a PNG),
 * each with a magenta square painted where its mask (beside it, `<name>.mask.png`) is white,
 * and an entry module that imports both with `?inpaint`. Helpers read the emitted files
 * back and check the holes were filled and, for PNG, every pixel outside them kept.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import sharp from 'sharp';

const SAMPLES = new URL('../../../samples/photos/', import.meta.url).pathname;

export interface Hole { readonly left: number; readonly top: number; readonly width: number; readonly height: number }
export interface FixtureImage { readonly file: string; readonly width: number; readonly height: number; readonly hole: Hole }

export const HERO: FixtureImage = { file: 'hero.jpg', width: 96, height: 64, hole: { left: 30, top: 20, width: 16, height: 12 } };
export const LOGO: FixtureImage = { file: 'logo.png', width: 80, height: 60, hole: { left: 10, top: 10, width: 12, height: 12 } };
const MAGENTA = { r: 255, g: 0, b: 255 };

/** The entry module: both photos, masks beside them, formats kept (their URLs used, so no bundler drops them). */
export const MAIN = "import hero from './hero.jpg?inpaint';\nimport logo from './logo.png?inpaint';\nglobalThis.images = { hero, logo };\n";

async function photo(sample: string, image: FixtureImage, dir: string): Promise<void> {
  const { left, top, width, height } = image.hole;
  const painted = sharp(join(SAMPLES, sample)).resize(image.width, image.height, { fit: 'fill' })
    .composite([{ input: { create: { width, height, channels: 3, background: MAGENTA } }, left, top }]);
  await (image.file.endsWith('.png') ? painted.png() : painted.jpeg({ quality: 95 })).toFile(join(dir, image.file));
  await maskOf(image, dir, image.file.replace(/\.\w+$/, '.mask.png'));
}

/** Write the mask of an image (white in its hole) under a name. */
export async function maskOf(image: FixtureImage, dir: string, name: string, hole: Hole = image.hole): Promise<void> {
  await sharp({ create: { width: image.width, height: image.height, channels: 3, background: '#000' } })
    .composite([{ input: { create: { width: hole.width, height: hole.height, channels: 3, background: '#fff' } }, left: hole.left, top: hole.top }])
    .png().toFile(join(dir, name));
}

/** A fresh app folder with the photos, their masks and main.js (or the given entry), in `sub` (default: the app folder itself). */
export async function makeApp(main = MAIN, sub = '.'): Promise<string> {
  const app = mkdtempSync(join(tmpdir(), 'inpaint-unplugin-'));
  const dir = join(app, sub);
  mkdirSync(dir, { recursive: true });
  await Promise.all([photo('cat.jpg', HERO, dir), photo('sunset.jpg', LOGO, dir)]);
  writeFileSync(join(dir, 'main.js'), main);
  return app;
}

/** The emitted file whose name starts with `<stem>-` (hashed) or is `<stem>.<ext>`, anywhere under dir. */
export function emitted(dir: string, stem: string): string {
  const found = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.(jpg|png|webp|avif)$/.test(f) && new RegExp(`(^|/)${stem}[-.]`).test(f));
  if (found.length !== 1) throw new Error(`expected one emitted ${stem} under ${dir}, found ${JSON.stringify(found)}`);
  return join(dir, found[0]);
}

/** Every file of the output folder's JavaScript, concatenated (to find the assets' URLs in it). */
export function bundleText(dir: string): string {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.m?js$/.test(f)).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
}

const inHole = (h: Hole, x: number, y: number) => x >= h.left && x < h.left + h.width && y >= h.top && y < h.top + h.height;

/**
 * The output's hole is filled (no pixel of it near the painted magenta) and, when `exact`
 * (PNG), every pixel outside the hole equals the source's.
 */
export async function assertFilled(t: ExecutionContext, source: string, output: string, image: FixtureImage, exact: boolean): Promise<void> {
  const out = await sharp(output).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const src = await sharp(source).removeAlpha().raw().toBuffer();
  t.is(out.info.width, image.width);
  t.is(out.info.height, image.height);
  let magenta = 0;
  let changedOutside = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 3;
      if (inHole(image.hole, x, y)) {
        if (out.data[i] > 200 && out.data[i + 1] < 80 && out.data[i + 2] > 200) magenta++;
      } else if (out.data[i] !== src[i] || out.data[i + 1] !== src[i + 1] || out.data[i + 2] !== src[i + 2]) changedOutside++;
    }
  }
  t.is(magenta, 0, `${output}: magenta pixels left in the hole`);
  if (exact) t.is(changedOutside, 0, `${output}: pixels outside the hole changed`);
}
