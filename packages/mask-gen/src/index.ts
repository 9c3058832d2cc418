/**
 * @inpaint/mask-gen — hole masks: the Mask type, seeded random generators with
 * hole-ratio targeting, connected components, morphology and thresholding.
 * White / 255 / non-zero marks a hole everywhere in the public API.
 */
export type { Mask, Box } from './mask.js';
export { HOLE, KEEP, createMask, maskFromBytes, countHoles, holeRatio, boundingBox, invertMask } from './mask.js';
export type { Rng } from './rng.js';
export { createRng } from './rng.js';
export type { Region, Components } from './components.js';
export { connectedComponents } from './components.js';
export { dilate, erode, squaredDistanceTo } from './morphology.js';
export type { PixelSource, ThresholdOptions, MaskRule } from './threshold.js';
export { maskFromImage, maskFromAlpha, maskFromMaskImage } from './threshold.js';
export type { Point, SpanSink } from './raster.js';
export { PaintSink, capsule, ellipse, rect, polyline } from './raster.js';
export type {
  MaskKind, KindOptions, StrokeOptions, ShapeOptions, BoxOptions, MixedOptions,
} from './generators.js';
export { MASK_KINDS } from './generators.js';
export type { GenerateMaskOptions } from './generate.js';
export { generateMask, PCONV_BUCKETS } from './generate.js';
export type { EvaluationMaskOptions } from './protocol.js';
export { evaluationMask } from './protocol.js';
