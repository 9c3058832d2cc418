/**
 * Loading a model: read the bytes, check the model contract (README.md, "Model contract"), open one
 * onnxruntime session on the engine in force (engine.ts). A model whose metadata is missing or unknown is refused with an
 * error naming the key; a missing or corrupt file gets its own error, never an ORT trace.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { InferenceSession } from 'onnxruntime-common';
import type { Engine, EnginePreference } from './engine.js';
import { loadEngine, resolveEnginePreference } from './engine.js';
import { ModelCorruptError, ModelNotFoundError, ModelRefusedError, invalidParameterError } from './errors.js';
import { readOnnxMetadata } from './onnx-metadata.js';
import { MODEL_OPTION_SCHEMA, checkOption } from './option-schema.js';
import type { ModelAdapter, ModelFormat } from './adapters.js';
import { adapterFor, detectFormat, signatureOf } from './adapters.js';

/** The default model shipped in this package's models/ folder. */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../models/pconv-default.onnx', import.meta.url));

/**
 * Architectures core runs: all take the same inputs and give the same output (the model
 * contract), so core needs no code per architecture; an unknown name is refused.
 */
export const KNOWN_ARCHITECTURES = ['pconv-unet', 'gated-unet'] as const;
export const MASK_CONVENTION = '1=valid,0=hole';

