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
 * (`'--dilate <px>'`, `'-f, --format <format>'`, `'--invert'`, `'--no-auto-orient'`);
 * `help` replaces the schema's description (for a negated flag).
 * @example
 * program.addOption(schemaFlag('--dilate <px>', 'dilate', MASK_OPTION_SCHEMA.dilate));
 */
export function schemaFlag(flags: string, name: string, schema: TSchema, help?: string): Option {
  const option = new Option(flags, help ?? optionHelp(schema));
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
