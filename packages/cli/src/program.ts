/**
 * The `inpaint` command line: run, masks, eval, bench, enqueue, worker, status, serve. Each
 * command's flags are declared in its own module under program/ (from the option schemas);
 * this module puts them together and turns errors into exit codes: 0 all succeeded, 1 some
 * work failed, 2 bad usage (unknown flag, bad value, missing argument).
 */
import { Command, CommanderError } from 'commander';
import { InvalidParameterError } from '@inpaint/core';
import { RedisUnavailableError } from '@inpaint/queue';
import { addBenchCommands } from './program/bench-commands.js';
import { addEvalCommand } from './program/eval-command.js';
import { EXIT } from './program/exit.js';
import type { SetExit } from './program/exit.js';
import { addMasksCommand } from './program/masks-command.js';
import { addQueueCommands } from './program/queue-commands.js';
import { addRunCommand } from './program/run-command.js';
import { addServeCommand } from './program/serve-command.js';
import { VERSION } from './version.js';

export { EXIT } from './program/exit.js';

/** The commands, in the order `inpaint --help` lists them. */
const COMMANDS = [addRunCommand, addMasksCommand, addEvalCommand, addBenchCommands, addQueueCommands, addServeCommand] as const;

/**
 * @example
 * const program = buildProgram((code) => { process.exitCode = code; });
 * await program.parseAsync(['node', 'inpaint', 'masks', '--out', 'm/', '--count', '3']);
 */
export function buildProgram(setExit: SetExit): Command {
  const program = new Command('inpaint')
    .description('Learned image in-painting (Partial-Convolution U-Net on onnxruntime): batch runs, masks, evaluation, benchmarks.\nMasks: white (non-zero) marks the pixels to replace.')
    .version(VERSION)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  for (const add of COMMANDS) add(program, setExit);
  for (const c of program.commands) c.exitOverride().showHelpAfterError('(add --help for usage)');
  return program;
}

/**
 * Parse and run; resolves to the exit code.
 * @example
 * process.exitCode = await main(process.argv); // 0 ok, 1 some files failed, 2 usage
 */
export async function main(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => { code = c; });
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof InvalidParameterError) {
      process.stderr.write(`inpaint: ${e.message}\n(add --help for usage)\n`);
      return EXIT.usage;
    }
    if (e instanceof RedisUnavailableError) {
      process.stderr.write(`inpaint: ${e.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`inpaint: ${(e as Error).message}\n`);
    return EXIT.failed;
  }
  return code;
}
