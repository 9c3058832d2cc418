/**
 * Guided completion as a plugin on the `composite` hook (`detail: 'complete'`): after a
 * window's network fill is pasted at full resolution, the window's source box is completed
 * coarse to fine from the photo's own patches, guided by that fill (completion.ts), and the
 * hole pixels of the window's fill box are written back. Deterministic (seeded per window),
 * 8 and 16 bit, grey and RGB, alpha untouched, hole pixels only.
 */
import type { Box, Mask } from '@inpaint/mask-gen';
import { createRng } from '@inpaint/mask-gen';
import type { InpainterPlugin } from '../hooks.js';
import type { Detail } from '../options.js';
import type { RawImage } from '../image.js';
import { fullScale } from '../image.js';
import type { CompletionOptions } from './completion.js';
import { complete } from './completion.js';
import type { Level } from './pyramid.js';
import { cropLevel } from './pyramid.js';
import { windowSeed } from './seed.js';

/** The tunable parts of the completion (the defaults are the shipped ones). */
export type CompletionPluginOptions = Omit<CompletionOptions, 'networkScale' | 'rng' | 'onLevel'> & {
  /** The `detail` setting this plugin serves, which is also its name: it replaces the built-in of that name. Default 'complete'. */
  readonly name?: Detail;
  /** Run whatever the call's `detail` option says (for comparing settings). Default false. */
  readonly always?: boolean;
};

/**
 * Write the level's hole pixels that lie in `fill` back into the image, at its depth; returns how many.
 * @example
 * writeBack(event.output, ctx.mask, level, event.window.source, event.window.fill);
 */
export function writeBack(image: RawImage, mask: Mask, level: Level, source: Box, fill: Box): number {
  const full = fullScale(image);
  const c = image.channels, k = level.k;
  let n = 0;
  for (let y = Math.max(fill.y0, source.y0); y < Math.min(fill.y1, source.y1); y++) {
    for (let x = Math.max(fill.x0, source.x0); x < Math.min(fill.x1, source.x1); x++) {
      const i = y * image.width + x;
      if (mask.data[i] === 0) continue;
      const o = ((y - source.y0) * level.width + x - source.x0) * k;
      for (let ch = 0; ch < k; ch++) image.data[i * c + ch] = Math.round(Math.min(1, Math.max(0, level.image[o + ch])) * full);
      n++;
    }
  }
  return n;
}

/**
 * Make a completion plugin. It replaces the built-in of its name (default 'complete') and
 * reports each finished level of a window on the `progress` hook.
 * @example
 * const inpainter = await Inpainter.create({ detail: 'complete', plugins: [completionPlugin({ guide: 2 })] });
 * inpainter.hooks.progress.tap('log', (e) => console.log(`${e.plugin}: level ${e.done} of ${e.total}`));
 */
export function completionPlugin(o: CompletionPluginOptions = {}): InpainterPlugin {
  const { name = 'complete', always = false, ...tuning } = o;
  return {
    name,
    apply(inpainter) {
      inpainter.hooks.composite.tap(`CompletionPlugin(${name})`, (event, ctx) => {
        if (!always && ctx.options.detail !== name) return;
        if (event.pixels === 0) return;
        const { window: w, output } = event;
        const level = cropLevel(output, ctx.mask, w.source);
        const networkScale = Math.min(1, w.scaledWidth / (w.source.x1 - w.source.x0));
        const onLevel = (done: number, total: number): void => inpainter.hooks.progress.call({ plugin: name, done, total, box: w.fill }, ctx);
        if (complete(level, { ...tuning, networkScale, rng: createRng(windowSeed(w.fill)), onLevel })) writeBack(output, ctx.mask, level, w.source, w.fill);
      });
    },
  };
}

/** The built-in completion stage 'complete' (applied by every Inpainter unless replaced; it acts when `detail` is 'complete'). */
export const CompletionPlugin: InpainterPlugin = completionPlugin();
