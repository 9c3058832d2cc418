/**
 * One vinyl file through @inpaint/files' per-file policy: its mask (paired by the policy,
 * or given by the user's function), the file road on its contents, the result as a new
 * vinyl file named by the policy, and the record on `file.inpaint`.
 */
import { debuglog } from 'node:util';
import type { FileRecord, FileRunner } from '@inpaint/files';
import type { MaskSource } from '@inpaint/sharp/api';
import type Vinyl from 'vinyl';
import type { BoxMasks, MaskResolver } from './options.js';

const debug = debuglog('inpaint');

/** A vinyl file after the plugin: `inpaint` is its record (status, strategy, warnings, timings). */
export type InpaintedFile = Vinyl & { inpaint?: FileRecord };

/**
 * In-paint a vinyl file with Buffer contents. A file without a mask, or one that failed with
 * `continueOnError`, passes through unchanged (the same object), its record attached.
 * @example
 * const run = createFileRunner({ masks: 'masks/' }, pool);
 * const out = await inpaintVinyl(file, run, 'masks/', false);
 * out.inpaint?.status; // 'ok'
 * @throws the file's typed error when it failed and `continueOnError` is false
 */
export async function inpaintVinyl(file: Vinyl, run: FileRunner, masks: string | MaskResolver | BoxMasks, continueOnError: boolean): Promise<InpaintedFile> {
  const mask: MaskSource | null | undefined = typeof masks === 'function' ? (await masks(file)) ?? null : undefined;
  const { record, data, error } = await run({ path: file.path, relative: file.relative, contents: file.contents as Buffer, mask });
  if (error !== undefined && !continueOnError) throw error;
  if (record.status === 'skipped') debug('@inpaint/gulp: %s: %s, passed through unchanged', file.relative, record.reason);
  if (data === undefined) return Object.assign(file, { inpaint: record });
  const result: InpaintedFile = file.clone({ contents: false });
  result.contents = data;
  result.path = record.output!;
  result.inpaint = record;
  return result;
}
