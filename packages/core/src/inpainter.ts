/**
 * The Inpainter: one onnxruntime session, created once and reused, that fills the holes
 * of raw images: plan windows (plan.ts), run them, paste the fills (composite.ts), with the
 * stages as hooks (hooks.ts) and the built-in plugins on them (plugin-registry.ts).
 */
import type { InferenceSession } from 'onnxruntime-common';
import { countHoles } from '@inpaint/mask-gen';
import type { Mask } from '@inpaint/mask-gen';
import { TileBlender, compositeWindow } from './composite.js';
import { DisposedError, InferenceError, InvalidMaskError } from './errors.js';
import { withBuiltins } from './plugin-registry.js';
import { loadPlugins } from './plugin-spec.js';
import type { PluginSpec } from './plugin-spec.js';
import type { InpaintContext, InpaintReport, InpainterHooks, InpainterPlugin } from './hooks.js';
import { createHooks } from './hooks.js';
import type { RawImage } from './image.js';
import { assertImage, cloneImage } from './image.js';
import type { MaskInput } from './mask-input.js';
import { toMask } from './mask-input.js';
import type { ModelInfo } from './model.js';
import { loadModel } from './model.js';
import type { Engine, EngineName, EnginePreference } from './engine.js';
import type { InpaintOptions, ResolvedInpaintOptions } from './options.js';
import { DEFAULT_OPTIONS, resolveOptions } from './options.js';
import { batchWindows, planWindows } from './plan.js';
import { batchTensors, splitPredictions } from './tensors.js';
import type { BatchTensors } from './tensors.js';
import type { PlanOptions, Window } from './plan.js';
import type { ModelAdapter, ModelFormat } from './adapters.js';

export interface InpainterOptions extends InpaintOptions {
  /** ONNX model: a file path or its bytes. Default: the model shipped in @inpaint/core/models. */
  model?: string | Uint8Array;
  /** onnxruntime intra-op threads (native engine). Default: onnxruntime's choice (all cores). */
  threads?: number;
  /**
   * Which onnxruntime build runs the model: 'native' (onnxruntime-node), 'wasm' (onnxruntime-web
   * in Node, about 4x slower, needs no install step) or 'auto' (native when installed).
   * Default: the INPAINT_ENGINE environment variable, else 'auto'.
   */
  engine?: EnginePreference;
  /**
   * The model file's contract: 'auto' (default) detects it from its metadata and signature;
   * or one of 'inpaint' (ours), 'lama', 'migan-pipeline', 'migan', 'lama-4ch' (adapters.ts).
   */
  modelFormat?: ModelFormat | 'auto';
  /**
   * Plugins applied at creation: objects, or PluginSpecs `{ module, options }` imported here.
   * One named like a built-in ('feather', 'auto', 'texture', 'smooth', 'complete', 'clamp') replaces it; the
   * others run after the built-ins.
   */
  plugins?: readonly (InpainterPlugin | PluginSpec)[];
}

export interface InpaintResult {
  readonly image: RawImage;
  readonly report: InpaintReport;
}

const now = (): number => performance.now();

/**
 * As Inpainter#inpaintWithReport, trusting what the caller checked: the image (assertImage)
 * and the mask, normalised for it (toMask), and filling the holes of `image` itself: its
 * pixels outside the holes are the output's, so no full-size copy is made and the result's
 * image is `image`. For InpaintPool's workers, whose pool checked both on the caller's thread
 * and gave the task pixels it owns; not exported from the package. (No stage reads a hole
 * pixel of the input: the tensors take valid pixels only, the detail stage the output.)
 * @example
 * const { image: out } = await inpaintChecked(inpainter, image, toMask(bytes, image)); // out === image
 */
export let inpaintChecked: (inpainter: Inpainter, image: RawImage, mask: Mask, options?: InpaintOptions) => Promise<InpaintResult>;

export class Inpainter {
  /** The stages, as tapable hooks (frozen). */
  readonly hooks: InpainterHooks = createHooks();
  /** The loaded model's contract data and metadata. */
  readonly model: ModelInfo;
  /** Defaults for inpaint() calls. */
  readonly defaults: ResolvedInpaintOptions;
  #session: InferenceSession | null;
  readonly #engine: Engine;
  readonly #adapter: ModelAdapter;
  /** The model file (or 'the given buffer'), for error messages. */
  readonly #where: string;

