/**
 * What `inpaint eval` fills with: the model's detail arms and the baselines, checked against
 * each other and against the blind test's arms, and the Inpainter of each model arm.
 */
import type { Detail } from '@inpaint/core';
import { DEFAULT_OPTIONS, DETAILS, Inpainter, detailPlugin, invalidParameterError } from '@inpaint/core';
import type { Baseline } from '../baselines.js';
import { BASELINES, gmicPath, isGmicBaseline } from '../baselines.js';

/**
 * Detail arms of the model: every setting of the `detail` option (core's DETAILS, so a new
 * setting is an arm here without another edit), and the other detail method measured
 * against the shipped one.
 */
export type DetailArm = Detail | 'attention';
export const DETAIL_ARMS: readonly DetailArm[] = [...DETAILS, 'attention'];

/** The native protocol's kinds of holes: thin strokes (STROKE_BUCKETS) and objects (OBJECT_BUCKETS). */
export const HOLE_KINDS = ['strokes', 'objects'] as const;
export type HoleKind = (typeof HOLE_KINDS)[number];

/** What a blind test may pit: a model arm or a baseline. */
export const BLIND_ARMS: readonly string[] = [...DETAIL_ARMS, ...BASELINES];

/** The options that choose a run's methods (EvalOptions' own). */
export interface MethodOptions {
  native?: boolean;
  detail?: DetailArm[];
  holes?: HoleKind[];
  baselines: Baseline[];
  blind?: { dir: string; arms: string[] };
}

/** A run's methods: the model arms, the baselines it can run, and the method keys of its table ('model-<arm>', then the baselines). */
export interface MethodPlan { arms: DetailArm[]; baselines: Baseline[]; methods: string[] }

/**
 * The run's method key of a blind arm: 'texture' → 'model-texture', baselines as they are.
 * @example
 * blindMethod('texture'); // 'model-texture'
 */
export function blindMethod(arm: string): string {
  return (BASELINES as readonly string[]).includes(arm) || arm.startsWith('model-') ? arm : `model-${arm}`;
}

/**
 * The run's arms and baselines, checked (--holes only with --native, each kind once; blind
 * arms among the run's methods); G'MIC's baselines dropped, and said so through `log`,
 * without gmic on PATH.
 * @example
 * const { methods } = planMethods({ baselines: ['telea', 'ns'] }, console.error); // ['model-auto', 'model-smooth', 'telea', 'ns']
 */
export function planMethods(o: MethodOptions, log: (s: string) => void): MethodPlan {
  if (o.holes !== undefined) {
    if (o.native !== true) throw invalidParameterError('--holes', 'only with --native (the 512² protocol has its own masks)', o.holes.join(','));
    if (o.holes.length === 0 || new Set(o.holes).size !== o.holes.length) throw invalidParameterError('--holes', `one or both of ${HOLE_KINDS.join(', ')}`, o.holes.join(',') || 'none');
  }
  const arms = o.detail ?? [DEFAULT_OPTIONS.detail, 'smooth'];
  let baselines = [...o.baselines];
  const gmic = baselines.filter(isGmicBaseline);
  if (gmic.length && !gmicPath()) {
    log(`G'MIC's gmic is not on PATH: skipping ${gmic.join(', ')} (Debian and Ubuntu: apt-get install gmic)\n`);
    baselines = baselines.filter((b) => !isGmicBaseline(b));
  }
  const methods = [...arms.map((a) => `model-${a}`), ...baselines];
  if (o.blind) {
    const unknown = o.blind.arms.filter((a) => !BLIND_ARMS.includes(a.replace(/^model-/, '')));
    if (unknown.length) throw invalidParameterError('--blind-arm', `model arms or baselines: ${BLIND_ARMS.join(', ')}`, unknown.join(','));
    const absent = o.blind.arms.filter((a) => !methods.includes(blindMethod(a)));
    if (absent.length) {
      throw invalidParameterError('--blind-arm', `arms this run fills (${methods.join(', ')}; add model arms with --detail, baselines with --baselines${gmic.length ? "; G'MIC's need gmic on PATH" : ''})`, absent.join(','));
    }
  }
  return { arms, baselines, methods };
}

/**
 * The Inpainter of each model arm, one shared by the settings of `detail`; the attention arm
 * gets its own, with the attention method as the 'texture' detail stage. Dispose each
 * distinct one when done.
 * @example
 * const inpainters = await armInpainters(['texture', 'smooth'], { model: 'model.onnx' });
 * for (const inp of new Set(inpainters.values())) await inp.dispose();
 */
export async function armInpainters(arms: readonly DetailArm[], o: { model?: string; threads?: number }): Promise<Map<DetailArm, Inpainter>> {
  const base = { model: o.model, threads: o.threads };
  const out = new Map<DetailArm, Inpainter>();
  let shared: Inpainter | null = null;
  for (const arm of arms) {
    if (arm === 'attention') {
      // the attention method as the 'texture' detail stage, in place of the built-in patchmatch
      out.set(arm, await Inpainter.create({ ...base, plugins: [detailPlugin({ method: 'attention' })] }));
    } else {
      shared ??= await Inpainter.create(base);
      out.set(arm, shared);
    }
  }
  return out;
}
