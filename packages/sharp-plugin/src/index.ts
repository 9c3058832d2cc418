/**
 * @inpaint/sharp — `.inpaint()` for sharp pipelines. Importing this module registers the
 * method with the default Inpainter; call register() to choose another or a pool.
 */
import './augment.js';
import { register } from './register.js';

export { register } from './register.js';
export type { RegisterOptions } from './register.js';
export type { SharpInpaintOptions } from './inpaint-method.js';
export { inpaintWith } from './inpaint-method.js';
export { createMaskFinder, MASK_EXTENSIONS } from './pairing.js';
export type { MaskFinder } from './pairing.js';
export type { MaskSource, MaskOptions, RawMaskImage } from './mask-source.js';
export { resolveMask, resizeMaskNearest } from './mask-source.js';
export type { InpaintBackend } from './backend.js';

register();
