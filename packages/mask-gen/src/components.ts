/**
 * Connected hole regions (8-connectivity by default: diagonal neighbours touch).
 */
import type { Box, Mask } from './mask.js';

export interface Region {
  /** 1-based label, as written in `labels`. */
  readonly label: number;
  /** Hole pixels in the region. */
  readonly area: number;
  /** Bounding box, inclusive-exclusive. */
  readonly box: Box;
}

export interface Components {
  /** One label per pixel: 0 for kept pixels, the region's label for holes. */
  readonly labels: Int32Array;
  /** Regions in raster order of their first pixel. */
  readonly regions: readonly Region[];
}

/**
 * Label the connected hole regions of a mask.
 *
 * @example
 * const { regions } = connectedComponents(mask);
 * regions.map((r) => r.area); // [120, 4032]
 * @param connectivity 8 (default) or 4.
 */
export function connectedComponents(mask: Mask, connectivity: 4 | 8 = 8): Components {
  const { width, height, data } = mask;
  const labels = new Int32Array(width * height);
  const regions: Region[] = [];
  const stack: number[] = []; // grows with the largest region, not the image
  for (let start = 0; start < data.length; start++) {
    if (data[start] === 0 || labels[start] !== 0) continue;
    const label = regions.length + 1;
    stack.push(start);
    labels[start] = label;
    let area = 0, x0 = width, y0 = height, x1 = 0, y1 = 0;
    while (stack.length > 0) {
      const i = stack.pop()!;
      const y = (i / width) | 0;
      const x = i - y * width;
      area++;
      if (x < x0) x0 = x;
      if (x >= x1) x1 = x + 1;
      if (y < y0) y0 = y;
      if (y >= y1) y1 = y + 1;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          if (dx === 0 && dy === 0) continue;
          if (connectivity === 4 && dx !== 0 && dy !== 0) continue;
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (data[j] !== 0 && labels[j] === 0) {
            labels[j] = label;
            stack.push(j);
          }
        }
      }
    }
    regions.push({ label, area, box: { x0, y0, x1, y1 } });
  }
  return { labels, regions };
}
