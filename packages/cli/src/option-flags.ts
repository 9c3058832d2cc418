/**
 * Command-line flags made from the option schemas: the help text (description and
 * default), the choices and the range come from the one declaration of each option, so a
 * flag can never accept what the API refuses.
 */
import { InvalidParameterError, choicesOf, expectedOf, optionHelp, parseOptionText } from '@inpaint/core';
import type { TSchema } from '@inpaint/core';
import { InvalidArgumentError, Option } from 'commander';

/**
 * A commander Option for a schema-declared option. `flags` is commander's syntax
 * (`'--dilate <px>'`, `'-f, --format <format>'`, `'--invert'`, `'--no-auto-orient'`).
 * `o.help` replaces the schema's description (for a negated flag); `o.withDefault` gives the
 * flag the schema's default as its value when absent (otherwise it is left undefined, and
 * the API applies its default).
 * @example
 * program.addOption(schemaFlag('--dilate <px>', 'dilate', MASK_OPTION_SCHEMA.dilate));
 */
export function schemaFlag(flags: string, name: string, schema: TSchema, o: { readonly help?: string; readonly withDefault?: boolean } = {}): Option {
  const { default: byDefault, description = '' } = schema as { default?: unknown; description?: string };
  // with the default as the flag's value, commander shows it; otherwise the help says it
  const option = new Option(flags, o.help ?? (o.withDefault ? description : optionHelp(schema)));
  if (o.withDefault && byDefault !== undefined) option.default(byDefault);
  const choices = choicesOf(schema);
  if (choices.length > 0) return option.choices(choices);
  if ((schema as { type?: string }).type === 'boolean') return option;
  return option.argParser((text: string) => {
    try {
      return parseOptionText(name, schema, text);
    } catch (e) {
      if (e instanceof InvalidParameterError) throw new InvalidArgumentError(`expected ${expectedOf(schema)}, got '${text}'`);
      throw e;
    }
  });
}
