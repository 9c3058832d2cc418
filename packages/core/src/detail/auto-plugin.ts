/**
 * The default detail stage (`detail: 'auto'`), as a plugin on the `composite` hook: each
 * window's fill is finished the way its holes need. Strokes (a wire, a line of text, a
 * scratch, a watermark: no hole pixel more than `wideDepth` pixels from the known photo) are
 * completed from patches of the photo beside them (`completeLocally`; coarse to fine where
 * deeper than `thinDepth`): an edge that crosses the hole is continued from the same edge
 * next to it, crisp, where the network's fill blurs it and laying texture over that blur
 * leaves a smudge. Deeper holes (objects) are completed from the photo's patches too, coarse
 * to fine, with the network's fill as the guide of the coarsest level (it decides what goes
 * where; `OBJECT_COMPLETION`): texture laid over the network's blurred average read as a
 * ghosted collage. Windows too large to complete get the photo's texture over the network's
 * fill ('texture', `addTexture`), as do webs of strokes deep only where they cross (not
 * compact: `OBJECT_COMPACTNESS`) and object holes with `objects: 'texture'`.
 * Deterministic (seeded per window), 8 and 16 bit, grey and colour, hole pixels only.
 */
import { createRng } from '@inpaint/mask-gen';
import type { InpainterPlugin } from '../hooks.js';
import { holeDepths } from './completion.js';
import type { LocalCompletionOptions } from './local-completion.js';
import { completeLocally } from './local-completion.js';
import { writeBack } from './completion-plugin.js';
import type { TextureOptions } from './plugin.js';
import { addTexture } from './plugin.js';
import { cropLevel, holeMap } from './pyramid.js';
import { windowSeed } from './seed.js';

/**
 * The deepest hole, in pixels from the known photo, that is completed at the window's own
 * resolution: 12, a stroke up to about 24 px wide when it runs along a row or column, about
 * 17 px at 45° (the city-block distance is the longer there). Deeper strokes (up to
 * WIDE_DEPTH) are completed coarse to fine, from the resolution at which they are this thin.
 */
export const THIN_DEPTH = 12;

/**
 * The deepest stroke: 48, a stroke up to about 96 px wide, completed coarse to fine beyond
 * THIN_DEPTH without a guide. Deeper windows are object holes (OBJECT_COMPLETION).
 */
export const WIDE_DEPTH = 48;

/**
 * How object holes (deeper than WIDE_DEPTH) are completed: coarse to fine from the level at
 * which they are THIN_DEPTH deep, the coarsest level started from the network's fill and
 * guided by its low-pass (the network decides what goes where), six EM iterations there,
 * three at every finer level but the last, and a coherence term, so that the fill is a few
 * coherent stretches of the photo joined in the gradient domain, not a patchwork; the paste
 * cascades (at most 40 sweeps a level, each started from the coarser level's paste).
 */
export const OBJECT_COMPLETION: Omit<LocalCompletionOptions, 'rng'> = { wideGuide: 3, coarseEm: 6, coarseKnownFirst: false, fineEm: 3, finestEm: 1, coherence: 1, pasteSweeps: 40 };

/**
 * The least compactness (the mean depth of a window's hole pixels over the deepest one's) of
 * an object hole that is completed from patches: 0.28. A disc or a box is about 1/3 (object
 * holes drawn by `objectEvaluationMask` on 16 training photos at their own size: 0.30–0.45);
 * a web of brush strokes deeper than WIDE_DEPTH only where strokes cross is about 1/5 (the
 * 512² training masks on the same photos: 0.15–0.33, 57 of 59 under 0.28). Completing such a
 * web as one object copies the photo into a hole that is most of the window: on those photos
 * its PSNR fell under Navier–Stokes' in 46 of the 59 fills (by up to 5.9 dB; the means of the
 * buckets from 30 % up by 0.85–1.15 dB); it gets texture (about 0.5 dB above Navier–Stokes').
 */
export const OBJECT_COMPACTNESS = 0.28;

