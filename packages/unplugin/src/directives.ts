/**
 * The import directives of in-painting, named in imagetools' style (`inpaint`, then one
 * camel-cased directive per option: `inpaintDilate=4`, `inpaintDetail=smooth`,
 * `inpaintInvert`), derived from @inpaint/files' BATCH_OPTION_SCHEMA: no second list of
 * option names. The `?inpaint` imports of the unplugin and the imagetools directive read
 * the same names; `format` is the bundler's own (imagetools' `format`, the unplugin's `format=`).
 */
import type { BatchOptions } from '@inpaint/files';
import { BATCH_OPTION_SCHEMA, FILE_OPTION_SCHEMA } from '@inpaint/files';
import { choicesOf, invalidParameterError, parseOptionText } from '@inpaint/core';
import type { TSchema } from '@inpaint/core';

/** The directive that turns in-painting on: `?inpaint` (mask by pairing), `?inpaint=./hero.mask.png` or `?inpaint=alpha`. */
export const INPAINT_DIRECTIVE = 'inpaint';

/** The in-painting options a directive may set (how a file is written is the bundler's business). */
const OPTION_NAMES = Object.keys(BATCH_OPTION_SCHEMA).filter((k) => !Object.hasOwn(FILE_OPTION_SCHEMA, k)) as (keyof BatchOptions)[];

/** The options an import's directives set: in-painting options, no file options. */
export type DirectiveOptions = Omit<BatchOptions, keyof typeof FILE_OPTION_SCHEMA>;

/**
 * The directive that sets an option: `inpaint` and the option's name with a capital.
 * @example
 * directiveName('dilate'); // 'inpaintDilate'
 */
export function directiveName(option: string): string {
  return `${INPAINT_DIRECTIVE}${option[0].toUpperCase()}${option.slice(1)}`;
}

/** Every option directive, by name, with its option's name and schema. */
export const OPTION_DIRECTIVES: ReadonlyMap<string, { readonly option: keyof BatchOptions; readonly schema: TSchema }> = new Map(
  OPTION_NAMES.map((option) => [directiveName(option), { option, schema: (BATCH_OPTION_SCHEMA as Readonly<Record<string, TSchema>>)[option] }]),
);

/**
 * One line of help per directive (for READMEs and errors): `inpaintDetail=texture|smooth|complete`.
 * @example
 * directiveHelp().includes('inpaintDilate=<number>'); // true
 */
export function directiveHelp(): string[] {
  return [...OPTION_DIRECTIVES].map(([name, { schema }]) => {
    const choices = choicesOf(schema);
    const type = (schema as { type?: string }).type;
    return choices.length > 0 ? `${name}=${choices.join('|')}` : type === 'boolean' ? name : `${name}=<${type === 'integer' ? 'integer' : type ?? 'value'}>`;
  });
}

/**
 * The options set by an import's directives, each parsed and checked with its schema; a
 * boolean directive without a value (`inpaintInvert`) is true. Other directives are
 * left to others (imagetools' `w`, `format`, …), unless `strict` refuses those that start
 * with `inpaint` and are none of ours (a misspelt option should not go unnoticed).
 * @example
 * optionsOfDirectives(new URLSearchParams('inpaint&inpaintDilate=4&inpaintInvert&w=800')); // { dilate: 4, invert: true }
 * @throws {InvalidParameterError} naming the directive, for a bad value or an unknown inpaint… directive
 */
export function optionsOfDirectives(directives: Iterable<[string, string]>): DirectiveOptions {
  const options: Record<string, unknown> = {};
  for (const [name, text] of directives) {
    const known = OPTION_DIRECTIVES.get(name);
    if (known === undefined) {
      if (name !== INPAINT_DIRECTIVE && name.startsWith(INPAINT_DIRECTIVE)) throw invalidParameterError(name, `one of the directives ${[...OPTION_DIRECTIVES.keys()].join(', ')}`, name);
      continue;
    }
    const isBoolean = (known.schema as { type?: string }).type === 'boolean';
    options[known.option] = parseOptionText(name, known.schema, isBoolean && text === '' ? 'true' : text);
  }
  return options as DirectiveOptions;
}
