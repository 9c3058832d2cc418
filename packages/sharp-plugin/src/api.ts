/**
 * @inpaint/sharp/api — everything of @inpaint/sharp without the import-time registration:
 * importing this module leaves sharp's prototype untouched. @inpaint/files builds on it;
 * apps that want `.inpaint()` import '@inpaint/sharp' (or call register()). The batch
 * tooling that lived here (pairing, output encoding, file records) is in @inpaint/files.
 */
import './augment.js';

export { register } from './register.js';
export type { RegisterOptions } from './register.js';
export type { SharpInpaintOptions } from './sharp-options.js';
export { inpaintWith } from './inpaint-method.js';
export { inpaintDecoded } from './inpaint-decoded.js';
export type { Decoded } from './decode-upstream.js';
export { inpaintSharp } from './inpaint-sharp.js';
export type { InpaintSharpOptions } from './inpaint-sharp.js';
export type { MaskSource, MaskOptions } from './mask-source.js';
export { resolveMask, resolveMaskWithWarnings } from './mask-source.js';
export type { ResolvedMask } from './mask-source.js';
export type { SharpInpaintReport } from './inpaint-decoded.js';
export { assertReadable, decodeError, decoding } from './decode-errors.js';
export type { InputRole } from './decode-errors.js';
export type { InpaintBackend } from './backend.js';
export { disposeBackends } from './backend.js';
export { SUPPORTED_SHARP, UnsupportedSharpError, assertSupportedSharp } from './sharp-internals.js';
export type { SharpFactory } from './sharp-internals.js';
