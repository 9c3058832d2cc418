/**
 * The stages of an in-painting, as tapable hooks, declared once and frozen (webpack
 * style). A plugin is an object with `apply(inpainter)` that taps them by name:
 *
 *   inpainter.hooks.infer.tap('MyPlugin', (e) => console.log(e.ms));
 */
import { AsyncSeriesHook, AsyncSeriesWaterfallHook, SyncHook } from 'tapable';
import type { Box, Mask } from '@inpaint/mask-gen';
import type { RawImage } from './image.js';
import type { Plan, Window } from './plan.js';
import type { ResolvedInpaintOptions } from './options.js';
import type { BatchTensors, WindowPrediction } from './tensors.js';

/** What every hook gets besides its value: the call's input and options. */
export interface InpaintContext {
  readonly image: RawImage;
  readonly mask: Mask;
  readonly options: ResolvedInpaintOptions;
}

export interface InferEvent {
  readonly windows: readonly Window[];
  /** [n, 3, height, width] of this run. */
  readonly dims: readonly [number, number, number, number];
  /** Wall time of session.run, ms. */
  readonly ms: number;
}

export interface CompositeEvent {
  readonly window: Window;
  /** Hole pixels filled from this window. */
  readonly pixels: number;
  /**
   * The image being built, at full resolution, with this window's holes filled. A tap may
   * change hole pixels inside `window.fill` (the detail stage does); nothing else.
   */
  readonly output: RawImage;
  /**
   * Set by a tap that filled the window's holes with the photo's own pixels (the 'auto' detail
   * stage's local completion): later taps that correct a network's fill leave it alone (the
   * 'clamp' stage, whose range of nearby known pixels would flatten a copy of what lies
   * farther away).
   */
  fromPhoto?: boolean;
}

/**
 * How far a slow plugin is with one window (the 'complete' detail stage reports each level
 * of its pyramid). Plain data, so it crosses a worker thread as it is.
 */
export interface ProgressEvent {
  /** The reporting plugin's name ('complete'). */
  readonly plugin: string;
  /** Steps done and in all for this window (levels, for 'complete'); done ≤ total. */
  readonly done: number;
  readonly total: number;
  /** The window's fill box, in image pixels: which part of the image the steps are about. */
  readonly box: Box;
}

/** What an in-painting did, as reported to `done` and by `inpaintWithReport`. */
export interface InpaintReport {
  readonly width: number;
  readonly height: number;
  /** Strategy used ('none' when the mask had no hole). */
  readonly strategy: Plan['strategy'] | 'none';
  readonly windows: number;
  readonly inferences: number;
  readonly holePixels: number;
  /** Wall times in ms. */
  readonly ms: { readonly total: number; readonly plan: number; readonly infer: number };
  /** Things the caller should know that did not stop the work (for example a mask without holes). */
  readonly warnings: readonly string[];
}

export interface InpainterHooks {
  /** Windows to run; tap to change them (waterfall: return the plan to use). */
  readonly plan: AsyncSeriesWaterfallHook<[Plan, InpaintContext]>;
  /** Network inputs of one batch (waterfall). */
  readonly preprocess: AsyncSeriesWaterfallHook<[BatchTensors, InpaintContext]>;
  /** After every network run. */
  readonly infer: AsyncSeriesHook<[InferEvent, InpaintContext]>;
  /** One window's prediction before it is pasted (waterfall). */
  readonly postprocess: AsyncSeriesWaterfallHook<[WindowPrediction, InpaintContext]>;
  /** After a window's prediction was pasted into the holes. */
  readonly composite: AsyncSeriesHook<[CompositeEvent, InpaintContext]>;
  /** After the whole image is done. */
  readonly done: AsyncSeriesHook<[InpaintReport, InpaintContext]>;
  /** A plugin's progress within a stage (called by plugins: `inpainter.hooks.progress.call(event, ctx)`). */
  readonly progress: SyncHook<[ProgressEvent, InpaintContext]>;
}

/**
 * @example
 * const hooks = createHooks(); hooks.done.tap('log', (report) => console.log(report.strategy));
 */
export function createHooks(): InpainterHooks {
  return Object.freeze({
    plan: new AsyncSeriesWaterfallHook<[Plan, InpaintContext]>(['plan', 'context']),
    preprocess: new AsyncSeriesWaterfallHook<[BatchTensors, InpaintContext]>(['tensors', 'context']),
    infer: new AsyncSeriesHook<[InferEvent, InpaintContext]>(['event', 'context']),
    postprocess: new AsyncSeriesWaterfallHook<[WindowPrediction, InpaintContext]>(['prediction', 'context']),
    composite: new AsyncSeriesHook<[CompositeEvent, InpaintContext]>(['event', 'context']),
    done: new AsyncSeriesHook<[InpaintReport, InpaintContext]>(['report', 'context']),
    progress: new SyncHook<[ProgressEvent, InpaintContext]>(['event', 'context']),
  });
}

/**
 * A plugin: taps the hooks of the inpainter it is applied to. A plugin named like a built-in
 * ('feather', 'auto', 'texture', 'smooth', 'complete', 'clamp': BUILTIN_PLUGINS) takes that built-in's place
 * instead of running beside it; other plugins run after the built-ins.
 */
export interface InpainterPlugin {
  /** The plugin's name; the built-in of the same name is replaced by it. */
  readonly name?: string;
  apply(inpainter: { readonly hooks: InpainterHooks }): void;
}
