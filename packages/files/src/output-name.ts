/**
 * The name of an output, one rule for every front end: the input's path relative to its
 * folder, `suffix` appended to the stem, and the extension of the output format when one is
 * asked for (an extension the format already has, in any case, is kept: `a.JPEG` stays).
 */
import { format as formatPath, parse } from 'node:path';
import { extensionFor, formatInfo } from './formats.js';

/** How outputs are named: a suffix after the stem, the extension of the output format. */
export interface OutputNaming {
  readonly suffix?: string;
  readonly format?: string;
}

/**
 * The output's path relative to the output folder, for an input's relative path.
 * @example
 * outputName('trip/cat.jpg', { suffix: '-fixed', format: 'webp' }); // 'trip/cat-fixed.webp'
 * outputName('cat.JPEG', { format: 'jpeg' }); // 'cat.JPEG'
 */
export function outputName(relative: string, naming: OutputNaming = {}): string {
  const { dir, name, ext } = parse(relative);
  const kept = naming.format === undefined || (formatInfo(naming.format)?.extensions.includes(ext.slice(1).toLowerCase()) ?? false);
  return formatPath({ dir, name: `${name}${naming.suffix ?? ''}`, ext: kept ? ext : extensionFor(naming.format!) ?? `.${naming.format}` });
}
