/**
 * What a batch is made of, the same for `inpaint run` (one machine) and `inpaint enqueue`
 * (many): the input files, each paired with its mask by @inpaint/files' pairing rules and
 * given its output path (relative folder structure kept, --format's extension, --suffix).
 */
import { join, relative, resolve } from 'node:path';
import type { MaskSource } from '@inpaint/sharp/api';
import type { OutputFormat } from '@inpaint/files';
import { createMaskFinder, outputName } from '@inpaint/files';
import type { InputFile } from './io/inputs.js';
import { expandInputs } from './io/inputs.js';

export interface BatchPlanOptions {
  /** A directory of masks, one mask file for all, or 'alpha'; absent when a detector's boxes make the masks (runFiles draws them). */
  masks?: string;
  out: string;
  format?: OutputFormat;
  suffix?: string;
}

export interface BatchItem {
  readonly file: InputFile;
  /** The paired mask (a path, or 'alpha'); null when none pairs with the file; undefined without masks (boxes: runFiles draws them). */
  readonly mask: MaskSource | null | undefined;
  /** Absolute output path. */
  readonly output: string;
}

/**
 * The output path of an input: its folder structure under `out`, named by @inpaint/files'
 * outputName (--suffix, --format's extension).
 * @example
 * outputPath({ masks: 'masks/', out: 'fixed/', suffix: '-x' }, { path: '/p/a/b.jpg', relative: 'a/b.jpg' }); // '<cwd>/fixed/a/b-x.jpg'
 */
export function outputPath(o: BatchPlanOptions, file: InputFile): string {
  return join(resolve(o.out), outputName(file.relative, o));
}

/**
 * Expand the inputs and pair each file with its mask and output.
 * @example
 * const { items, missing } = await planBatch(['photos/'], { masks: 'masks/', out: 'fixed/' });
 */
export async function planBatch(inputs: readonly string[], o: BatchPlanOptions): Promise<{ items: BatchItem[]; missing: string[] }> {
  const alpha = o.masks === 'alpha';
  const finder = alpha || o.masks === undefined ? null : await createMaskFinder(o.masks);
  const exclude = [o.out, ...(finder?.kind === 'directory' ? [o.masks!] : [])];
  const { files, missing } = await expandInputs(inputs, exclude);
  const items = await Promise.all(files.map(async (file): Promise<BatchItem> => ({
    file,
    mask: alpha ? 'alpha' : finder ? await finder.find(file.path, file.relative) : undefined,
    output: outputPath(o, file),
  })));
  return { items, missing };
}

/** A path as the user would write it from the current folder. */
export function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}
