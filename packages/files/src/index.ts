/**
 * @inpaint/files — the per-file layer of batch work, one home for it: the format table,
 * decoding once with typed errors, mask pairing (or a detector's labels drawn as masks) and output naming, output encoding that
 * keeps format and lossless-ness, atomic writes with fsync, the file road (`inpaintFile`:
 * decode, in-paint raw pixels, encode) and the per-file policy (`runFiles`, its records).
 * `inpaint run`, `inpaint serve`, the gulp plugin and the queue's workers all use it.
 * Table of contents:
 */
export type { ImageFormat, Losslessness, OutputFormat } from './formats.js';
export { ANIMATED_FORMATS, IMAGE_EXTENSIONS, IMAGE_FORMATS, OUTPUT_FORMATS, extensionFor, formatInfo, mimeFor } from './formats.js';
export { assertReadable, decodeError, decoding } from '@inpaint/sharp/api';
export type { InputRole } from '@inpaint/sharp/api';
export { createMaskFinder, findMaskBeside, isMaskFile, MASK_EXTENSIONS } from './pairing.js';
export type { OutputNaming } from './output-name.js';
export { outputName } from './output-name.js';
export type { MaskFinder } from './pairing.js';
export type { AnimationTiming, InputEncoding } from './output-encoding.js';
export { ENCODING_HEADER_BYTES, encodeAs, headerBytesFor, inputEncoding, sharpWrites, tiffEncoding, webpIsLossless, writtenFormat } from './output-encoding.js';
export type { FileRecord, FileStatus } from './file-record.js';
export { applyReport, createFileRecord, failRecord } from './file-record.js';
export { TEMP_MARKER, removeLiveTemporaries, removeStaleTemporaries, removeTemporariesOf, writeAtomically, writeFileAtomic } from './atomic.js';
export type { BatchOptions, FileOptions } from './file-options.js';
export { BATCH_OPTION_SCHEMA, BATCH_RUN_OPTION_SCHEMA, FILE_JOB_OPTION_SCHEMA, FILE_OPTION_SCHEMA, batchOptionsOf, checkFileOptions, inpaintOptionsOf } from './file-options.js';
export type { DecodeOptions, DecodedFile } from './decode-file.js';
export { decodeFile } from './decode-file.js';
export type { EncodeOptions } from './encode-image.js';
export { encodeImage, encoderFor } from './encode-image.js';
export type { EncodedResult } from './inpaint-file.js';
export { inpaintEncoded, inpaintFile, inpaintFileTo } from './inpaint-file.js';
export type { FileInput, FileOutcome, FileRunner, LabelledMask, RunFilesOptions } from './run-files.js';
export { FILE_POLICY_OPTION_SCHEMA, GIVEN_MASK, NO_BOXES, NO_MASK, createFileRunner, isLabelledMask, runFiles } from './run-files.js';
export type { LabelFinder, LabelShapes } from './labels.js';
export { createLabelFinder, parseBoxList, parseCoco, parseYolo } from './labels.js';
export type { LabelMask } from './label-mask.js';
export { hasShapes, labelMask, labelMaskFor } from './label-mask.js';
export type { FileJob } from './process-file.js';
export { processFile } from './process-file.js';
