/**
 * The one option schema: every option of in-painting is declared here once, as a TypeBox
 * schema (JSON Schema plus its TypeScript type) with its range, default and a one-line
 * description. From it come core's option types and resolution, the validation every
 * package calls (`checkOption`, sharp's `invalidParameterError` style), the server's route
 * schema and OpenAPI document, and the CLI flags' help and parsing.
 *
 * Packages above core declare their own options with the same builders and helpers
 * (`@inpaint/files`: format, autoOrient, keepMetadata).
 */
import { THRESHOLD } from '@inpaint/mask-gen';
import { Type } from '@sinclair/typebox';
import type { Static, TBoolean, TInteger, TLiteral, TNumber, TSchema, TString, TUnion } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { MODEL_FORMATS } from './adapters.js';
import type { ModelFormat } from './adapters.js';
import { ENGINE_PREFERENCES } from './engine.js';
import { invalidParameterError } from './errors.js';
import { STRATEGIES } from './plan.js';

/** What a schema may carry besides JSON Schema: the unit of a number, for messages and help. */
interface Extra {
  /** 'pixels', 'ms', …: "a number of pixels between 0 and 1024". */
  readonly unit?: string;
}

/**
 * A choice among strings (JSON Schema `anyOf` of `const`s).
 * @example
 * const mode = choice(['skip', 'error'] as const, { default: 'skip', description: 'a file without a mask' });
 */
export function choice<T extends string>(values: readonly T[], o: { default?: NoInfer<T>; description: string }): TUnion<TLiteral<T>[]> {
  return Type.Union(values.map((v) => Type.Literal(v)), o);
}

export type { Static, TSchema } from '@sinclair/typebox';

/** The 'texture'/'smooth' choice of the detail stage. */
export type Detail = 'texture' | 'smooth';
export const DETAILS: readonly Detail[] = ['texture', 'smooth'];

/** Options of one in-painting (`inpaint()`, `Inpainter.create`, `.inpaint()`, every front end). */
export const INPAINT_OPTION_SCHEMA = {
  strategy: choice(STRATEGIES, { default: 'auto', description: 'how holes are covered: auto (crops around the holes, or one pass when that is cheaper), crop, resize, full' }),
  detail: choice(DETAILS, { default: 'texture', description: "texture: the photo's own detail in the fill, at full resolution; smooth: the network's fill alone" }),
  maxSide: Type.Integer({ minimum: 16, maximum: 8192, default: 512, unit: 'pixels', description: "working resolution: a window's longer side is scaled down to at most this before inference" }),
  feather: Type.Number({ minimum: 0, maximum: 256, default: 0, unit: 'pixels', description: 'feather the seam inside the holes over this many pixels (0: off)' }),
  context: Type.Number({ minimum: 0, maximum: 8, default: 0.5, description: "context margin around a hole region, as a fraction of the region's longer side" }),
  minContext: Type.Integer({ minimum: 0, maximum: 4096, default: 32, unit: 'pixels', description: 'smallest context margin' }),
  maxBatch: Type.Integer({ minimum: 1, maximum: 64, default: 4, description: 'most windows per network run' }),
} satisfies Record<string, TSchema & Extra>;

/** How a mask is read (files, buffers and pixels alike). */
export const MASK_OPTION_SCHEMA = {
  invert: Type.Boolean({ default: false, description: 'the mask is black-is-hole' }),
  threshold: Type.Number({ ...THRESHOLD, description: 'a mask pixel at or above this fraction of full scale is a hole' }),
  dilate: Type.Number({ minimum: 0, maximum: 1024, default: 0, unit: 'pixels', description: 'grow the holes by this many pixels' }),
  resizeMask: Type.Boolean({ default: false, description: 'resize a mask of another size to the image (nearest neighbour) instead of failing' }),
  fillAlpha: Type.Boolean({ default: false, description: "with mask 'alpha': make the output opaque instead of keeping the alpha channel" }),
} satisfies Record<string, TSchema & Extra>;

/** Which model runs, and how. */
export const MODEL_OPTION_SCHEMA = {
  model: Type.String({ minLength: 1, description: 'the ONNX model file (default: the model shipped with @inpaint/core)', expected: 'the path of an ONNX file' }),
  modelFormat: choice<ModelFormat | 'auto'>(['auto', ...MODEL_FORMATS], { default: 'auto', description: "the model file's contract: auto detects it from its metadata and signature" }),
  engine: choice(ENGINE_PREFERENCES, { default: 'auto', description: 'native (onnxruntime-node), wasm (onnxruntime-web, about 4x slower) or auto (native when installed)' }),
  threads: Type.Integer({ minimum: 1, maximum: 256, description: 'onnxruntime intra-op threads (default: all cores)' }),
} satisfies Record<string, TSchema & Extra>;

/** Options of a pool of worker threads. */
export const POOL_OPTION_SCHEMA = {
  size: Type.Integer({ minimum: 1, maximum: 256, description: 'worker threads, each with its own model session (default: the core count)' }),
  threadsPerWorker: Type.Integer({ minimum: 1, maximum: 256, description: 'onnxruntime threads per worker (default: cores / size)' }),
  maxQueue: Type.Integer({ minimum: 0, description: 'tasks that may wait beyond those running (past it: an error at once)' }),
} satisfies Record<string, TSchema & Extra>;

