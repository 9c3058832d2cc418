/**
 * Classical baselines.
 *
 * - Through OpenCV.js (@techstark/opencv-js, pinned to 4.12.0-release.1: the default tag is
 *   an old 4.5 build, twice as slow): cv.inpaint with radius 3, Telea and Navier–Stokes. The
 *   module is an emscripten thenable whose `then` never settles when awaited directly, so it
 *   is resolved by hand once.
 * - Through G'MIC (the `gmic` command, Debian's package `gmic`, measured with 2.9.4), run as
 *   a child process on temporary PNG files: `inpaint` with a patch size (patch-based
 *   synthesis) and `inpaint_matchpatch` (multi-scale PatchMatch completion, the method
 *   behind Content-Aware Fill). G'MIC changes pixels outside the hole too (±1 everywhere, tens
 *   of levels in a ring around it) and its fills differ from run to run (not deterministic):
 *   only its hole pixels are taken, pasted into the image.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import sharp from 'sharp';
import type { RawImage } from '@inpaint/core';
import { InpaintError, invalidParameterError } from '@inpaint/core';

/** The OpenCV.js build the baselines were measured with (an optional peer dependency of the CLI). */
export const OPENCV_PACKAGE = '@techstark/opencv-js@4.12.0-release.1';

/** Baselines through OpenCV.js. */
export const OPENCV_BASELINES = ['telea', 'ns'] as const;
/** Baselines through the `gmic` command: patch-based `inpaint` and multi-scale PatchMatch `inpaint_matchpatch`. */
export const GMIC_BASELINES = ['gmic-patch', 'gmic-matchpatch'] as const;
export const BASELINES = [...OPENCV_BASELINES, ...GMIC_BASELINES] as const;
export type Baseline = (typeof BASELINES)[number];
export type GmicBaseline = (typeof GMIC_BASELINES)[number];

/**
 * G'MIC's command for each baseline, image [0] filled where mask [1] is non-zero (the
 * reference: `man gmic`, "inpaint" and "inpaint_matchpatch"; Debian's 2.9.4 prints nothing
 * for `gmic -h inpaint`).
 */
const GMIC_COMMANDS: Record<GmicBaseline, string[]> = {
  // patch-based reconstruction with the reference's own example
  // (`+inpaint[0] [1],5,15,0.5,1,9,0`): patch size 5, lookup size 15, lookup factor 0.5,
  // lookup increment 1, blend size 9, blend threshold 0; the rest at their defaults (blend
  // decay 0.05, blend scales 10, outer blending on). Without a patch size `inpaint` is a
  // fast average, not patch synthesis.
  'gmic-patch': ['inpaint[0]', '[1],5,15,0.5,1,9,0'],
  // every parameter at its documented default: scales auto, patch size 9, 10 iterations per
  // scale, blend size 5, outer blending on
  'gmic-matchpatch': ['inpaint_matchpatch[0]', '[1]'],
};

/**
 * @example
 * const isGmic = isGmicBaseline('gmic-matchpatch'); // true; 'telea' is OpenCV's
 */
export function isGmicBaseline(b: string): b is GmicBaseline {
  return (GMIC_BASELINES as readonly string[]).includes(b);
}

/**
 * The `gmic` executable on PATH, or null when there is none.
 * @example
 * if (!gmicPath()) console.error("G'MIC baselines skipped: apt-get install gmic");
 */
export function gmicPath(): string | null {
  const names = process.platform === 'win32' ? ['gmic.exe', 'gmic'] : ['gmic'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const file = join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return null;
}

function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 16 << 20 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`gmic failed: ${stderr.trim() || err.message}`, { cause: err }));
      else resolve();
    });
  });
}

