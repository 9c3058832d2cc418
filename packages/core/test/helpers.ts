import { createRng } from '@inpaint/mask-gen';
import type { RawImage } from '../src/index.js';

export { TINY_MODEL, fixture } from '@inpaint/test-fixtures';

/** A smooth-ish random image (gradients plus noise), deterministic from the seed. */
export function randomImage(width: number, height: number, channels: 1 | 2 | 3 | 4, seed = 1, depth: 8 | 16 = 8): RawImage {
  const rng = createRng(seed);
  const full = depth === 8 ? 255 : 65535;
  const data = depth === 8 ? new Uint8Array(width * height * channels) : new Uint16Array(width * height * channels);
  const phase = Array.from({ length: channels }, () => rng.uniform(0, 6));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        const v = 0.5 + 0.3 * Math.sin(x / 9 + phase[c]) * Math.cos(y / 13 + c) + 0.1 * (rng.next() - 0.5);
        data[(y * width + x) * channels + c] = Math.round(Math.min(1, Math.max(0, v)) * full);
      }
    }
  }
  return { width, height, channels, data };
}

/** A mask with rectangles of holes. */
export function boxMask(width: number, height: number, boxes: [number, number, number, number][]): Uint8Array {
  const m = new Uint8Array(width * height);
  for (const [x0, y0, x1, y1] of boxes) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * width + x] = 255;
  return m;
}

/** Indices of samples that differ between two images. */
export function changedPixels(a: RawImage, b: RawImage): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) out.add(Math.floor(i / a.channels));
  return out;
}