  private constructor(session: InferenceSession, engine: Engine, adapter: ModelAdapter, where: string, model: ModelInfo, defaults: ResolvedInpaintOptions) {
    this.#session = session;
    this.#engine = engine;
    this.#adapter = adapter;
    this.#where = where;
    this.model = model;
    this.defaults = defaults;
  }

  /** The onnxruntime build running the model: 'native' (onnxruntime-node) or 'wasm' (onnxruntime-web). */
  get engine(): EngineName {
    return this.#engine.name;
  }

  /**
   * Load a model and open its session.
   *
   * @example
   * import { Inpainter } from '@inpaint/core';
   * const inpainter = await Inpainter.create({ threads: 2, plugins: [{ module: 'inpaint:texture', options: { method: 'attention' } }] });
   * const filled = await inpainter.inpaint(image, mask);
   * await inpainter.dispose();
   * @throws {ModelNotFoundError | ModelCorruptError | ModelRefusedError | InvalidParameterError | PluginError}
   */
  static async create(options: InpainterOptions = {}): Promise<Inpainter> {
    const { model, threads, engine, modelFormat, plugins, ...defaults } = options;
    const resolved = resolveOptions(DEFAULT_OPTIONS, defaults);
    // plugins first: a bad one fails before a session is opened
    const applied = withBuiltins(await loadPlugins(plugins ?? []));
    const loaded = await loadModel(model, { threads, engine, modelFormat });
    const where = typeof model === 'string' ? model : model === undefined ? 'the default model' : 'the given model bytes';
    const inpainter = new Inpainter(loaded.session, loaded.engine, loaded.adapter, where, loaded.info, resolved);
    for (const plugin of applied) plugin.apply(inpainter);
    return inpainter;
  }

  /** Whether dispose() was called. */
  get disposed(): boolean {
    return this.#session === null;
  }

  /**
   * Fill the holes of an image. Returns a new image of the same size, channels and
   * sample type; pixels outside holes are bit-identical to the input, alpha is carried
   * through untouched, grey stays grey. A mask without holes returns a copy at once.
   *
   * @example
   * const out = await inpainter.inpaint({ data, width, height, channels: 3 }, mask, { feather: 4 });
   * @throws {InvalidImageError | MaskMismatchError | InvalidMaskError | InvalidParameterError | InferenceError | DisposedError}
   */
  async inpaint(image: RawImage, mask: MaskInput, options?: InpaintOptions): Promise<RawImage> {
    return (await this.inpaintWithReport(image, mask, options)).image;
  }

