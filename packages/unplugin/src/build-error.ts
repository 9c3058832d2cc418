/**
 * The one error of a build: an `?inpaint` import that could not be filled. It names the
 * importing module, the image and the mask, says what went wrong (the typed error of the
 * file road as its `cause`) and what to do. Never a silently unfilled image.
 */

/** Where a failed import stands. */
export interface ImportSite {
  /** The module that imports the image (undefined when the bundler does not say). */
  readonly importer: string | undefined;
  readonly image: string;
  /** The mask's path, 'alpha', or undefined when none was found. */
  readonly mask: string | undefined;
}

export class InpaintBuildError extends Error {
  override readonly name = 'InpaintBuildError';
  readonly code = 'ERR_INPAINT_BUILD';
  readonly importer: string | undefined;
  readonly image: string;
  readonly mask: string | undefined;

  /**
   * @example
   * new InpaintBuildError({ importer: 'src/main.js', image: 'src/hero.jpg', mask: undefined }, 'no mask pairs with this image', 'put hero.mask.png beside it');
   */
  constructor(site: ImportSite, reason: string, hint: string, options?: { cause?: unknown }) {
    super(`${site.image} (imported by ${site.importer ?? 'an unknown module'}, mask ${site.mask ?? 'none'}): ${reason}; ${hint}`, options);
    this.importer = site.importer;
    this.image = site.image;
    this.mask = site.mask;
  }
}

/**
 * The build error for a failure of the file road: the typed error's message and hint (an
 * InputError carries `hint`), with the import's site.
 * @example
 * throw buildErrorOf(e, { importer, image, mask });
 */
export function buildErrorOf(e: unknown, site: ImportSite): InpaintBuildError {
  if (e instanceof InpaintBuildError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const hint = typeof (e as { hint?: unknown })?.hint === 'string' ? (e as { hint: string }).hint : 'fix the image or the mask, or remove ?inpaint from the import';
  return new InpaintBuildError(site, message, hint, { cause: e });
}
