/**
 * The inference engine: onnxruntime-node (native, fast) when its binding is installed, else
 * onnxruntime-web's WebAssembly backend running in Node (no install script, so it is always
 * there). Both are loaded on first use, never at import, and both speak onnxruntime-common's
 * API, so the rest of core does not know which one runs.
 *
 * onnxruntime-node is an optional dependency: its postinstall fetches CUDA libraries from a
 * feed that locked-down machines cannot reach, and npm drops an optional dependency whose
 * install fails instead of failing the whole install. `ONNXRUNTIME_NODE_INSTALL=skip npm i …`
 * keeps it (its CPU binary ships in the npm package).
 */
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { choice, requireOption } from '@inpaint/mask-gen';
import { InpaintError } from './errors.js';

export type EngineName = 'native' | 'wasm';
/** 'auto': native when installed, else wasm (with one process warning saying how to get native). */
export type EnginePreference = 'auto' | EngineName;
export const ENGINE_PREFERENCES: readonly EnginePreference[] = ['auto', 'native', 'wasm'];
/** The `engine` option, declared once (MODEL_OPTION_SCHEMA's `engine` is this schema). */
export const ENGINE_SCHEMA = choice(ENGINE_PREFERENCES, { default: 'auto', description: 'native (onnxruntime-node), wasm (onnxruntime-web, about 4x slower) or auto (native when installed)' });
/** Environment variable that overrides 'auto' (tests, CI, a deployment that wants one engine). */
export const ENGINE_ENV = 'INPAINT_ENGINE';

/** What core needs of an onnxruntime build. */
export interface Engine {
  readonly name: EngineName;
  /** onnxruntime's version, as the package reports it. */
  readonly version: string;
  readonly Tensor: typeof Tensor;
  /** Open a session on this engine (its execution provider chosen explicitly, so two engines can share one process). */
  createSession(bytes: Uint8Array, options: { threads?: number }): Promise<InferenceSession>;
  /** Run a session opened by this engine. */
  run(session: InferenceSession, feeds: InferenceSession.FeedsType): Promise<InferenceSession.ReturnType>;
  /** Release a session opened by this engine. */
  release(session: InferenceSession): Promise<void>;
}

interface OrtModule {
  readonly InferenceSession: typeof InferenceSession;
  readonly Tensor: typeof Tensor;
  readonly env: { versions?: Record<string, string | undefined>; wasm?: { numThreads?: number } };
}

/** How modules are imported; tests pass one that pretends a package is absent. */
export type ModuleImporter = (specifier: 'onnxruntime-node' | 'onnxruntime-web') => Promise<unknown>;
const importModule: ModuleImporter = (specifier) => import(specifier);

const SESSION_OPTIONS = { graphOptimizationLevel: 'all', executionMode: 'sequential', interOpNumThreads: 1 } as const;

function nativeEngine(ort: OrtModule): Engine {
  return {
    name: 'native',
    version: ort.env.versions?.node ?? ort.env.versions?.common ?? 'unknown',
    Tensor: ort.Tensor,
    createSession: (bytes, { threads }) => ort.InferenceSession.create(bytes, {
      ...SESSION_OPTIONS,
      executionProviders: ['cpu'],
      ...(threads !== undefined ? { intraOpNumThreads: threads } : {}),
    }),
    run: (session, feeds) => session.run(feeds),
    release: (session) => session.release(),
  };
}

/**
 * One WebAssembly instance serves every session of a thread, and runs that overlap on it
 * fail ("failed to call OrtRun()"), so the wasm engine takes its calls one at a time. It
 * computes on the calling thread anyway: queueing costs no throughput.
 */
function serialised(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const next = tail.then(work, work);
    tail = next.catch(() => undefined);
    return next;
  };
}

function wasmEngine(ort: OrtModule): Engine {
  const oneAtATime = serialised();
  return {
    name: 'wasm',
    version: ort.env.versions?.web ?? ort.env.versions?.common ?? 'unknown',
    Tensor: ort.Tensor,
    // the WebAssembly build spawns no threads of its own here: a pool gives parallelism with its worker threads
    createSession: (bytes) => oneAtATime(() => {
      if (ort.env.wasm) ort.env.wasm.numThreads = 1;
      return ort.InferenceSession.create(bytes, { ...SESSION_OPTIONS, executionProviders: ['wasm'] });
    }),
    run: (session, feeds) => oneAtATime(() => session.run(feeds)),
    release: (session) => oneAtATime(() => session.release()),
  };
}

