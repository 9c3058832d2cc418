/**
 * Options of Inpainter.create and inpaint(): their type, defaults and validation, all from
 * the one schema (option-schema.ts).
 */
import { INPAINT_OPTION_SCHEMA, checkOptions, defaultsOf } from './option-schema.js';
import type { OptionsOf } from './option-schema.js';

export { DETAILS } from './option-schema.js';
export type { Detail } from './option-schema.js';

/**
 * Options of one in-painting; see INPAINT_OPTION_SCHEMA for each one's range, default and
 * meaning (strategy, detail, maxSide, feather, context, minContext, maxBatch).
 */
export type InpaintOptions = OptionsOf<typeof INPAINT_OPTION_SCHEMA>;

export type ResolvedInpaintOptions = Required<InpaintOptions>;

export const DEFAULT_OPTIONS: ResolvedInpaintOptions = Object.freeze(defaultsOf(INPAINT_OPTION_SCHEMA) as ResolvedInpaintOptions);

/**
 * Merge options over defaults and validate them. @throws {InvalidParameterError}
 * @example
 * const opts = resolveOptions(DEFAULT_OPTIONS, { feather: 4 }); // throws InvalidParameterError for bad values
 */
export function resolveOptions(base: ResolvedInpaintOptions, o: InpaintOptions = {}): ResolvedInpaintOptions {
  checkOptions(INPAINT_OPTION_SCHEMA, o, { unknownKeys: 'ignore' });
  const r: ResolvedInpaintOptions = { ...base };
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined && Object.hasOwn(INPAINT_OPTION_SCHEMA, k)) (r as Record<string, unknown>)[k] = v;
  }
  return r;
}
