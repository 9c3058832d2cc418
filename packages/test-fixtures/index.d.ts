/** Absolute path of a fixture in models/. */
export declare function fixture(name: string): string;
/** The tiny deterministic PConv model (fast; same contract as the shipped one). */
export declare const TINY_MODEL: string;
