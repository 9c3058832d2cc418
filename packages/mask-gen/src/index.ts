/**
 * @inpaint/mask-gen — hole masks: the Mask type, seeded random generators with
 * hole-ratio targeting, connected components, morphology and thresholding, and masks drawn
 * from a detector's boxes and polygons.
 * White / 255 / non-zero marks a hole everywhere in the public API.
 */
export type { RawImage } from './image.js';
export {
  InpaintError, InvalidParameterError, InvalidImageError, MaskMismatchError, InvalidMaskError,
  ModelNotFoundError, ModelCorruptError, ModelRefusedError, InferenceError, DisposedError,
  invalidParameterError, serializeError, deserializeError,
} from './errors.js';
export type { InpaintErrorCode, InputErrorDetails, SerializedError } from './errors.js';
export type { Mask, Box } from './mask.js';
export { HOLE, KEEP, SIZE_SCHEMA, createMask, maskFromBytes, countHoles, holeRatio, boundingBox, invertMask, resizeMask } from './mask.js';
export type { Rng } from './rng.js';
export { createRng, SEED_SCHEMA } from './rng.js';
export type { Region, Components } from './components.js';
export { connectedComponents } from './components.js';
export { dilate, erode, holeDepth, squaredDistanceTo } from './morphology.js';
export type { ThresholdOptions, MaskRule } from './threshold.js';
export { maskFromImage, maskFromAlpha, maskFromMaskImage, THRESHOLD } from './threshold.js';
export type { Point, SpanSink } from './raster.js';
export { PaintSink, capsule, ellipse, rect, polyline } from './raster.js';
export type { DrawOptions, Polygon } from './draw.js';
export { boxCorners, drawBoxes, drawPolygons, fillPolygon } from './draw.js';
export type {
  MaskKind, KindOptions, StrokeOptions, ShapeOptions, BoxOptions, MixedOptions, ObjectOptions, LineOptions,
} from './mask-kinds.js';
export { MASK_KINDS } from './mask-kinds.js';
export type { GenerateMaskOptions } from './generate-mask.js';
export { generateMask, checkRatio, GENERATE_OPTION_SCHEMA, PCONV_BUCKETS } from './generate-mask.js';
export {
  Schema, checkOption, checkOptions, choice, choicesOf, defaultsOf, expectedOf, fits, optionHelp, parseOptionText, requireOption,
} from './option-schema.js';
export type { OptionExtra, OptionSchemas, OptionsOf, Static, TSchema } from './option-schema.js';
export type { EvaluationMaskOptions, ObjectEvaluationMaskOptions } from './evaluation-mask.js';
export { evaluationMask, objectEvaluationMask, thinStrokeEvaluationMask, OBJECT_BUCKETS, STROKE_BUCKETS } from './evaluation-mask.js';