/** A G'MIC fill: image and mask as temporary PNGs, gmic's output read back, its hole pixels pasted into the image. */
async function inpaintGmic(method: GmicBaseline, image: RawImage, mask: Uint8Array): Promise<RawImage> {
  const bin = gmicPath();
  if (!bin) throw new InpaintError('ERR_MISSING_DEPENDENCY', `the G'MIC baselines need the gmic command on PATH (Debian and Ubuntu: apt-get install gmic)`);
  const { width, height } = image;
  const dir = await mkdtemp(join(tmpdir(), 'inpaint-gmic-'));
  try {
    const [input, holes, output] = ['image.png', 'mask.png', 'out.png'].map((n) => join(dir, n));
    const m = new Uint8Array(width * height);
    for (let i = 0; i < m.length; i++) m[i] = mask[i] ? 255 : 0;
    await sharp(Buffer.from(image.data), { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toFile(input);
    await sharp(Buffer.from(m.buffer), { raw: { width, height, channels: 1 } }).png({ compressionLevel: 1 }).toFile(holes);
    await run(bin, ['-v', '-1', input, holes, ...GMIC_COMMANDS[method], 'remove[1]', 'cut', '0,255', 'round', 'output', output]);
    const { data, info } = await sharp(output).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (info.width !== width || info.height !== height || info.channels !== 3) throw new Error(`gmic returned a ${info.width}x${info.height}x${info.channels} image for a ${width}x${height}x3 one`);
    const out = new Uint8Array(image.data);
    for (let p = 0; p < m.length; p++) if (m[p]) out.set(data.subarray(p * 3, p * 3 + 3), p * 3);
    return { width, height, channels: 3, data: out };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface CvMat { data: Uint8Array; delete(): void }
interface Cv {
  Mat: { new (): CvMat; new (rows: number, cols: number, type: number): CvMat };
  CV_8UC3: number;
  CV_8UC1: number;
  INPAINT_TELEA: number;
  INPAINT_NS: number;
  inpaint(src: CvMat, mask: CvMat, dst: CvMat, radius: number, flags: number): void;
}

let loaded: Promise<Cv> | null = null;

/**
 * @example
 * const cv = await loadOpenCv(); // throws ERR_MISSING_DEPENDENCY without @techstark/opencv-js
 */
export function loadOpenCv(): Promise<Cv> {
  loaded ??= new Promise<Cv>((resolve) => {
    let mod: Cv & { then?: (f: (m: Cv & { then?: unknown }) => void) => void };
    try {
      mod = createRequire(import.meta.url)('@techstark/opencv-js') as typeof mod;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
      throw new InpaintError('ERR_MISSING_DEPENDENCY',
        `the Telea and Navier–Stokes baselines need OpenCV.js, an optional dependency of @inpaint/cli: npm i ${OPENCV_PACKAGE}`, { cause: e });
    }
    if (typeof mod.then !== 'function') {
      resolve(mod);
      return;
    }
    mod.then((m) => {
      delete m.then;
      resolve(m);
    });
  });
  return loaded;
}

/**
 * In-paint an 8-bit RGB image with a baseline; pixels outside the mask are unchanged. The
 * G'MIC baselines need `gmic` on PATH (ERR_MISSING_DEPENDENCY otherwise) and are not
 * deterministic.
 * @example
 * const filled = await inpaintBaseline('telea', { data, width, height, channels: 3 }, maskBytes);
 */
export async function inpaintBaseline(method: Baseline, image: RawImage, mask: Uint8Array): Promise<RawImage> {
  if (image.channels !== 3 || !(image.data instanceof Uint8Array)) throw invalidParameterError('image', 'an 8-bit RGB image (channels 3, Uint8Array data)', image);
  if (isGmicBaseline(method)) return inpaintGmic(method, image, mask);
  const cv = await loadOpenCv();
  const src = new cv.Mat(image.height, image.width, cv.CV_8UC3);
  const m = new cv.Mat(image.height, image.width, cv.CV_8UC1);
  const dst = new cv.Mat();
  try {
    src.data.set(image.data);
    for (let i = 0; i < mask.length; i++) m.data[i] = mask[i] ? 255 : 0;
    cv.inpaint(src, m, dst, 3, method === 'telea' ? cv.INPAINT_TELEA : cv.INPAINT_NS);
    return { width: image.width, height: image.height, channels: 3, data: new Uint8Array(dst.data) };
  } finally {
    src.delete();
    m.delete();
    dst.delete();
  }
}
