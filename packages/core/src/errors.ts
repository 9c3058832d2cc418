/**
 * The error vocabulary lives at the bottom of the dependency graph (@inpaint/mask-gen) so
 * that every package throws the same classes; core re-exports it.
 */
export {
  InpaintError, InvalidParameterError, InvalidImageError, MaskMismatchError, InvalidMaskError,
  ModelNotFoundError, ModelCorruptError, ModelRefusedError, InferenceError, DisposedError,
  invalidParameterError, serializeError, deserializeError,
} from '@inpaint/mask-gen';
export type { InpaintErrorCode, InputErrorDetails, SerializedError } from '@inpaint/mask-gen';