/** A record of option schemas, and the options object it describes (every key optional). */
export type OptionSchemas = Readonly<Record<string, TSchema>>;
export type OptionsOf<S extends OptionSchemas> = { -readonly [K in keyof S]?: Static<S[K]> };

const isUnion = (s: TSchema): s is TUnion<TLiteral<string>[]> => Array.isArray((s as { anyOf?: unknown }).anyOf);

/** The literal values of a choice. */
export function choicesOf(schema: TSchema): string[] {
  return isUnion(schema) ? schema.anyOf.map((l) => String(l.const)) : [];
}

/**
 * What a valid value looks like, in the words of an error message ("an integer between 1
 * and 64", "one of auto, full, tiles, crop", "a boolean").
 * @example
 * expectedOf(MASK_OPTION_SCHEMA.dilate); // 'a number of pixels between 0 and 1024'
 */
export function expectedOf(schema: TSchema): string {
  const s = schema as TSchema & Extra & { expected?: string; minimum?: number; maximum?: number };
  if (s.expected) return s.expected;
  if (isUnion(schema)) return `one of ${choicesOf(schema).join(', ')}`;
  const kind = s.type === 'integer' ? 'an integer' : s.type === 'number' ? (s.unit ? `a number of ${s.unit}` : 'a number') : s.type === 'boolean' ? 'a boolean' : s.type === 'string' ? 'a string' : 'a value';
  if (s.minimum !== undefined && s.maximum !== undefined) return `${kind} between ${s.minimum} and ${s.maximum}`;
  if (s.minimum !== undefined) return `${kind} >= ${s.minimum}`;
  return kind;
}

/**
 * Throw InvalidParameterError (naming the option, what it takes and what it got) unless
 * `value` fits the schema. `undefined` fits every option (it means: the default).
 * @example
 * checkOption('dilate', MASK_OPTION_SCHEMA.dilate, -1); // throws: Expected a number of pixels between 0 and 1024 for dilate but received number -1
 */
export function checkOption(name: string, schema: TSchema, value: unknown): void {
  if (value !== undefined && !Value.Check(schema, value)) throw invalidParameterError(name, expectedOf(schema), value);
}

/**
 * Check an options object against option schemas: each known key's value, and (unless
 * `unknownKeys: 'ignore'`) no key beyond them (`extraKeys` are allowed and checked by the
 * caller). Returns the object, typed.
 * @example
 * const o = checkOptions({ ...INPAINT_OPTION_SCHEMA, ...MASK_OPTION_SCHEMA }, { dilate: 4 }); // throws for { dilate: -1 } or { dilat: 4 }
 */
export function checkOptions<S extends OptionSchemas>(
  schemas: S,
  o: unknown,
  c: { readonly prefix?: string; readonly unknownKeys?: 'throw' | 'ignore'; readonly extraKeys?: readonly string[] } = {},
): OptionsOf<S> {
  if (o === undefined) return {};
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw invalidParameterError(c.prefix ?? 'options', 'an object', o);
  const name = (k: string) => (c.prefix ? `${c.prefix}.${k}` : k);
  for (const [k, v] of Object.entries(o)) {
    const schema = Object.hasOwn(schemas, k) ? schemas[k] : undefined;
    if (schema) checkOption(name(k), schema, v);
    else if (c.unknownKeys !== 'ignore' && !c.extraKeys?.includes(k)) {
      throw invalidParameterError(`options.${k}`, `one of ${[...Object.keys(schemas), ...(c.extraKeys ?? [])].join(', ')}`, k);
    }
  }
  return o as OptionsOf<S>;
}

/**
 * An option's value from text (a command-line flag, a multipart form field), checked:
 * 'true'/'false' for a boolean, a number for a number. Throws InvalidParameterError.
 * @example
 * parseOptionText('dilate', MASK_OPTION_SCHEMA.dilate, '4'); // 4
 */
export function parseOptionText(name: string, schema: TSchema, text: string): unknown {
  const s = schema as { type?: string };
  let value: unknown = text;
  if (s.type === 'boolean') value = text === 'true' ? true : text === 'false' ? false : text;
  else if (s.type === 'number' || s.type === 'integer') value = text.trim() === '' ? text : Number(text);
  if (!Value.Check(schema, value)) throw invalidParameterError(name, s.type === 'boolean' ? "'true' or 'false'" : expectedOf(schema), text);
  return value;
}

/**
 * An option's one-line help: its description and default.
 * @example
 * optionHelp(MASK_OPTION_SCHEMA.threshold); // 'a mask pixel at or above this fraction of full scale is a hole (default 0.5)'
 */
export function optionHelp(schema: TSchema): string {
  const s = schema as { description?: string; default?: unknown; type?: string };
  return `${s.description ?? ''}${s.default !== undefined && s.type !== 'boolean' ? ` (default ${String(s.default)})` : ''}`;
}

/**
 * The defaults the schemas declare.
 * @example
 * defaultsOf(INPAINT_OPTION_SCHEMA).maxSide; // 512
 */
export function defaultsOf<S extends OptionSchemas>(schemas: S): OptionsOf<S> {
  return Object.fromEntries(Object.entries(schemas).filter(([, s]) => (s as { default?: unknown }).default !== undefined).map(([k, s]) => [k, (s as { default?: unknown }).default])) as OptionsOf<S>;
}

/** The JSON Schema types the builders above produce (for packages that declare their own options). */
export type { TBoolean, TInteger, TNumber, TString };
