/**
 * `inpaint eval`: its flags, the blind test's scoring, and its exit code.
 */
import { Option } from 'commander';
import type { Command } from 'commander';
import { DEFAULT_OPTIONS, MODEL_OPTION_SCHEMA, STRATEGIES, invalidParameterError } from '@inpaint/core';
import type { Strategy } from '@inpaint/core';
import { listOf, nonNegativeInt, positiveInt } from '../args.js';
import { BASELINES } from '../baselines.js';
import type { Baseline } from '../baselines.js';
import { formatBlindScore, scoreBlind } from '../commands/blind.js';
import { evaluate } from '../commands/eval.js';
import { BLIND_ARMS, DETAIL_ARMS, HOLE_KINDS } from '../commands/eval-methods.js';
import type { DetailArm, HoleKind } from '../commands/eval-methods.js';
import { formatTable } from '../commands/eval-table.js';
import { schemaFlag } from '../option-flags.js';
import { EXIT } from './exit.js';
import type { SetExit } from './exit.js';
import { modelFlag } from './shared-flags.js';

interface EvalFlags {
  images?: string; native?: boolean; holes?: HoleKind[]; detail: DetailArm[]; seed: number; perBucket: number; size: number; baselines: Baseline[]; strategy?: Strategy;
  model?: string; threads?: number; limit?: number; json?: string; save?: string; blind?: string; blindArm?: string[]; blindScore?: string;
}

/** Score a blind test (--blind-score), or run the benchmark (and write a blind test with --blind). */
async function evalAction(f: EvalFlags): Promise<void> {
  if (f.blindScore !== undefined) {
    process.stdout.write(`${formatBlindScore(await scoreBlind(f.blindScore))}\n`);
    return;
  }
  const { images, blind, blindArm, blindScore: _, ...rest } = f;
  if (images === undefined) throw invalidParameterError('--images', 'a folder of evaluation images (or --blind-score DIR)', 'none');
  if (blindArm !== undefined && blind === undefined) throw invalidParameterError('--blind-arm', 'a --blind folder to write the test to', 'none');
  const result = await evaluate({
    ...rest, images, strategy: f.strategy ?? (f.native ? 'auto' : 'full'),
    ...(blind !== undefined ? { blind: { dir: blind, arms: blindArm ?? [DEFAULT_OPTIONS.detail] } } : {}),
  });
  process.stdout.write(`${formatTable(result)}\n`);
}

/**
 * Add `eval`.
 * @example
 * addEvalCommand(new Command('inpaint'), (code) => { process.exitCode = code; });
 */
export function addEvalCommand(program: Command, setExit: SetExit): Command {
  return program.command('eval')
    .description("quality benchmark: the model and classical baselines on the same images and masks, per hole-ratio bucket (the PConv paper's protocol); --blind writes a blind test a person can take, --blind-score scores it")
    .option('-i, --images <dir>', 'evaluation images (never training images); required unless --blind-score')
    .option('--native', "the native-resolution protocol: photos at their own size, thin strokes (2–5 %) and object-size holes (3–25 %), strategy 'auto'")
    .option('--holes <list>', `kinds of holes of --native, comma-separated: ${HOLE_KINDS.join(', ')} (default: both)`, listOf(HOLE_KINDS))
    .option('--detail <list>', `model arms, comma-separated: ${DETAIL_ARMS.join(', ')}`, listOf(DETAIL_ARMS), [DEFAULT_OPTIONS.detail, 'smooth'] as DetailArm[])
    .option('--seed <n>', 'mask seed of the protocol (and of a blind test\'s order)', nonNegativeInt, 0)
    .option('--per-bucket <k>', 'masks per image and bucket', positiveInt, 1)
    .option('--size <px>', 'images are centre-cropped and resized to this square', positiveInt, 512)
    .option('--baselines <list>', `comma-separated: ${BASELINES.join(', ')} (or none); G'MIC's need gmic on PATH and are skipped without it`, listOf(BASELINES), [...BASELINES] as Baseline[])
    .addOption(new Option('--strategy <strategy>', "core strategy for the model (default: 'full' at 512², 'auto' with --native)").choices(STRATEGIES))
    .addOption(modelFlag())
    .addOption(schemaFlag('--threads <n>', 'threads', MODEL_OPTION_SCHEMA.threads))
    .option('--limit <n>', 'first n images only', positiveInt)
    .option('--json <file>', 'write the results as JSON')
    .option('--save <dir>', 'write side-by-side PNGs (masked input, each method, ground truth) and grid.png')
    .option('--blind <dir>', 'also write a blind test of the fills: DIR/pair-NNN.png (two crops at 100 %, sides in a seeded random order), DIR/guesses.txt to fill in, DIR/key.json')
    .option('--blind-arm <list>', `the blind test's arm (photo against its fill: which is the real photo?) or two arms, comma-separated (which looks more natural?): ${BLIND_ARMS.join(', ')} (default: ${DEFAULT_OPTIONS.detail})`, listOf(BLIND_ARMS))
    .option('--blind-score <dir>', 'score a blind test: read DIR/guesses.txt and DIR/key.json, print the counts, write DIR/score.json')
    .action(async (f: EvalFlags) => {
      await evalAction(f);
      setExit(EXIT.ok);
    });
}
