/**
 * Classical baselines through OpenCV.js (@techstark/opencv-js, pinned to
 * 4.12.0-release.1: the default tag is an old 4.5 build, twice as slow): cv.inpaint with
 * radius 3, Telea and Navier–Stokes. The module is an emscripten thenable whose `then`
 * never settles when awaited directly, so it is resolved by hand once.
 */
import { createRequire } from 'node:module';
import type { RawImage } from '@inpaint/core';
import { InpaintError, invalidParameterError } from '@inpaint/core';

/** The OpenCV.js build the baselines were measured with (an optional peer dependency of the CLI). */
export const OPENCV_PACKAGE = '@techstark/opencv-js@4.12.0-release.1';

export const BASELINES = ['telea', 'ns'] as const;
export type Baseline = (typeof BASELINES)[number];

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
 * In-paint an 8-bit RGB image with a baseline; pixels outside the mask are unchanged.
 * @example
 * const filled = await inpaintBaseline('telea', { data, width, height, channels: 3 }, maskBytes);
 */
export async function inpaintBaseline(method: Baseline, image: RawImage, mask: Uint8Array): Promise<RawImage> {
  if (image.channels !== 3 || !(image.data instanceof Uint8Array)) throw invalidParameterError('image', 'an 8-bit RGB image (channels 3, Uint8Array data)', image);
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
