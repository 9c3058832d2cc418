/**
 * @inpaint/files — the per-file layer of batch work, one home for it: the format table,
 * reading and decoding with typed errors, mask pairing, output encoding that keeps format and
 * lossless-ness, atomic writes with fsync, and `processFile()`, one image from disk to disk,
 * returning its record. `inpaint run`, `inpaint serve`, the gulp plugin and the queue's
 * workers all use it. Table of contents:
 */
export type { ImageFormat, Losslessness, OutputFormat } from './formats.js';
export { ANIMATED_FORMATS, IMAGE_EXTENSIONS, IMAGE_FORMATS, OUTPUT_FORMATS, extensionFor, formatInfo, mimeFor } from './formats.js';
export { assertReadable, decodeError, decoding } from '@inpaint/sharp/api';
export type { InputRole } from '@inpaint/sharp/api';
export { createMaskFinder, MASK_EXTENSIONS } from './pairing.js';
export type { MaskFinder } from './pairing.js';
export type { InputEncoding } from './output-encoding.js';
export { ENCODING_HEADER_BYTES, encodeAs, headerBytesFor, inputEncoding, sharpWrites, tiffEncoding, webpIsLossless, writtenFormat } from './output-encoding.js';
export type { FileRecord, FileStatus } from './file-record.js';
export { applyReport, createFileRecord, failRecord } from './file-record.js';
export { TEMP_MARKER, removeLiveTemporaries, removeStaleTemporaries, removeTemporariesOf, writeFileAtomic } from './atomic.js';
export type { BatchOptions, FileOptions } from './file-options.js';
export { BATCH_OPTION_SCHEMA, BATCH_RUN_OPTION_SCHEMA, FILE_OPTION_SCHEMA, batchOptionsOf, inpaintOptionsOf } from './file-options.js';
export type { EncodedResult, FileJob } from './process-file.js';
export { inpaintEncoded, processFile } from './process-file.js';
