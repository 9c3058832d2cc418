/** Absolute path of a fixture in models/. */
export declare function fixture(name: string): string;
/** The tiny deterministic PConv model (fast; same contract as the shipped one). */
export declare const TINY_MODEL: string;
/** Tiny graphs with the published signatures of models users bring (training/make_adapter_fixtures.py): each fills holes with FILL_RGB. */
export declare const ADAPTER_MODELS: { readonly lama: string; readonly 'migan-pipeline': string; readonly migan: string; readonly 'lama-4ch': string };
/** The colour those graphs fill holes with, in 8-bit RGB (0.2, 0.6, 0.9 of full scale). */
export declare const FILL_RGB: readonly [number, number, number];
/** Environment for a child process whose first write of an inpaint temporary file hangs before its rename (hold-temp.js preloaded), announcing "holding temporary <path>" on stderr. */
export declare function holdTempEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