/** The notice printed (once per process) when 'auto' falls back to the WebAssembly engine. */
export const WASM_FALLBACK_NOTICE =
  'onnxruntime-node is not installed (its install step failed or was skipped), so @inpaint/core runs the model on ' +
  "onnxruntime-web's WebAssembly engine, about 4x slower. For the native engine, reinstall with " +
  '`ONNXRUNTIME_NODE_INSTALL=skip npm i @inpaint/core` (the CPU binary ships in the npm package; the variable only ' +
  'skips the CUDA download), or set INPAINT_ENGINE=wasm to silence this notice.';

let noticeGiven = false;

function describe(e: unknown): string {
  return (e as Error)?.message?.split('\n')[0] ?? String(e);
}

async function tryNative(importer: ModuleImporter): Promise<Engine | Error> {
  try {
    const ort = (await importer('onnxruntime-node')) as OrtModule;
    if (typeof ort?.InferenceSession?.create !== 'function') return new Error('onnxruntime-node has no InferenceSession');
    return nativeEngine(ort);
  } catch (e) {
    return e as Error;
  }
}

async function loadWasm(importer: ModuleImporter): Promise<Engine> {
  try {
    return wasmEngine((await importer('onnxruntime-web')) as OrtModule);
  } catch (e) {
    throw new InpaintError('ERR_MISSING_DEPENDENCY', `onnxruntime-web cannot be loaded (${describe(e)}); reinstall @inpaint/core`, { cause: e });
  }
}

/**
 * The preference in force: the option when given, else INPAINT_ENGINE, else 'auto'.
 * @example
 * resolveEnginePreference(undefined); // 'auto' unless INPAINT_ENGINE is set
 * @throws {InvalidParameterError} for an unknown name.
 */
export function resolveEnginePreference(option: unknown, env: NodeJS.ProcessEnv = process.env): EnginePreference {
  if (option !== undefined) {
    requireOption('engine', ENGINE_SCHEMA, option);
    return option as EnginePreference;
  }
  const fromEnv = env[ENGINE_ENV];
  if (fromEnv === undefined || fromEnv === '') return ENGINE_SCHEMA.default as EnginePreference;
  requireOption(ENGINE_ENV, ENGINE_SCHEMA, fromEnv);
  return fromEnv as EnginePreference;
}

const cache = new Map<EnginePreference, Promise<Engine>>();

async function load(preference: EnginePreference, importer: ModuleImporter, warn: (message: string) => void): Promise<Engine> {
  if (preference === 'wasm') return loadWasm(importer);
  const native = await tryNative(importer);
  if (!(native instanceof Error)) return native;
  if (preference === 'native') {
    throw new InpaintError('ERR_MISSING_DEPENDENCY', `engine 'native' was asked for, but onnxruntime-node cannot be loaded (${describe(native)}). ` +
      'Reinstall with `ONNXRUNTIME_NODE_INSTALL=skip npm i @inpaint/core`, or use engine \'auto\' or \'wasm\'', { cause: native });
  }
  const wasm = await loadWasm(importer);
  warn(WASM_FALLBACK_NOTICE);
  return wasm;
}

/** The default notice: one process warning, the first time only. */
function warnOnce(message: string): void {
  if (noticeGiven) return;
  noticeGiven = true;
  process.emitWarning(message, { code: 'INPAINT_WASM_ENGINE' });
}

/**
 * Load the engine for a preference (cached per process; nothing is imported before the first call).
 *
 * @example
 * const engine = await loadEngine('auto');
 * engine.name; // 'native' where onnxruntime-node is installed, else 'wasm'
 * @throws {InpaintError} ERR_MISSING_DEPENDENCY when the asked-for engine cannot be loaded.
 */
export function loadEngine(preference: EnginePreference = ENGINE_SCHEMA.default as EnginePreference, importer?: ModuleImporter, warn: (message: string) => void = warnOnce): Promise<Engine> {
  if (importer !== undefined) return load(preference, importer, warn);
  let engine = cache.get(preference);
  if (engine === undefined) {
    engine = load(preference, importModule, warn);
    cache.set(preference, engine);
    engine.catch(() => cache.delete(preference));
  }
  return engine;
}
