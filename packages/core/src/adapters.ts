/**
 * Model adapters: how core runs ONNX files that follow other published contracts than its
 * own. An adapter turns the network tensors core builds for a batch of windows (RGB in
 * [0, 1], zero in holes; validity 1 = keep, 0 = hole or padding) into the model's inputs,
 * reads the model's output back to RGB in [0, 1], and says which sizes the model takes.
 * Core always composites into the hole pixels itself, also when a model blends on its own.
 *
 * | format | inputs | output | mask | sizes |
 * |---|---|---|---|---|
 * | inpaint | image f32 [N,3,H,W] in [0,1]; mask f32 [N,1,H,W] | output f32 in [0,1] | 1 = keep | multiple of the metadata's `multiple` |
 * | lama | image f32 [1,3,S,S] in [0,1]; mask f32 [1,1,S,S] | output f32 in [0,255] | 1 = hole | fixed S (512) |
 * | migan-pipeline | image uint8 [1,3,H,W]; mask uint8 [1,1,H,W] | result uint8 | 255 = keep | any |
 * | migan | input f32 [1,4,R,R] = [mask − 0.5, image × mask], image in [−1,1] | output f32 in [−1,1] | 1 = keep | fixed R |
 * | lama-4ch | input f32 [N,4,H,W] = [masked RGB in [0,1], mask] | output f32 in [0,1] | 1 = hole | multiples of 32 |
 *
 * Detection (`detectFormat`): our metadata (`architecture`) means our contract; otherwise the
 * input and output names, their count, dtypes and static dimensions decide. A fixed-size
 * four-channel input is taken as MI-GAN's (`modelFormat: 'lama-4ch'` overrides).
 */
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { ModelRefusedError } from './errors.js';
import type { BatchTensors } from './tensors.js';

export type ModelFormat = 'inpaint' | 'lama' | 'migan-pipeline' | 'migan' | 'lama-4ch';
export const MODEL_FORMATS: readonly ModelFormat[] = ['inpaint', 'lama', 'migan-pipeline', 'migan', 'lama-4ch'];

/** One input or output as the ONNX file declares it. */
export interface ValueSignature {
  readonly name: string;
  readonly type: string;
  /** Dimensions; a string is a named (dynamic) dimension. */
  readonly shape: readonly (number | string)[];
}

export interface ModelSignature {
  readonly inputs: readonly ValueSignature[];
  readonly outputs: readonly ValueSignature[];
}

/** What sizes a model takes: a fixed square, or any multiple of `multiple`. */
export interface SizeRule {
  readonly multiple: number;
  /** Side of the only input size the model takes, when it is fixed. */
  readonly fixed?: number;
  /** Most windows per run (1 when the batch dimension is fixed at 1). */
  readonly maxBatch: number;
}

type TensorFactory = typeof Tensor;
type Feeds = InferenceSession.FeedsType;
type Outputs = InferenceSession.ReturnType;

export interface ModelAdapter extends SizeRule {
  readonly format: ModelFormat;
  /** The model's inputs for a batch of windows. */
  feeds(t: BatchTensors, Tensor: TensorFactory): Feeds;
  /** The model's output as planar RGB [n, 3, h, w] in [0, 1]. */
  read(outputs: Outputs, t: BatchTensors): Float32Array;
}

const FIXED_DIM = (d: number | string | undefined): d is number => typeof d === 'number' && d > 0;

function dataOf(outputs: Outputs, name: string): Float32Array | Uint8Array {
  const v = outputs[name];
  if (!v) throw new Error(`the model gave no output '${name}' (outputs: ${Object.keys(outputs).join(', ')})`);
  return v.data as Float32Array | Uint8Array;
}

/** Scale and shift into [0, 1], as a new float array. */
function normalised(data: Float32Array | Uint8Array, scale: number, offset: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] * scale + offset;
  return out;
}

