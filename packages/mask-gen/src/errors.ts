/**
 * The project's one error vocabulary, defined here at the bottom of the dependency graph
 * and re-exported by every package: every error is an `InpaintError` with a `code` to
 * branch on and a message that says what was wrong and what to do. One maker for bad
 * arguments, so they all read alike in every package: which parameter, what was
 * expected, what was given.
 */

export type InpaintErrorCode =
  | 'ERR_INVALID_PARAMETER'
  | 'ERR_INVALID_IMAGE'
  | 'ERR_MASK_MISMATCH'
  | 'ERR_INVALID_MASK'
  | 'ERR_MODEL_NOT_FOUND'
  | 'ERR_MODEL_CORRUPT'
  | 'ERR_MODEL_REFUSED'
  | 'ERR_INFERENCE'
  | 'ERR_DISPOSED'
  | 'ERR_UNSUPPORTED_DEPENDENCY'
  | 'ERR_MISSING_DEPENDENCY'
  | 'ERR_REDIS_UNAVAILABLE';

export class InpaintError extends Error {
  readonly code: InpaintErrorCode;
  constructor(code: InpaintErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A bad option or argument (wrong type or out of range): which parameter, what was expected, what was given. */
export class InvalidParameterError extends InpaintError {
  /** The parameter's name as the caller spells it (`feather`, `options.strategy`, `--out`). */
  readonly parameter: string;
  /** What would have been accepted, in words. */
  readonly expected: string;
  /** What was given, described (`number -1`, `'bogus'`, `array of length 0`). */
  readonly actual: string;
  constructor(parameter: string, expected: string, actual: string, message = `Expected ${expected} for ${parameter} but received ${actual}`) {
    super('ERR_INVALID_PARAMETER', message);
    this.parameter = parameter;
    this.expected = expected;
    this.actual = actual;
  }
}

/** Where an input that failed came from, why, and what to do about it. */
export interface InputErrorDetails {
  /** The file (path) or 'buffer' / 'stream' / 'raw pixels' the input came from. */
  readonly file?: string;
  /** Which input of the call failed. */
  readonly role?: 'image' | 'mask';
  /** The underlying reason (for example the decoder's own message). */
  readonly reason?: string;
  /** What to do about it. */
  readonly hint?: string;
  readonly cause?: unknown;
}

/** An error about one input (image or mask): carries file, role, reason and hint when known. */
abstract class InputError extends InpaintError {
  readonly file?: string;
  readonly role?: 'image' | 'mask';
  readonly reason?: string;
  readonly hint?: string;
  constructor(code: InpaintErrorCode, message: string, details: InputErrorDetails = {}) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    if (details.file !== undefined) this.file = details.file;
    if (details.role !== undefined) this.role = details.role;
    if (details.reason !== undefined) this.reason = details.reason;
    if (details.hint !== undefined) this.hint = details.hint;
  }
}

/** The image is unusable: undecodable, zero size, wrong channel count, data of the wrong length or type. */
export class InvalidImageError extends InputError {
  constructor(message: string, details: InputErrorDetails = {}) {
    super('ERR_INVALID_IMAGE', message, { role: 'image', ...details });
  }
}

/** The mask does not fit the image (size differs, wrong byte count). */
export class MaskMismatchError extends InpaintError {
  constructor(message: string) {
    super('ERR_MASK_MISMATCH', message);
  }
}

/** The mask cannot be used (undecodable, or it covers the whole image: nothing is left to in-paint from). */
export class InvalidMaskError extends InputError {
  constructor(message: string, details: InputErrorDetails = {}) {
    super('ERR_INVALID_MASK', message, { role: 'mask', ...details });
  }
}

/** The model file does not exist or cannot be read. */
export class ModelNotFoundError extends InpaintError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_MODEL_NOT_FOUND', message, options);
  }
}

/** The model bytes are not a loadable ONNX model. */
export class ModelCorruptError extends InpaintError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_MODEL_CORRUPT', message, options);
  }
}

/** The model loads but breaks the model contract (metadata, inputs, outputs). */
export class ModelRefusedError extends InpaintError {
  /** The metadata key or graph part that failed the check. */
  readonly key: string;
  constructor(key: string, message: string) {
    super('ERR_MODEL_REFUSED', message);
    this.key = key;
  }
}

