/**
 * @inpaint/core — learned image in-painting: Partial-Convolution U-Net models on
 * onnxruntime-node. Table of contents:
 */
export { Inpainter } from './inpainter.js';
export type { InpainterOptions, InpaintResult } from './inpainter.js';
export { InpaintPool } from './pool.js';
export { lazy } from './lazy.js';
export { threadsPerWorker } from './threads.js';
export type { Lazy } from './lazy.js';
export type { InpaintPoolOptions, InpaintPoolHooks, InpaintPoolPlugin, PoolCallOptions } from './pool.js';
export type { InpaintOptions, ResolvedInpaintOptions, Detail } from './options.js';
export { DEFAULT_OPTIONS, DETAILS } from './options.js';
export {
  INPAINT_OPTION_SCHEMA, MASK_OPTION_SCHEMA, MODEL_OPTION_SCHEMA, PLUGINS_SCHEMA, POOL_OPTION_SCHEMA,
  Schema, checkOption, checkOptions, choice, choicesOf, defaultsOf, expectedOf, fits, optionHelp, parseOptionText, requireOption,
} from './option-schema.js';
export type { OptionSchemas, OptionsOf, Static, TSchema } from './option-schema.js';
export { DetailPlugin, detailPlugin, addTexture, DETAIL_METHODS } from './detail/plugin.js';
export type { DetailMethod, DetailPluginOptions, TextureOptions } from './detail/plugin.js';
export { AutoDetailPlugin, autoDetailPlugin, LOCAL_MAX_PIXELS, OBJECT_COMPACTNESS, OBJECT_COMPLETION, THIN_DEPTH, WIDE_DEPTH } from './detail/auto-plugin.js';
export type { AutoDetailPluginOptions } from './detail/auto-plugin.js';
export { CompletionPlugin, completionPlugin } from './detail/completion-plugin.js';
export type { CompletionPluginOptions } from './detail/completion-plugin.js';
export type { CompletionOptions } from './detail/completion.js';
export type { LocalCompletionOptions, LocalPaste } from './detail/local-completion.js';
export type { RawImage } from './image.js';
export { copySamples } from './image.js';
export { ClampPlugin, clampToSurroundings } from './range-clamp.js';
export type { MaskInput } from './mask-input.js';
export { toMask } from './mask-input.js';
export { loadModel, parseModelInfo, DEFAULT_MODEL_PATH, REQUIRED_METADATA, KNOWN_ARCHITECTURES, MASK_CONVENTION } from './model.js';
export type { ModelInfo, LoadedModel } from './model.js';
export { readOnnxMetadata } from './onnx-metadata.js';
export { MODEL_FORMATS, adapterFor, detectFormat, describeSignature, signatureOf } from './adapters.js';
export type { ModelFormat, ModelAdapter, ModelSignature, ValueSignature, SizeRule } from './adapters.js';
export { loadEngine, resolveEnginePreference, ENGINE_PREFERENCES, ENGINE_ENV, WASM_FALLBACK_NOTICE } from './engine.js';
export type { Engine, EngineName, EnginePreference } from './engine.js';
export { planWindows, batchWindows, mergeBoxes, thicknessWindows, BATCH_PIXELS, DEPTH_FRACTION, STRATEGIES } from './plan.js';
export type { Plan, Window, TileBlend, Strategy, PlanOptions } from './plan.js';
export type { BatchTensors, WindowPrediction } from './tensors.js';
export { validOf } from './tensors.js';
export type { InpainterHooks, InpainterPlugin, InpaintContext, InferEvent, CompositeEvent, InpaintReport, ProgressEvent } from './hooks.js';
export { BUILTIN_PLUGINS, BUILTIN_PLUGIN_NAMES, BUILTIN_PLUGIN_FACTORIES, SmoothPlugin, isBuiltinPluginName, withBuiltins } from './plugin-registry.js';
export type { BuiltinPluginName, PluginFactory } from './plugin-registry.js';
export { BUILTIN_SCHEME, PluginError, isPluginSpec, loadPlugin, loadPlugins, resolvePluginSpec } from './plugin-spec.js';
export type { JsonValue, PluginSpec } from './plugin-spec.js';
export { FeatherPlugin, featherPrediction } from './feather.js';
export { l1, psnr, ssim } from './metrics.js';
export { sharpnessRatio, textureDistance } from './texture-metrics.js';
export type { MetricOptions } from './metrics.js';
export {
  InpaintError, InvalidParameterError, InvalidImageError, MaskMismatchError, InvalidMaskError,
  ModelNotFoundError, ModelCorruptError, ModelRefusedError, InferenceError, DisposedError, invalidParameterError,
} from './errors.js';
export type { InpaintErrorCode, InputErrorDetails } from './errors.js';
