/**
 * The option-schema helpers every package uses, beside the error vocabulary at the bottom
 * of the dependency graph: options are declared as TypeBox schemas (JSON Schema plus their
 * TypeScript type: range, default, one-line description), and checked, parsed from text and
 * described from those declarations, in sharp's `invalidParameterError` style. Core declares
 * in-painting's options with them (`@inpaint/core`'s option schema); this package declares
 * the mask generator's (GENERATE_OPTION_SCHEMA) and the threshold's range.
 *
 * Import cost: TypeBox's modules take about 80 ms to load, which `import '@inpaint/sharp'`
 * would pay at every start. So the declarations are built here (`Schema`: the same objects
 * TypeBox's `Type` builds, marked with its registered Kind symbol), and TypeBox's checker
 * (`Value.Check`) is loaded on the first check, when the work starts.
 */
import { createRequire } from 'node:module';
import type { Static, TArray, TBoolean, TInteger, TLiteral, TNumber, TObject, TProperties, TSchema, TString, TTuple, TUnion, TUnknown } from '@sinclair/typebox';
import type { Value as TypeBoxValue } from '@sinclair/typebox/value';
import { invalidParameterError } from './errors.js';

export type { Static, TSchema } from '@sinclair/typebox';

/**
 * What a schema may carry besides JSON Schema: the unit of a number, for messages and help,
 * as an `x-` extension (so the OpenAPI documents made from the schemas stay standard).
 */
export interface OptionExtra {
  /** 'pixels', 'ms', …: "a number of pixels between 0 and 1024". */
  readonly 'x-unit'?: string;
  /** The words for a valid value, when the range alone would not say it ("a safe integer"). */
  readonly expected?: string;
}

interface Described<T> extends OptionExtra {
  readonly description?: string;
  readonly default?: T;
}
interface Ranged extends Described<number> {
  readonly minimum?: number;
  readonly maximum?: number;
}

/** TypeBox's mark of a schema's kind: a registered symbol, the same in every copy of TypeBox. */
const Kind = Symbol.for('TypeBox.Kind');
const make = <T>(kind: string, fields: object): T => ({ ...fields, [Kind]: kind }) as T;

/**
 * Builders of the schemas options are declared with: the objects TypeBox's `Type.Integer`,
 * `Type.Number`, `Type.Boolean`, `Type.String`, `Type.Tuple`, `Type.Array`, `Type.Object`
 * (every property required but those named `optional`, no others), `Type.Unknown` and
 * `Type.Union` of literals build, without loading TypeBox.
 * @example
 * const border = Schema.Integer({ minimum: 0, default: 0, description: 'pixels kept from the edge' });
 */
export const Schema = {
  Integer: (o: Ranged = {}): TInteger => make('Integer', { ...o, type: 'integer' }),
  Number: (o: Ranged = {}): TNumber => make('Number', { ...o, type: 'number' }),
  Boolean: (o: Described<boolean> = {}): TBoolean => make('Boolean', { ...o, type: 'boolean' }),
  String: (o: Described<string> & { readonly minLength?: number } = {}): TString => make('String', { ...o, type: 'string' }),
  Tuple: <T extends TSchema[]>(items: [...T], o: Described<Static<TTuple<T>>> = {}): TTuple<T> =>
    make('Tuple', { ...o, type: 'array', items, additionalItems: false, minItems: items.length, maxItems: items.length }),
  Array: <T extends TSchema>(items: T, o: Described<Static<TArray<T>>> = {}): TArray<T> => make('Array', { ...o, type: 'array', items }),
  Object: <P extends TProperties>(properties: P, o: Described<unknown> & { readonly optional?: readonly (keyof P & string)[] } = {}): TObject<P> => {
    const { optional = [], ...rest } = o;
    return make('Object', { ...rest, type: 'object', properties, required: Object.keys(properties).filter((k) => !optional.includes(k)), additionalProperties: false });
  },
  Unknown: (o: Described<unknown> = {}): TUnknown => make('Unknown', { ...o }),
};

/**
 * A choice among strings (JSON Schema `anyOf` of `const`s, as TypeBox's Union of Literals).
 * @example
 * const mode = choice(['skip', 'error'] as const, { default: 'skip', description: 'a file without a mask' });
 */
export function choice<T extends string>(values: readonly T[], o: { default?: NoInfer<T>; description: string }): TUnion<TLiteral<T>[]> {
  return make('Union', { ...o, anyOf: values.map((v) => make<TLiteral<T>>('Literal', { const: v, type: 'string' })) });
}

