/**
 * The seed of a window's detail stage: from its fill box, so that the same input gives the
 * same bytes (both detail modes seed their searches with it).
 */
import type { Box } from '@inpaint/mask-gen';

/**
 * A 32-bit seed from a window's fill box.
 * @example
 * const rng = createRng(windowSeed(window.fill));
 */
export function windowSeed(box: Box): number {
  return ((box.x0 * 73856093) ^ (box.y0 * 19349663) ^ (box.x1 * 83492791) ^ (box.y1 * 2654435761)) >>> 0;
}