  /**
   * As inpaint(), with a report of what was done (strategy, windows, timings).
   * @example
   * const { image: out, report } = await inpainter.inpaintWithReport(image, mask);
   * console.log(report.strategy, report.windows, report.ms.total, report.warnings);
   */
  async inpaintWithReport(image: RawImage, maskInput: MaskInput, options?: InpaintOptions): Promise<InpaintResult> {
    const t0 = now();
    if (this.#session === null) throw new DisposedError('Inpainter');
    assertImage(image);
    return this.#inpaint(image, toMask(maskInput, image), options, t0, cloneImage);
  }

  static {
    inpaintChecked = async (inpainter, image, mask, options) => {
      const t0 = now();
      if (inpainter.#session === null) throw new DisposedError('Inpainter');
      return inpainter.#inpaint(image, mask, options, t0, (owned) => owned);
    };
  }

  /**
   * The in-painting proper, on an image already checked and a mask already normalised for it;
   * `output` makes the image the fills are written into from the input (a copy, or the input).
   */
  async #inpaint(image: RawImage, mask: Mask, options: InpaintOptions | undefined, t0: number, output: (image: RawImage) => RawImage): Promise<InpaintResult> {
    const opts = resolveOptions(this.defaults, options);
    const holes = countHoles(mask);
    const base = { width: image.width, height: image.height, holePixels: holes };
    if (holes === 0) {
      const warnings = ['the mask marks no hole, so the image is returned unchanged; check that white (non-zero) marks the holes'];
      return { image: output(image), report: { ...base, strategy: 'none', windows: 0, inferences: 0, ms: { total: now() - t0, plan: 0, infer: 0 }, warnings } };
    }
    if (holes === image.width * image.height) {
      throw new InvalidMaskError('the mask marks every pixel as a hole, so nothing is left to in-paint from; check that white (non-zero) marks the holes, or pass invert');
    }
    const ctx: InpaintContext = { image, mask, options: opts };
    const tp = now();
    const plan = await this.hooks.plan.promise(
      planWindows(mask, this.#planOptions(opts)),
      ctx,
    );
    const planMs = now() - tp;
    const out = output(image);
    let inferMs = 0;
    let inferences = 0;
    // Tiles of a long, thin hole (`Window.blend`) overlap: their predictions are summed into
    // their group's blender as they come, and only when the group's last tile is in are its
    // hole pixels written and its tiles' `composite` hooks called, one per tile in plan
    // order. So each hole pixel holds its final blended value before any composite tap (the
    // detail stage) sees it, and a tap's changes in one tile's fill box are never blended
    // over by a neighbour's prediction.
    const groups = new Map<number, Window[]>();
    for (const w of plan.windows) if (w.blend) groups.set(w.blend.group, [...(groups.get(w.blend.group) ?? []), w]);
    const blenders = new Map<number, TileBlender>();
    for (const windows of batchWindows(plan.windows, Math.min(opts.maxBatch, this.#adapter.maxBatch))) {
      const tensors = await this.hooks.preprocess.promise(batchTensors(image, mask, windows), ctx);
      const dims = [tensors.n, 3, tensors.height, tensors.width] as const;
      const ti = now();
      const output = await this.#run(tensors);
      const ms = now() - ti;
      inferMs += ms;
      inferences++;
      await this.hooks.infer.promise({ windows, dims, ms }, ctx);
      for (const pred of splitPredictions(tensors, output)) {
        const p = await this.hooks.postprocess.promise(pred, ctx);
        const group = p.window.blend?.group;
        if (group === undefined) {
          const pixels = compositeWindow(out, mask, p);
          await this.hooks.composite.promise({ window: p.window, pixels, output: out }, ctx);
          continue;
        }
        let blender = blenders.get(group);
        if (!blender) blenders.set(group, (blender = new TileBlender(mask, groups.get(group)!)));
        blender.add(p);
        if (!blender.complete) continue;
        blenders.delete(group);
        const pixels = blender.write(out);
        for (const [k, window] of blender.tiles.entries()) await this.hooks.composite.promise({ window, pixels: pixels[k], output: out }, ctx);
      }
    }
    const report: InpaintReport = { ...base, strategy: plan.strategy, windows: plan.windows.length, inferences, ms: { total: now() - t0, plan: planMs, infer: inferMs }, warnings: [] };
    await this.hooks.done.promise(report, ctx);
    return { image: out, report };
  }

  /**
   * The planner's options for this model: a fixed-size model gets windows of its size
   * (scaled down when larger, grown with real context when smaller; one 'full' pass is a
   * 'resize' pass for it).
   */
  #planOptions(opts: ResolvedInpaintOptions): PlanOptions {
    const fixed = this.model.fixedSize;
    if (fixed === undefined) return { ...opts, multiple: this.model.multiple };
    return { ...opts, strategy: opts.strategy === 'full' ? 'resize' : opts.strategy, multiple: fixed, maxSide: fixed };
  }

  async #run(t: BatchTensors): Promise<Float32Array> {
    const session = this.#session;
    if (session === null) throw new DisposedError('Inpainter');
    try {
      const result = await this.#engine.run(session, this.#adapter.feeds(t, this.#engine.Tensor));
      const output = this.#adapter.read(result, t);
      if (output.length !== t.n * 3 * t.height * t.width) throw new Error(`the output holds ${output.length} values, not ${t.n}x3x${t.height}x${t.width}`);
      return output;
    } catch (e) {
      throw new InferenceError(`${this.#where} (${this.model.format}) failed on a ${t.n}x3x${t.height}x${t.width} input: ${(e as Error).message.split('\n')[0]}`, { cause: e });
    }
  }

  /**
   * Release the session. Further calls reject with DisposedError; calling twice is harmless.
   * @example
   * await inpainter.dispose(); // later calls reject with DisposedError
   */
  async dispose(): Promise<void> {
    const session = this.#session;
    this.#session = null;
    if (session) await this.#engine.release(session);
  }
}
