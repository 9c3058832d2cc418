/**
 * `inpaint bench`, and the hidden commands its child processes run (one case each, for its
 * own peak RSS).
 */
import type { Command } from 'commander';
import { DETAILS, STRATEGIES } from '@inpaint/core';
import type { Detail, Strategy } from '@inpaint/core';
import { listOf, nonNegativeInt, oneOf, positiveInt } from '../args.js';
import { OPENCV_BASELINES } from '../baselines.js';
import type { Baseline } from '../baselines.js';
import { bench, runHugeCase, runObjectCase, runStrokeCase } from '../commands/bench.js';
import { EXIT } from './exit.js';
import type { SetExit } from './exit.js';
import { modelFlag } from './shared-flags.js';

interface BenchFlags { sizes: number[]; repeat: number; baselines: Baseline[]; model?: string; huge: boolean; batch: number; json?: string }

/** The child processes' commands: `__bench-huge`, `__bench-object`, `__bench-stroke`. */
function addCaseCommands(program: Command, setExit: SetExit): void {
  program.command('__bench-huge', { hidden: true })
    .argument('<strategy>', 'auto or full', oneOf(STRATEGIES))
    .option('--model <file>')
    .action(async (strategy: Strategy, f: { model?: string }) => {
      await runHugeCase(strategy, f.model);
      setExit(EXIT.ok);
    });
  program.command('__bench-object', { hidden: true })
    .argument('<detail>', `a detail setting: ${DETAILS.join(', ')}`, oneOf(DETAILS))
    .option('--model <file>')
    .action(async (detail: Detail, f: { model?: string }) => {
      await runObjectCase(detail, f.model);
      setExit(EXIT.ok);
    });
  program.command('__bench-stroke', { hidden: true })
    .argument('<detail>', `a detail setting: ${DETAILS.join(', ')}`, oneOf(DETAILS))
    .option('--model <file>')
    .option('--strategy <strategy>', 'auto, or crop for the planning before thickness', oneOf(STRATEGIES), 'auto')
    .action(async (detail: Detail, f: { model?: string; strategy: Strategy }) => {
      await runStrokeCase(detail, f.model, f.strategy);
      setExit(EXIT.ok);
    });
}

/**
 * Add `bench` and its hidden case commands.
 * @example
 * addBenchCommands(new Command('inpaint'), (code) => { process.exitCode = code; });
 */
export function addBenchCommands(program: Command, setExit: SetExit): Command {
  const command = program.command('bench')
    .description('speed: model and baselines at several sizes, the 24-megapixel small-holes case, batch throughput')
    .option('--sizes <list>', 'square sizes', (v) => v.split(',').map((s) => positiveInt(s)), [256, 512, 1024])
    .option('--repeat <n>', 'timed runs per case (median reported)', positiveInt, 5)
    .option('--baselines <list>', `comma-separated: ${OPENCV_BASELINES.join(', ')} (or none)`, listOf(OPENCV_BASELINES), [...OPENCV_BASELINES] as Baseline[])
    .addOption(modelFlag())
    .option('--no-huge', 'skip the 6000x4000 case')
    .option('--batch <n>', 'images for the run-throughput case (0 = skip)', nonNegativeInt, 16)
    .option('--json <file>', 'write the results as JSON')
    .action(async (f: BenchFlags) => {
      await bench({ ...f, log: (s) => process.stderr.write(s) });
      setExit(EXIT.ok);
    });
  addCaseCommands(program, setExit);
  return command;
}
