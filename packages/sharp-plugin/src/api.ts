/**
 * @inpaint/sharp/api — everything of @inpaint/sharp without the import-time registration:
 * importing this module leaves sharp's prototype untouched. The gulp plugin and the CLI
 * use it; apps that want `.inpaint()` import '@inpaint/sharp' (or call register()).
 */
import './augment.js';

export { register } from './register.js';
export type { RegisterOptions } from './register.js';
export type { SharpInpaintOptions } from './inpaint-method.js';
export { inpaintWith } from './inpaint-method.js';
export { inpaintSharp } from './inpaint-sharp.js';
export type { InpaintSharpOptions } from './inpaint-sharp.js';
export { createMaskFinder, MASK_EXTENSIONS } from './pairing.js';
export type { MaskFinder } from './pairing.js';
export type { MaskSource, MaskOptions } from './mask-source.js';
export { resolveMask, resolveMaskWithWarnings } from './mask-source.js';
export type { ResolvedMask } from './mask-source.js';
export type { SharpInpaintReport } from './inpaint-method.js';
export { assertReadable, decodeError, decoding } from './decode-errors.js';
export type { InputRole } from './decode-errors.js';
export type { InpaintBackend } from './backend.js';
export { SUPPORTED_SHARP, UnsupportedSharpError, assertSupportedSharp } from './sharp-internals.js';
export type { SharpFactory } from './sharp-internals.js';
export type { FileRecord, FileStatus } from './file-record.js';
export { applyReport, createFileRecord, failRecord } from './file-record.js';
export type { InputEncoding } from './output-encoding.js';
export { ANIMATED_FORMATS, ENCODING_HEADER_BYTES, encodeAs, headerBytesFor, inputEncoding, tiffEncoding, webpIsLossless } from './output-encoding.js';