/** onnxruntime failed while running the model. */
export class InferenceError extends InpaintError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_INFERENCE', message, options);
  }
}

/** The Inpainter or pool was used after `dispose()`. */
export class DisposedError extends InpaintError {
  constructor(what: string) {
    super('ERR_DISPOSED', `${what} was disposed; create a new one with ${what}.create()`);
  }
}

function describe(actual: unknown): string {
  if (actual === null) return 'null';
  if (Array.isArray(actual)) return `array of length ${actual.length}`;
  if (ArrayBuffer.isView(actual)) return actual.constructor.name;
  if (typeof actual === 'object') return 'object';
  if (typeof actual === 'string') return `'${actual}'`;
  return `${typeof actual} ${String(actual)}`;
}

/**
 * The one maker of bad-argument errors.
 *
 * @example
 * throw invalidParameterError('feather', 'a number between 0 and 64', -1);
 * // InvalidParameterError: Expected a number between 0 and 64 for feather but received number -1
 */
export function invalidParameterError(name: string, expected: string, actual: unknown): InvalidParameterError {
  return new InvalidParameterError(name, expected, describe(actual));
}

/** An InpaintError as plain data, to cross a worker thread (structured clone drops classes). */
export interface SerializedError extends InputErrorDetails {
  readonly code: string;
  readonly message: string;
  readonly key?: string;
  readonly parameter?: string;
  readonly expected?: string;
  readonly actual?: string;
}

/**
 * Plain data for any error thrown in a worker; anything that is not an InpaintError
 * becomes ERR_INFERENCE (the worker's own failure).
 *
 * @example
 * const data = serializeError(new InvalidMaskError('empty', { file: 'm.png' }));
 * deserializeError(data) instanceof InvalidMaskError; // true, file 'm.png'
 */
export function serializeError(e: unknown): SerializedError {
  if (!(e instanceof InpaintError)) return { code: 'ERR_INFERENCE', message: (e as Error)?.message ?? String(e) };
  const { file, role, reason, hint, key, parameter, expected, actual } = e as InpaintError & InputErrorDetails & { key?: string; parameter?: string; expected?: string; actual?: string };
  return Object.fromEntries(Object.entries({ code: e.code, message: e.message, file, role, reason, hint, key, parameter, expected, actual })
    .filter(([, v]) => v !== undefined)) as unknown as SerializedError;
}

/**
 * Rebuild an error of the right class, code and details from serializeError()'s data.
 * @example
 * const e = deserializeError(reply.error); // InvalidMaskError again, with file and role
 */
export function deserializeError(d: SerializedError): InpaintError {
  const details: InputErrorDetails = { file: d.file, role: d.role, reason: d.reason, hint: d.hint };
  let e: InpaintError;
  switch (d.code) {
    case 'ERR_INVALID_PARAMETER': return new InvalidParameterError(d.parameter ?? 'unknown', d.expected ?? 'unknown', d.actual ?? 'unknown', d.message);
    case 'ERR_INVALID_IMAGE': return new InvalidImageError(d.message, details);
    case 'ERR_MASK_MISMATCH': e = new MaskMismatchError(d.message); break;
    case 'ERR_INVALID_MASK': return new InvalidMaskError(d.message, details);
    case 'ERR_MODEL_NOT_FOUND': e = new ModelNotFoundError(d.message); break;
    case 'ERR_MODEL_CORRUPT': e = new ModelCorruptError(d.message); break;
    case 'ERR_MODEL_REFUSED': e = new ModelRefusedError(d.key ?? 'unknown', d.message); break;
    case 'ERR_DISPOSED': e = new DisposedError('Inpainter'); break;
    case 'ERR_UNSUPPORTED_DEPENDENCY': case 'ERR_MISSING_DEPENDENCY': case 'ERR_REDIS_UNAVAILABLE': e = new InpaintError(d.code, d.message); break;
    default: e = new InferenceError(d.message);
  }
  if (e.message !== d.message) Object.defineProperty(e, 'message', { value: d.message });
  return e;
}
