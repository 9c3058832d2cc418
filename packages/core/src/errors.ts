/**
 * Every error core throws is an `InpaintError`, with a `code` to branch on and a
 * message that says what was wrong and what to do. One maker for bad arguments, so they
 * all read alike: which parameter, what was expected, what was given.
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
  | 'ERR_MISSING_DEPENDENCY';

export class InpaintError extends Error {
  readonly code: InpaintErrorCode;
  constructor(code: InpaintErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A bad option or argument (wrong type or out of range). */
export class InvalidParameterError extends InpaintError {
  constructor(message: string) {
    super('ERR_INVALID_PARAMETER', message);
  }
}

/** The image is unusable: zero size, wrong channel count, data of the wrong length or type. */
export class InvalidImageError extends InpaintError {
  constructor(message: string) {
    super('ERR_INVALID_IMAGE', message);
  }
}

/** The mask does not fit the image (size differs, wrong byte count). */
export class MaskMismatchError extends InpaintError {
  constructor(message: string) {
    super('ERR_MASK_MISMATCH', message);
  }
}

/** The mask cannot be used (for example it covers the whole image: nothing is left to in-paint from). */
export class InvalidMaskError extends InpaintError {
  constructor(message: string) {
    super('ERR_INVALID_MASK', message);
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
  return new InvalidParameterError(`Expected ${expected} for ${name} but received ${describe(actual)}`);
}

/** Rebuild an error of the right class from its code and message (errors cross worker threads as plain data). */
export function errorFromCode(code: string, message: string, key?: string): InpaintError {
  switch (code) {
    case 'ERR_INVALID_PARAMETER': return new InvalidParameterError(message);
    case 'ERR_INVALID_IMAGE': return new InvalidImageError(message);
    case 'ERR_MASK_MISMATCH': return new MaskMismatchError(message);
    case 'ERR_INVALID_MASK': return new InvalidMaskError(message);
    case 'ERR_MODEL_NOT_FOUND': return new ModelNotFoundError(message);
    case 'ERR_MODEL_CORRUPT': return new ModelCorruptError(message);
    case 'ERR_MODEL_REFUSED': return new ModelRefusedError(key ?? 'unknown', message);
    case 'ERR_DISPOSED': return new InpaintError('ERR_DISPOSED', message);
    default: return new InferenceError(message);
  }
}