/** [n,3,h,w] image and [n,1,h,w] validity into one [n,4,h,w] tensor, channel 0 or 3 the mask, per `layout`. */
function fourChannels(t: BatchTensors, layout: (image: number, valid: number) => number, maskValue: (valid: number) => number, maskFirst: boolean): Float32Array {
  const plane = t.height * t.width;
  const out = new Float32Array(t.n * 4 * plane);
  for (let i = 0; i < t.n; i++) {
    const base = i * 4 * plane, img = i * 3 * plane, m = i * plane;
    const maskAt = maskFirst ? base : base + 3 * plane;
    const rgbAt = maskFirst ? base + plane : base;
    for (let p = 0; p < plane; p++) out[maskAt + p] = maskValue(t.mask[m + p]);
    for (let c = 0; c < 3; c++) for (let p = 0; p < plane; p++) out[rgbAt + c * plane + p] = layout(t.image[img + c * plane + p], t.mask[m + p]);
  }
  return out;
}

const holeOf = (t: BatchTensors): Float32Array => t.mask.map((v) => 1 - v);

function adapter(format: ModelFormat, size: SizeRule, feeds: ModelAdapter['feeds'], read: ModelAdapter['read']): ModelAdapter {
  return Object.freeze({ format, ...size, feeds, read });
}

/**
 * The adapter of a format, for a model with this signature (sizes from its static dimensions).
 * @example
 * const a = adapterFor('lama', signature, 128); // fixed 512, output read from [0, 255]
 */
export function adapterFor(format: ModelFormat, sig: ModelSignature, ourMultiple = 1): ModelAdapter {
  const first = sig.inputs[0]?.shape ?? [];
  const fixedSide = FIXED_DIM(first[2]) && FIXED_DIM(first[3]) && first[2] === first[3] ? first[2] : undefined;
  const maxBatch = FIXED_DIM(first[0]) ? first[0] : 64;
  switch (format) {
    case 'inpaint':
      return adapter(format, { multiple: ourMultiple, maxBatch },
        (t, T) => ({ image: new T('float32', t.image, [t.n, 3, t.height, t.width]), mask: new T('float32', t.mask, [t.n, 1, t.height, t.width]) }),
        (o) => dataOf(o, 'output') as Float32Array);
    case 'lama': {
      const side = fixedSide ?? 512;
      return adapter(format, { multiple: side, fixed: side, maxBatch },
        (t, T) => ({ image: new T('float32', t.image, [t.n, 3, t.height, t.width]), mask: new T('float32', holeOf(t), [t.n, 1, t.height, t.width]) }),
        (o) => normalised(dataOf(o, 'output'), 1 / 255, 0));
    }
    case 'migan-pipeline':
      return adapter(format, { multiple: 1, maxBatch: FIXED_DIM(first[0]) ? first[0] : 1 },
        (t, T) => ({
          image: new T('uint8', Uint8Array.from(t.image, (v) => Math.round(v * 255)), [t.n, 3, t.height, t.width]),
          mask: new T('uint8', Uint8Array.from(t.mask, (v) => (v > 0.5 ? 255 : 0)), [t.n, 1, t.height, t.width]),
        }),
        (o) => normalised(dataOf(o, 'result'), 1 / 255, 0));
    case 'migan': {
      const side = fixedSide ?? 512;
      return adapter(format, { multiple: side, fixed: side, maxBatch },
        (t, T) => ({ input: new T('float32', fourChannels(t, (v, valid) => (v * 2 - 1) * valid, (valid) => valid - 0.5, true), [t.n, 4, t.height, t.width]) }),
        (o) => normalised(dataOf(o, 'output'), 0.5, 0.5));
    }
    case 'lama-4ch': {
      const size: SizeRule = fixedSide ? { multiple: fixedSide, fixed: fixedSide, maxBatch } : { multiple: 32, maxBatch };
      return adapter(format, size,
        (t, T) => ({ input: new T('float32', fourChannels(t, (v) => v, (valid) => 1 - valid, false), [t.n, 4, t.height, t.width]) }),
        (o) => dataOf(o, 'output') as Float32Array);
    }
  }
}

