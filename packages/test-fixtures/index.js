// Paths of the shared test fixtures (see README.md).
import { fileURLToPath } from 'node:url';

/** Absolute path of a fixture in models/. */
export const fixture = (name) => fileURLToPath(new URL(`./models/${name}`, import.meta.url));
/** The tiny deterministic PConv model (fast; same contract as the shipped one). */
export const TINY_MODEL = fixture('pconv-tiny.onnx');
