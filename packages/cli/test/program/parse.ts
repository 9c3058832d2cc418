// Parse a command line against one command module's declaration, capturing what its action
// would receive instead of running it.
import { Command } from 'commander';

export type AddCommand = (program: Command, setExit: (code: number) => void) => unknown;

/** A program with the given commands, quiet, throwing instead of exiting. */
export function programWith(...adds: AddCommand[]): Command {
  const program = new Command('inpaint').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  for (const add of adds) add(program, () => undefined);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  return program;
}

/** The options (and arguments) `name`'s action gets for `args`. */
export async function parsed(add: AddCommand, name: string, args: string[]): Promise<{ options: Record<string, unknown>; args: unknown[] }> {
  const program = programWith(add);
  const command = program.commands.find((c) => c.name() === name)!;
  let got: unknown[] = [];
  command.action((...a: unknown[]) => { got = a; });
  await program.parseAsync([name, ...args], { from: 'user' });
  return { options: command.opts(), args: got.slice(0, -2) };
}

/** A command's option by its long flag. */
export function optionOf(add: AddCommand, name: string, long: string) {
  return programWith(add).commands.find((c) => c.name() === name)!.options.find((o) => o.long === long)!;
}