const describeValue = (v: ValueSignature): string => `${v.name} ${v.type} [${v.shape.join(',')}]`;

/** The signature in words, for error messages. */
export function describeSignature(sig: ModelSignature): string {
  return `inputs ${sig.inputs.map(describeValue).join('; ') || 'none'}; outputs ${sig.outputs.map(describeValue).join('; ') || 'none'}`;
}

const SUPPORTED = 'our contract (image + mask f32, output f32, with the metadata of training/export.py), LaMa (image + mask f32, fixed size, output in [0,255]), ' +
  'the MI-GAN pipeline (image + mask uint8, result uint8), MI-GAN (one input f32 [1,4,R,R], fixed R), LaMa 4-channel (one input f32 [N,4,H,W])';

/**
 * Which format a model follows, from our metadata and its signature.
 * @example
 * detectFormat(signatureOf(session), {}); // 'migan' for one 4-channel float input of a fixed size
 * @throws {ModelRefusedError} listing what was found and what is supported.
 */
export function detectFormat(sig: ModelSignature, metadata: Readonly<Record<string, string>>, where = 'the model'): ModelFormat {
  if (metadata.architecture !== undefined) return 'inpaint';
  const names = sig.inputs.map((v) => v.name).sort().join(',');
  const out = sig.outputs.map((v) => v.name);
  const byName = (n: string) => sig.inputs.find((v) => v.name === n);
  if (names === 'image,mask') {
    const image = byName('image')!;
    if (image.type === 'uint8' && out.includes('result')) return 'migan-pipeline';
    if (image.type === 'float32' && out.includes('output') && FIXED_DIM(image.shape[2]) && FIXED_DIM(image.shape[3])) return 'lama';
    if (image.type === 'float32' && out.includes('output')) {
      throw new ModelRefusedError('architecture', `Model refused: ${where} has our contract's inputs, but metadata key 'architecture' is missing. ` +
        `Models of our contract carry the metadata of training/export.py; other models are recognised by their signature (${SUPPORTED}). Found: ${describeSignature(sig)}`);
    }
  }
  if (sig.inputs.length === 1 && out.length >= 1) {
    const only = sig.inputs[0];
    if (only.type === 'float32' && only.shape.length === 4 && only.shape[1] === 4 && out.includes('output')) {
      return FIXED_DIM(only.shape[2]) && FIXED_DIM(only.shape[3]) ? 'migan' : 'lama-4ch';
    }
  }
  throw new ModelRefusedError('signature', `Model refused: ${where} follows no contract core knows. Found: ${describeSignature(sig)}. ` +
    `Supported: ${SUPPORTED}; pass modelFormat to choose one of ${MODEL_FORMATS.join(', ')}`);
}

/**
 * The signature of an open session (onnxruntime's input and output metadata).
 * @example
 * const sig = signatureOf(session); // { inputs: [{ name: 'image', type: 'float32', shape: [1, 3, 512, 512] }, …], outputs: […] }
 */
export function signatureOf(session: InferenceSession): ModelSignature {
  interface Meta { name: string; isTensor?: boolean; type?: string; shape?: readonly (number | string)[] }
  const s = session as unknown as { inputMetadata?: readonly Meta[]; outputMetadata?: readonly Meta[] };
  const of = (names: readonly string[], meta: readonly Meta[] | undefined): ValueSignature[] => names.map((name) => {
    const m = meta?.find((x) => x.name === name);
    return { name, type: m?.type ?? 'unknown', shape: m?.shape ?? [] };
  });
  return { inputs: of(session.inputNames, s.inputMetadata), outputs: of(session.outputNames, s.outputMetadata) };
}
