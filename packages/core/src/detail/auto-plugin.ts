/**
 * The default detail stage (`detail: 'auto'`), as a plugin on the `composite` hook: each
 * window's fill is finished the way its holes need. Thin holes (a stroke, a wire, a line of
 * text: no hole pixel more than `thinDepth` pixels from the known photo, at full resolution)
 * in a window the network saw at full resolution are completed from patches of the photo
 * beside them (`completeLocally`): an edge that
 * crosses the hole is continued from the same edge next to it, crisp, where the network's fill
 * blurs it and laying texture over that blur leaves a smudge. Wider holes (objects) get the
 * photo's texture over the network's fill ('texture', `addTexture`), where the network's
 * layout is what holds the fill together. Deterministic (seeded per window), 8 and 16 bit,
 * grey and colour, hole pixels only.
 */
import { createRng } from '@inpaint/mask-gen';
import type { InpainterPlugin } from '../hooks.js';
import type { LocalCompletionOptions } from './completion.js';
import { completeLocally, deepestHole } from './completion.js';
import { writeBack } from './completion-plugin.js';
import type { TextureOptions } from './plugin.js';
import { addTexture } from './plugin.js';
import { cropLevel, holeMap } from './pyramid.js';
import { windowSeed } from './seed.js';

/**
 * The deepest hole, in pixels from the known photo, that is completed from patches beside it
 * (deeper windows get texture): 12, a stroke up to about 24 px wide when it runs along a row or
 * column, about 17 px at 45° (the city-block distance is the longer there).
 */
export const THIN_DEPTH = 12;

/** The largest window (pixels of its source box) completed locally; larger ones get texture. */
export const LOCAL_MAX_PIXELS = 4_000_000;

export interface AutoDetailPluginOptions {
  /** Windows whose holes are at most this deep (pixels to the nearest known pixel) are completed locally. Default THIN_DEPTH. */
  readonly thinDepth?: number;
  /** Windows whose source box holds more pixels than this get texture. Default LOCAL_MAX_PIXELS. */
  readonly maxPixels?: number;
  /** The local completion's tuning (the defaults are the shipped ones). */
  readonly local?: Omit<LocalCompletionOptions, 'rng'>;
  /** The texture stage's tuning for the other windows. */
  readonly texture?: TextureOptions;
}

/**
 * Make the 'auto' detail plugin (it replaces the built-in of that name).
 * @example
 * const inpainter = await Inpainter.create({ plugins: [autoDetailPlugin({ thinDepth: 8 })] });
 * const { image } = await inpainter.inpaintWithReport(photo, mask); // detail 'auto' is the default
 */
export function autoDetailPlugin(o: AutoDetailPluginOptions = {}): InpainterPlugin {
  const thinDepth = o.thinDepth ?? THIN_DEPTH;
  const maxPixels = o.maxPixels ?? LOCAL_MAX_PIXELS;
  return {
    name: 'auto',
    apply(inpainter) {
      inpainter.hooks.composite.tap('AutoDetailPlugin', (event, ctx) => {
        if (ctx.options.detail !== 'auto' || event.pixels === 0) return;
        const { window: w, output } = event;
        // only windows the network saw at full resolution (one it saw scaled down held deeper
        // holes under 'auto', or was scaled by its extent under 'crop' or 'resize': its fill is
        // too coarse a guide), and not larger than maxPixels ('full' on a big photo: one
        // window of the whole photo, too slow and too large to complete whole)
        const sw = w.source.x1 - w.source.x0, sh = w.source.y1 - w.source.y0;
        const fullResolution = w.scaledWidth >= sw && sw * sh <= maxPixels;
        if (fullResolution && deepestHole(holeMap(ctx.mask, w.source), sw, sh) <= thinDepth) {
          const level = cropLevel(output, ctx.mask, w.source);
          if (completeLocally(level, { ...o.local, rng: createRng(windowSeed(w.fill)) })) {
            writeBack(output, ctx.mask, level, w.source, w.fill);
            return;
          }
        }
        addTexture(event, ctx.mask, o.texture);
      });
    },
  };
}

/** The built-in detail stage 'auto' (applied by every Inpainter unless replaced; it acts when `detail` is 'auto', the default). */
export const AutoDetailPlugin: InpainterPlugin = autoDetailPlugin();
