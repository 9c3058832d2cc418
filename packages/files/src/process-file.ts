/**
 * One file whose mask and output are known (a queued job): the per-file policy of
 * run-files for a single file, output replaced when it exists (a job taken over from a
 * killed worker writes where that one was writing).
 */
import type { InpaintBackend, MaskSource } from '@inpaint/sharp/api';
import type { FileOptions } from './file-options.js';
import type { FileRecord } from './file-record.js';
import { createFileRecord, failRecord } from './file-record.js';
import type { LabelledMask } from './run-files.js';
import { createFileRunner } from './run-files.js';

/** One image, its mask and where its result goes. */
export interface FileJob {
  readonly input: string;
  /** A mask file, 'alpha', mask pixels, or the image's labels to draw as its mask. */
  readonly mask: MaskSource | LabelledMask;
  readonly output: string;
}

/**
 * In-paint `file.input` with `file.mask` and write the result to `file.output` (temporary
 * file, fsync, then rename). Never throws: resolves to the file's record, `status: 'ok'`
 * with core's report (strategy, counts, timings, warnings), or `status: 'failed'` with the
 * typed error's message, code, file, role and hint (a bad option too); no output is
 * written then.
 *
 * @example
 * const rec = await processFile({ input: 'photos/a.jpg', mask: 'masks/a.png', output: 'fixed/a.jpg' }, {}, inpainter);
 * if (rec.status === 'failed') console.error(rec.code, rec.reason);
 */
export async function processFile(file: FileJob, o: FileOptions, backend: InpaintBackend): Promise<FileRecord> {
  let run;
  try {
    run = createFileRunner({ ...o, overwrite: true }, backend);
  } catch (e) {
    const rec = createFileRecord(file.input);
    failRecord(rec, e);
    return rec;
  }
  return (await run({ path: file.input, mask: file.mask, output: file.output })).record;
}