/** The largest window (pixels of its source box) completed locally; larger ones get texture. */
export const LOCAL_MAX_PIXELS = 4_000_000;

export interface AutoDetailPluginOptions {
  /** Holes at most this deep (pixels to the nearest known pixel) are completed at the window's resolution, in a window the network saw at full resolution. Default THIN_DEPTH. */
  readonly thinDepth?: number;
  /** Holes deeper than thinDepth but at most this deep are strokes completed coarse to fine, in a window the network saw at half resolution or finer; deeper ones are objects. Default WIDE_DEPTH (at least thinDepth). */
  readonly wideDepth?: number;
  /** Windows whose source box holds more pixels than this get texture. Default LOCAL_MAX_PIXELS. */
  readonly maxPixels?: number;
  /** Object holes less compact than this (mean depth over deepest) get texture. Default OBJECT_COMPACTNESS. */
  readonly compactness?: number;
  /** The local completion's tuning for strokes (the defaults are the shipped ones). */
  readonly local?: Omit<LocalCompletionOptions, 'rng'>;
  /** How windows deeper than wideDepth (objects) are finished: 'complete' (from patches, coarse to fine, OBJECT_COMPLETION) or 'texture'. Default 'complete'. */
  readonly objects?: 'complete' | 'texture';
  /** The local completion's tuning for objects (over OBJECT_COMPLETION). */
  readonly objectLocal?: Omit<LocalCompletionOptions, 'rng'>;
  /** The texture stage's tuning for the other windows. */
  readonly texture?: TextureOptions;
}

/**
 * Make the 'auto' detail plugin (it replaces the built-in of that name).
 * @example
 * const inpainter = await Inpainter.create({ plugins: [autoDetailPlugin({ thinDepth: 8, wideDepth: 24 })] });
 * const { image } = await inpainter.inpaintWithReport(photo, mask); // detail 'auto' is the default
 */
export function autoDetailPlugin(o: AutoDetailPluginOptions = {}): InpainterPlugin {
  const thinDepth = o.thinDepth ?? THIN_DEPTH;
  const maxPixels = o.maxPixels ?? LOCAL_MAX_PIXELS;
  const compactness = o.compactness ?? OBJECT_COMPACTNESS;
  const wideDepth = Math.max(thinDepth, o.wideDepth ?? WIDE_DEPTH);
  const objects = o.objects ?? 'complete';
  return {
    name: 'auto',
    apply(inpainter) {
      inpainter.hooks.composite.tap('AutoDetailPlugin', (event, ctx) => {
        if (ctx.options.detail !== 'auto' || event.pixels === 0) return;
        const { window: w, output } = event;
        // a thin stroke in a window the network saw at full resolution (under 'crop' or 'resize'
        // a stroke's window is scaled by its extent: its fill too coarse a guide), a wider one
        // in a window it saw at half resolution or finer (it is completed from a coarser
        // level); an object hole at any scale (its completion needs the network's fill only as
        // a coarse guide) where it is compact, not a web of strokes; never a window larger
        // than maxPixels ('full' on a big photo: too slow and too large to complete whole)
        const sw = w.source.x1 - w.source.x0, sh = w.source.y1 - w.source.y0;
        const scale = w.scaledWidth / sw;
        const { deepest: depth, mean } = sw * sh <= maxPixels ? holeDepths(holeMap(ctx.mask, w.source), sw, sh) : { deepest: Infinity, mean: 0 };
        const object = depth > wideDepth && depth < Infinity && objects === 'complete' && mean >= compactness * depth;
        if (object || (depth <= thinDepth ? scale >= 1 : depth <= wideDepth && scale >= 0.5)) {
          const level = cropLevel(output, ctx.mask, w.source);
          const tuning = object ? { ...OBJECT_COMPLETION, ...o.objectLocal } : o.local;
          if (completeLocally(level, { thinDepth, ...tuning, rng: createRng(windowSeed(w.fill)) })) {
            writeBack(output, ctx.mask, level, w.source, w.fill);
            event.fromPhoto = true;
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
