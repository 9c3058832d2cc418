/**
 * @inpaint/cli — the `inpaint` command, also usable as a library.
 */
export { main, buildProgram, EXIT } from './program.js';
export { runBatch, checkOutDir, OUTPUT_FORMATS } from './commands/run.js';
export { enqueueBatch, runWorker, showStatus } from './commands/queue.js';
export { serve } from './commands/serve.js';
export { createServer } from './serve/server.js';
export type { ServeOptions } from './serve/server.js';
export type { EnqueueOptions } from './commands/queue.js';
export { planBatch, outputPath } from './batch-plan.js';
export type { BatchItem, BatchPlanOptions } from './batch-plan.js';
export type { RunOptions, OutputFormat } from './commands/run.js';
export { writeMasks } from './commands/masks.js';
export type { MasksOptions } from './commands/masks.js';
export { evaluate } from './commands/eval.js';
export type { EvalBucket, EvalOptions, EvalResult } from './commands/eval.js';
export { formatTable } from './commands/eval-table.js';
export { loadEvalImages } from './commands/eval-images.js';
export { DETAIL_ARMS, HOLE_KINDS } from './commands/eval-methods.js';
export type { DetailArm, HoleKind } from './commands/eval-methods.js';
export type { MethodScore } from './commands/eval-scores.js';
export { BlindWriter, formatBlindScore, parseGuesses, scoreBlind } from './commands/blind.js';
export type { BlindFill, BlindKey, BlindMode, BlindPairKey, BlindScore, BlindScoreRow } from './commands/blind.js';
export { bench, syntheticImage, hugeCase, strokeCase } from './commands/bench.js';
export type { BenchOptions, BenchResult, StrokeCaseResult } from './commands/bench.js';
export { inpaintBaseline, gmicPath, BASELINES, GMIC_BASELINES, OPENCV_BASELINES } from './baselines.js';
export type { Baseline, GmicBaseline } from './baselines.js';
export type { FileRecord, Summary } from './report/records.js';
