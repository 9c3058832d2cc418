/**
 * The one option schema: every option of in-painting is declared here once, as a TypeBox
 * schema (JSON Schema plus its TypeScript type) with its range, default and a one-line
 * description. From it come core's option types and resolution, the validation every
 * package calls (`checkOption`, sharp's `invalidParameterError` style), the server's route
 * schema and OpenAPI document, and the CLI flags' help and parsing.
 *
 * The helpers (choice, checkOption, checkOptions, parseOptionText, …) live in
 * @inpaint/mask-gen beside the error vocabulary, and are re-exported here. Packages above
 * core declare their own options with them (`@inpaint/files`: format, autoOrient,
 * keepMetadata).
 */
import { Schema, THRESHOLD, choice } from '@inpaint/mask-gen';
import type { OptionExtra } from '@inpaint/mask-gen';
import type { TSchema, TUnsafe } from '@sinclair/typebox';
import { MODEL_FORMATS } from './adapters.js';
import type { ModelFormat } from './adapters.js';
import { ENGINE_SCHEMA } from './engine.js';
import { STRATEGIES } from './plan.js';
import type { PluginSpec } from './plugin-spec.js';

export { checkOption, checkOptions, choice, choicesOf, defaultsOf, expectedOf, optionHelp, parseOptionText, requireOption, Schema, fits } from '@inpaint/mask-gen';
export type { OptionExtra, OptionSchemas, OptionsOf, Static, TSchema } from '@inpaint/mask-gen';

/** The detail stage's modes: per window by the holes' depth (auto), guided patch completion, the photo's texture over the network's fill, or the network's fill alone. */
export type Detail = 'auto' | 'texture' | 'smooth' | 'complete';
export const DETAILS: readonly Detail[] = ['auto', 'texture', 'smooth', 'complete'];

/** Options of one in-painting (`inpaint()`, `Inpainter.create`, `.inpaint()`, every front end). */
export const INPAINT_OPTION_SCHEMA = {
  strategy: choice(STRATEGIES, { default: 'auto', description: 'how holes are covered: auto (crops around the holes, or one pass when that is cheaper), crop, resize, full' }),
  detail: choice(DETAILS, { default: 'auto', description: "auto: strokes (wires, text, scratches) completed from the photo's patches beside them, object holes from the photo's patches coarse to fine with the network's fill as guide, both pasted in the gradient domain; complete: the fill made of the photo's own patches at every scale, guided by the network's fill; texture: the photo's fine detail laid over the network's fill; smooth: the network's fill alone" }),
  maxSide: Schema.Integer({ minimum: 16, maximum: 8192, default: 512, 'x-unit': 'pixels', description: "working resolution: a window's longer side is scaled down to at most this before inference" }),
  feather: Schema.Number({ minimum: 0, maximum: 256, default: 0, 'x-unit': 'pixels', description: 'feather the seam inside the holes over this many pixels (0: off)' }),
  clamp: Schema.Number({ minimum: 0, maximum: 256, default: 12, 'x-unit': 'pixels', description: 'hold each filled pixel, channel by channel, within the range of the known pixels this close to it (0: off): a fill carries no colour its surroundings lack; windows the default detail stage fills with the photo\'s own pixels are left as they are' }),
  context: Schema.Number({ minimum: 0, maximum: 8, default: 0.5, description: "context margin around a hole region, as a fraction of the region's longer side" }),
  minContext: Schema.Integer({ minimum: 0, maximum: 4096, default: 32, 'x-unit': 'pixels', description: 'smallest context margin' }),
  maxBatch: Schema.Integer({ minimum: 1, maximum: 64, default: 4, description: 'most windows per network run' }),
} satisfies Record<string, TSchema & OptionExtra>;

/** How a mask is read (files, buffers and pixels alike). */
export const MASK_OPTION_SCHEMA = {
  invert: Schema.Boolean({ default: false, description: 'the mask is black-is-hole' }),
  threshold: Schema.Number({ ...THRESHOLD, description: 'a mask pixel at or above this fraction of full scale is a hole' }),
  dilate: Schema.Number({ minimum: 0, maximum: 1024, default: 0, 'x-unit': 'pixels', description: 'grow the holes by this many pixels' }),
  resizeMask: Schema.Boolean({ default: false, description: 'resize a mask of another size to the image (nearest neighbour) instead of failing' }),
  fillAlpha: Schema.Boolean({ default: false, description: "with mask 'alpha': make the output opaque instead of keeping the alpha channel" }),
} satisfies Record<string, TSchema & OptionExtra>;

/** Which model runs, and how. */
export const MODEL_OPTION_SCHEMA = {
  model: Schema.String({ minLength: 1, description: 'the ONNX model file (default: the model shipped with @inpaint/core)', expected: 'the path of an ONNX file' }),
  modelFormat: choice<ModelFormat | 'auto'>(['auto', ...MODEL_FORMATS], { default: 'auto', description: "the model file's contract: auto detects it from its metadata and signature" }),
  engine: ENGINE_SCHEMA,
  threads: Schema.Integer({ minimum: 1, maximum: 256, description: 'onnxruntime intra-op threads (default: all cores)' }),
} satisfies Record<string, TSchema & OptionExtra>;

/**
 * Plugins by module, as every front end takes them (`inpaint run|serve|worker --plugin`, the
 * gulp plugin's and the queue worker's `plugins`): PluginSpecs, plain data since they cross
 * into worker threads. Declared once; the pool takes plugin objects besides.
 */
export const PLUGINS_SCHEMA = Schema.Array(
  Schema.Object({
    module: Schema.String({ minLength: 1, description: "an installed package's name, a file URL, a path (relative ones from the working directory), or inpaint:<name> for a built-in" }),
    options: Schema.Unknown({ description: "plain data (JSON) passed to the module's default export" }),
  }, { optional: ['options'] }),
  {
    description: 'plugins by module, applied in every worker: { module, options? }, module an ES module whose default export is a plugin factory (a plugin named as a built-in replaces it)',
    expected: "a list of { module, options? }: module a package name, file URL, path or 'inpaint:<name>', options plain data (JSON)",
  },
) as TSchema as TUnsafe<PluginSpec[]>; // its static type: PluginSpec's (`options` optional, plain data)

/** Options of a pool of worker threads. */
export const POOL_OPTION_SCHEMA = {
  plugins: PLUGINS_SCHEMA,
  size: Schema.Integer({ minimum: 1, maximum: 256, description: 'worker threads, each with its own model session (default: the core count)' }),
  threadsPerWorker: Schema.Integer({ minimum: 1, maximum: 256, description: 'onnxruntime threads per worker (default: cores / size)' }),
  maxQueue: Schema.Integer({ minimum: 0, description: 'tasks that may wait beyond those running (past it: an error at once)' }),
} satisfies Record<string, TSchema & OptionExtra>;