/** What core needs to know about a model, from its metadata_props (our contract) or its signature (models users bring). */
export interface ModelInfo {
  /** The contract the file follows (adapters.ts): 'inpaint' for ours. */
  readonly format: ModelFormat;
  /** Our contract: one of KNOWN_ARCHITECTURES; other formats: the format's name. */
  readonly architecture: string;
  /** Input height and width must be multiples of this (2^depth; a fixed-size model's side). */
  readonly multiple: number;
  /** The only input side a fixed-size model takes. */
  readonly fixedSize?: number;
  /** Side of the square crops the model was trained on. */
  readonly trainingResolution: number;
  readonly maskConvention: typeof MASK_CONVENTION;
  readonly version: string;
  /** Every metadata_props entry, provenance included. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Keys every model must carry; provenance keys are checked for presence only. */
export const REQUIRED_METADATA = [
  'architecture', 'multiple', 'training_resolution', 'mask_convention', 'version',
  'training_data', 'training_steps', 'training_images_seen',
] as const;

/** Where the model contract is written down: this package's README, which ships with it. */
const MODEL_CONTRACT_DOC = "the 'Model contract' section of @inpaint/core's README.md";

function refuse(key: string, problem: string): ModelRefusedError {
  return new ModelRefusedError(key, `Model refused: ${problem}. Models must follow the model contract (${MODEL_CONTRACT_DOC}); re-export with the repository's training/export.py, or pass modelFormat for a model of another format`);
}

/**
 * Check metadata against the model contract.
 * @throws {ModelRefusedError} naming the missing or unknown key.
 * @example
 * const info = parseModelInfo(readOnnxMetadata(bytes) ?? {}); // throws ModelRefusedError naming a missing key
 */
export function parseModelInfo(metadata: Record<string, string>): ModelInfo {
  for (const key of REQUIRED_METADATA) {
    if (metadata[key] === undefined || metadata[key] === '') throw refuse(key, `metadata key '${key}' is missing`);
  }
  const architecture = metadata.architecture;
  if (!(KNOWN_ARCHITECTURES as readonly string[]).includes(architecture)) {
    throw refuse('architecture', `unknown architecture '${architecture}' (known: ${KNOWN_ARCHITECTURES.join(', ')})`);
  }
  const multiple = Number(metadata.multiple);
  if (!Number.isInteger(multiple) || multiple < 1 || multiple > 1024 || (multiple & (multiple - 1)) !== 0) {
    throw refuse('multiple', `metadata 'multiple' must be a power of two in [1, 1024], got '${metadata.multiple}'`);
  }
  const trainingResolution = Number(metadata.training_resolution);
  if (!Number.isInteger(trainingResolution) || trainingResolution < multiple) {
    throw refuse('training_resolution', `metadata 'training_resolution' must be an integer >= multiple, got '${metadata.training_resolution}'`);
  }
  if (metadata.mask_convention !== MASK_CONVENTION) {
    throw refuse('mask_convention', `unknown mask_convention '${metadata.mask_convention}' (expected '${MASK_CONVENTION}')`);
  }
  return {
    format: 'inpaint',
    architecture,
    multiple,
    trainingResolution,
    maskConvention: MASK_CONVENTION,
    version: metadata.version,
    metadata: Object.freeze({ ...metadata }),
  };
}

export interface LoadedModel {
  readonly session: InferenceSession;
  readonly info: ModelInfo;
  /** How core feeds the model and reads its output. */
  readonly adapter: ModelAdapter;
  /** The engine the session runs on. */
  readonly engine: Engine;
}

export interface SessionOptions {
  /** Intra-op threads of the session. Default: onnxruntime's choice (all cores). */
  threads?: number;
  /** Which onnxruntime build runs the model (see engine.ts). Default: INPAINT_ENGINE, else 'auto'. */
  engine?: EnginePreference;
  /** The model's contract; 'auto' (default) detects it from the metadata and signature (adapters.ts). */
  modelFormat?: ModelFormat | 'auto';
}

async function readModelBytes(model: string | Uint8Array): Promise<Uint8Array> {
  if (model instanceof Uint8Array) return model;
  try {
    return await readFile(model);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const hint = model === DEFAULT_MODEL_PATH
      ? 'the default model is missing from @inpaint/core/models; reinstall the package or pass { model: path }'
      : 'check the path, or omit `model` to use the default model';
    throw new ModelNotFoundError(`Cannot read model file ${model} (${code ?? 'error'}): ${hint}`, { cause: e });
  }
}

function checkGraph(session: InferenceSession): void {
  for (const name of ['image', 'mask']) {
    if (!session.inputNames.includes(name)) {
      throw refuse(`input:${name}`, `the model has no input '${name}' (inputs: ${session.inputNames.join(', ')})`);
    }
  }
  if (!session.outputNames.includes('output')) {
    throw refuse('output:output', `the model has no output 'output' (outputs: ${session.outputNames.join(', ')})`);
  }
  const meta = (session as unknown as { inputMetadata?: readonly { name: string; isTensor: boolean; shape?: readonly (number | string)[] }[] }).inputMetadata;
  for (const m of meta ?? []) {
    const want = m.name === 'image' ? 3 : m.name === 'mask' ? 1 : undefined;
    if (want !== undefined && m.isTensor && m.shape && m.shape.length === 4 && typeof m.shape[1] === 'number' && m.shape[1] !== want) {
      throw refuse(`input:${m.name}`, `input '${m.name}' must have ${want} channel(s), the model declares ${m.shape[1]}`);
    }
  }
}

/**
 * Load and check a model, and open its onnxruntime session.
 *
 * @example
 * const { session, info } = await loadModel('models/pconv-default.onnx', { threads: 2 });
 * info.multiple; // 128
 * @throws {ModelNotFoundError} when the file cannot be read.
 * @throws {ModelCorruptError} when the bytes are not an ONNX model.
 * @throws {ModelRefusedError} when the model breaks the contract.
 */
export async function loadModel(model: string | Uint8Array = DEFAULT_MODEL_PATH, options: SessionOptions = {}): Promise<LoadedModel> {
  if (typeof model !== 'string' && !(model instanceof Uint8Array)) {
    throw invalidParameterError('model', 'a file path or a Buffer/Uint8Array of ONNX bytes', model);
  }
  const threads = options.threads;
  checkOption('threads', MODEL_OPTION_SCHEMA.threads, threads);
  const preference = resolveEnginePreference(options.engine);
  const bytes = await readModelBytes(model);
  const where = typeof model === 'string' ? model : 'the given buffer';
  const metadata = readOnnxMetadata(bytes);
  if (metadata === null) {
    throw new ModelCorruptError(`${where} is not an ONNX model (the bytes do not parse as a ModelProto); re-download or re-export it`);
  }
  const format = options.modelFormat ?? 'auto';
  checkOption('modelFormat', MODEL_OPTION_SCHEMA.modelFormat, format);
  // our contract is checked before any session is opened
  const ours = format === 'inpaint' || (format === 'auto' && metadata.architecture !== undefined);
  const ourInfo = ours ? parseModelInfo(metadata) : null;
  const engine = await loadEngine(preference);
  let session: InferenceSession;
  try {
    session = await engine.createSession(bytes, { threads });
  } catch (e) {
    throw new ModelCorruptError(`onnxruntime cannot load ${where}: ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
  try {
    const signature = signatureOf(session);
    const detected = ours ? 'inpaint' : format === 'auto' ? detectFormat(signature, metadata, where) : format;
    if (detected === 'inpaint') checkGraph(session);
    const adapter = adapterFor(detected, signature, ourInfo?.multiple ?? 1);
    const info: ModelInfo = ourInfo ?? {
      format: detected,
      architecture: detected,
      multiple: adapter.multiple,
      ...(adapter.fixed ? { fixedSize: adapter.fixed } : {}),
      trainingResolution: adapter.fixed ?? 512,
      maskConvention: MASK_CONVENTION,
      version: metadata.version ?? 'unknown',
      metadata: Object.freeze({ ...metadata }),
    };
    return { session, info, engine, adapter };
  } catch (e) {
    await engine.release(session);
    throw e;
  }
}