let checker: ((schema: TSchema, value: unknown) => boolean) | undefined;

/**
 * Whether a value fits a schema (TypeBox's `Value.Check`, loaded on the first call).
 * @example
 * fits(SIZE_SCHEMA, 512); // true
 */
export function fits(schema: TSchema, value: unknown): boolean {
  if (checker === undefined) {
    const { Value } = createRequire(import.meta.url)('@sinclair/typebox/value') as { Value: typeof TypeBoxValue };
    checker = (s, v) => Value.Check(s, v);
  }
  return checker(schema, value);
}

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
 * expectedOf(Schema.Number({ minimum: 0, maximum: 1024, 'x-unit': 'pixels' })); // 'a number of pixels between 0 and 1024'
 */
export function expectedOf(schema: TSchema): string {
  const s = schema as TSchema & OptionExtra & { minimum?: number; maximum?: number };
  if (s.expected) return s.expected;
  if (isUnion(schema)) return `one of ${choicesOf(schema).join(', ')}`;
  const kind = s.type === 'integer' ? 'an integer' : s.type === 'number' ? (s['x-unit'] ? `a number of ${s['x-unit']}` : 'a number') : s.type === 'boolean' ? 'a boolean' : s.type === 'string' ? 'a string' : 'a value';
  if (s.minimum !== undefined && s.maximum !== undefined) return `${kind} between ${s.minimum} and ${s.maximum}`;
  if (s.minimum !== undefined) return `${kind} >= ${s.minimum}`;
  return kind;
}

/**
 * Throw InvalidParameterError (naming the option, what it takes and what it got) unless
 * `value` fits the schema. `undefined` fits every option (it means: the default).
 * @example
 * checkOption('border', GENERATE_OPTION_SCHEMA.border, -1); // throws: Expected a non-negative integer for border but received number -1
 */
export function checkOption(name: string, schema: TSchema, value: unknown): void {
  if (value !== undefined && !fits(schema, value)) throw invalidParameterError(name, expectedOf(schema), value);
}

/**
 * As checkOption, for a value that must be given (a required parameter): `undefined` is refused too.
 * @example
 * requireOption('width', SIZE_SCHEMA, 0); // throws: Expected a positive integer for width but received number 0
 */
export function requireOption(name: string, schema: TSchema, value: unknown): void {
  if (!fits(schema, value)) throw invalidParameterError(name, expectedOf(schema), value);
}

/**
 * Check an options object against option schemas: each known key's value, and (unless
 * `unknownKeys: 'ignore'`) no key beyond them (`extraKeys` are allowed and checked by the
 * caller). Returns the object, typed.
 * @example
 * const o = checkOptions(GENERATE_OPTION_SCHEMA, { width: 64, height: 48, border: 2 }); // throws for { border: -1 } or { bordr: 2 }
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
 * parseOptionText('border', GENERATE_OPTION_SCHEMA.border, '4'); // 4
 */
export function parseOptionText(name: string, schema: TSchema, text: string): unknown {
  const s = schema as { type?: string };
  let value: unknown = text;
  if (s.type === 'boolean') value = text === 'true' ? true : text === 'false' ? false : text;
  else if (s.type === 'number' || s.type === 'integer') value = text.trim() === '' ? text : Number(text);
  if (!fits(schema, value)) throw invalidParameterError(name, s.type === 'boolean' ? "'true' or 'false'" : expectedOf(schema), text);
  return value;
}

/**
 * An option's one-line help: its description and default.
 * @example
 * optionHelp(GENERATE_OPTION_SCHEMA.border); // 'keep every hole at least this many pixels from the image edge (default 0)'
 */
export function optionHelp(schema: TSchema): string {
  const s = schema as { description?: string; default?: unknown; type?: string };
  return `${s.description ?? ''}${s.default !== undefined && s.type !== 'boolean' ? ` (default ${String(s.default)})` : ''}`;
}

/**
 * The defaults the schemas declare.
 * @example
 * defaultsOf(GENERATE_OPTION_SCHEMA).kind; // 'mixed'
 */
export function defaultsOf<S extends OptionSchemas>(schemas: S): OptionsOf<S> {
  return Object.fromEntries(Object.entries(schemas).filter(([, s]) => (s as { default?: unknown }).default !== undefined).map(([k, s]) => [k, (s as { default?: unknown }).default])) as OptionsOf<S>;
}

