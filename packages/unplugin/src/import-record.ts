/**
 * What became of one `?inpaint` import: the report a build carries (vfile's habit), given
 * to `onImage` and kept by the plugin for its summary.
 */

export interface ImportRecord {
  /** The module that imports the image, when the bundler says. */
  readonly importer: string | undefined;
  readonly image: string;
  /** The mask's path, or 'alpha'. */
  readonly mask: string;
  /** The format written ('jpeg', 'png', 'webp', …). */
  readonly format: string;
  /** True when the output came from the persistent cache (nothing was in-painted). */
  readonly cached: boolean;
  /** Milliseconds from the import's load to its output (cache lookup or fill). */
  readonly ms: number;
  /** The output's size in bytes. */
  readonly bytes: number;
}
