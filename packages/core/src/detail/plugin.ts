/**
 * The detail stage, built as a plugin on the `composite` hook: structure from the network,
 * texture from the photo. After a window's smooth fill is pasted at full resolution, the
 * window's source box is cut into cells of the band size (about what the network's
 * scaled-down pass cannot resolve: 6 network pixels, so 6 px at 512², 18 px for a window
 * scaled down 3×; chosen on training photos, between 4, 6 and 8: 8 copied visible
 * structure, 4 too little texture); each cell of the hole finds where in the known photo the same coarse
 * colours and structure sit (`patchMatch` or `attention`), and the photo's high-frequency
 * residual from there is added to the fill. Deterministic (seeded per window), 8 and 16 bit,
 * grey and RGB, alpha untouched, hole pixels only.
 */
import { createRng } from '@inpaint/mask-gen';
import type { Mask } from '@inpaint/mask-gen';
import type { CompositeEvent, InpainterPlugin } from '../hooks.js';
import type { Detail } from '../options.js';
import { cellGrid } from './grid.js';
import type { Correspondence } from './match.js';
import { attention, patchMatch } from './match.js';
import { residualPlane, transferResidual } from './transfer.js';
import { windowSeed } from './seed.js';

export type DetailMethod = 'patchmatch' | 'attention';
export const DETAIL_METHODS: readonly DetailMethod[] = ['patchmatch', 'attention'];

export interface DetailPluginOptions {
  /**
   * The `detail` setting this plugin serves, which is also its name: it replaces the built-in
   * of that name (so `detailPlugin({ method: 'attention' })` is what `detail: 'texture'` runs). Default 'texture'.
   */
  readonly name?: Detail;
  /** How hole cells find their texture. Default 'patchmatch'. */
  readonly method?: DetailMethod;
  /** Band size in network pixels (a cell is this many network pixels at the window's scale). Default 6. */
  readonly band?: number;
  /** PatchMatch's coherence weight (see PatchMatchOptions). Default 2. */
  readonly coherence?: number;
  /** Run whatever the call's `detail` option says. Default false. */
  readonly always?: boolean;
}

/** Fewest known source cells worth matching against; below it the smooth fill stays. */
const MIN_SOURCES = 4;

/** How `addTexture` finds and lays texture (DetailPluginOptions' tuning part). */
export type TextureOptions = Pick<DetailPluginOptions, 'method' | 'band' | 'coherence'>;

/**
 * Lay the photo's texture over one window's smooth fill (the 'texture' detail stage's work on
 * one composite event), in place: hole pixels inside the window's fill box only. Returns
 * false where too little of the window is known to take texture from (the fill stays smooth).
 * @example
 * inpainter.hooks.composite.tap('MyDetail', (event, ctx) => { addTexture(event, ctx.mask); });
 */
export function addTexture(event: CompositeEvent, mask: Mask, o: TextureOptions = {}): boolean {
  const { window: w, output } = event;
  const method = o.method ?? 'patchmatch';
  const scale = w.scaledWidth / (w.source.x1 - w.source.x0);
  const cell = Math.max(2, Math.min(64, Math.round((o.band ?? 6) / scale)));
  const grid = cellGrid(output, mask, w.source, w.fill, cell);
  let known = 0;
  for (const v of grid.known) known += v;
  if (known < MIN_SOURCES) return false;
  const rng = createRng(windowSeed(w.fill));
  // 5×5-cell patches, or 3×3 where no 5×5 patch is wholly known
  const nearest = (radius: number) => patchMatch(grid, rng, { radius, iterations: 3, coherence: o.coherence ?? 2, occurrence: 0.5 });
  const match: Correspondence | null = method === 'patchmatch' ? nearest(2) ?? nearest(1) : attention(grid, { radius: 1, candidates: 1024, keep: 4 });
  if (match === null) return false;
  transferResidual(output, mask, grid, w.fill, residualPlane(output, mask, grid), match);
  return true;
}

/**
 * Make a detail plugin. It replaces the built-in of its name (default 'texture').
 * @example
 * const inpainter = await Inpainter.create({ plugins: [detailPlugin({ method: 'attention' })] }); // detail 'texture' now runs attention
 */
export function detailPlugin(o: DetailPluginOptions = {}): InpainterPlugin {
  const name = o.name ?? 'texture';
  const method = o.method ?? 'patchmatch';
  return {
    name,
    apply(inpainter) {
      inpainter.hooks.composite.tap(`DetailPlugin(${name}: ${method})`, (event, ctx) => {
        if (!o.always && ctx.options.detail !== name) return;
        if (event.pixels === 0) return;
        addTexture(event, ctx.mask, o);
      });
    },
  };
}

/** The built-in detail stage 'texture' (applied by every Inpainter unless replaced; it acts when `detail` is 'texture'). */
export const DetailPlugin: InpainterPlugin = detailPlugin();
