// Paths of the shared test fixtures (see README.md).
import { fileURLToPath } from 'node:url';

/** Absolute path of a fixture in models/. */
export const fixture = (name) => fileURLToPath(new URL(`./models/${name}`, import.meta.url));
/** The tiny deterministic PConv model (fast; same contract as the shipped one). */
export const TINY_MODEL = fixture('pconv-tiny.onnx');
/** Tiny graphs with the published signatures of models users bring (training/make_adapter_fixtures.py): each fills holes with FILL_RGB. */
export const ADAPTER_MODELS = {
  lama: fixture('lama-carve.onnx'),
  'migan-pipeline': fixture('migan-pipeline.onnx'),
  migan: fixture('migan-raw.onnx'),
  'lama-4ch': fixture('lama-4ch.onnx'),
};
/** The colour those graphs fill holes with, in 8-bit RGB (0.2, 0.6, 0.9 of full scale). */
export const FILL_RGB = [51, 153, 230];

const HOLD_TEMP = fileURLToPath(new URL('./hold-temp.js', import.meta.url));
/** Environment for a child process whose first write of an inpaint temporary file hangs before its rename (hold-temp.js preloaded). */
export const holdTempEnv = (env = process.env) => ({ ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --import=${HOLD_TEMP}`.trim() });
