/**
 * What an `?inpaint` import asks for, read from its id: the image, its mask (given by
 * `inpaint=<path>` relative to the image, `inpaint=alpha`, or none: paired), the output
 * format (`format=`) and the option directives (`inpaintDilate=4`, …).
 */
import { dirname, resolve } from 'node:path';
import type { OutputFormat } from '@inpaint/files';
import { FILE_OPTION_SCHEMA } from '@inpaint/files';
import { parseOptionText } from '@inpaint/core';
import type { DirectiveOptions } from './directives.js';
import { INPAINT_DIRECTIVE, optionsOfDirectives } from './directives.js';

/** An `?inpaint` import, read. */
export interface InpaintImport {
  /** The image's absolute path (the id without its query). */
  readonly image: string;
  /** The mask the import names: an absolute path, 'alpha', or undefined (paired by name). */
  readonly mask: string | undefined;
  /** The output format `format=` asks for; undefined: the input's. */
  readonly format: OutputFormat | undefined;
  /** The in-painting options of its directives. */
  readonly options: DirectiveOptions;
}

/** Whether an id (or an import specifier) carries the `inpaint` directive. */
export const INPAINT_QUERY = /\?(?:.*&)?inpaint(?:=[^&]*)?(?:&|$)/;

/**
 * Read an `?inpaint` import id; null for any other id.
 * @example
 * inpaintImportOf('/app/src/hero.jpg?inpaint=./hero.mask.png&format=webp&inpaintDilate=4');
 * // { image: '/app/src/hero.jpg', mask: '/app/src/hero.mask.png', format: 'webp', options: { dilate: 4 } }
 * @throws {InvalidParameterError} naming the directive, for a bad value
 */
export function inpaintImportOf(id: string): InpaintImport | null {
  if (!INPAINT_QUERY.test(id)) return null;
  const at = id.indexOf('?');
  const image = id.slice(0, at);
  const query = new URLSearchParams(id.slice(at + 1));
  const given = query.get(INPAINT_DIRECTIVE) ?? '';
  const mask = given === '' ? undefined : given === 'alpha' ? 'alpha' : resolve(dirname(image), given);
  const formatText = query.get('format');
  const format = formatText === null ? undefined : (parseOptionText('format', FILE_OPTION_SCHEMA.format, formatText) as OutputFormat);
  return { image, mask, format, options: optionsOfDirectives(query) };
}
