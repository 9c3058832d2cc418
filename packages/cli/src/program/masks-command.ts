/**
 * `inpaint masks`: its flags (the mask generator's option schema) and its exit code.
 */
import { Option } from 'commander';
import type { Command } from 'commander';
import { GENERATE_OPTION_SCHEMA } from '@inpaint/mask-gen';
import type { MaskKind } from '@inpaint/mask-gen';
import { positiveInt, ratio, size } from '../args.js';
import { writeMasks } from '../commands/masks.js';
import { schemaFlag } from '../option-flags.js';
import { reportMode } from '../report/progress.js';
import { EXIT } from './exit.js';
import type { SetExit } from './exit.js';

interface MasksFlags { out: string; count: number; size: [number, number]; kind: MaskKind; ratio: [number, number]; seed: number; border: number; json?: boolean }

/**
 * Add `masks`.
 * @example
 * addMasksCommand(new Command('inpaint'), (code) => { process.exitCode = code; });
 */
export function addMasksCommand(program: Command, setExit: SetExit): Command {
  const s = GENERATE_OPTION_SCHEMA;
  return program.command('masks')
    .description('write random irregular masks as PNG (white = hole); the same seed gives the same files')
    .requiredOption('-o, --out <dir>', 'output directory')
    .option('-n, --count <n>', 'number of masks', positiveInt, 100)
    .option('-s, --size <WxH>', 'mask size', size, [512, 512] as [number, number])
    // the generator's options, from mask-gen's schema (ranges, defaults, help)
    .addOption(schemaFlag('-k, --kind <kind>', 'kind', s.kind, { withDefault: true }))
    .addOption(new Option('-r, --ratio <lo-hi>', `${s.ratio.description}, as lo-hi`).argParser(ratio).default(s.ratio.default))
    .addOption(schemaFlag('--seed <n>', 'seed', s.seed, { withDefault: true }))
    .addOption(schemaFlag('--border <px>', 'border', s.border, { withDefault: true }))
    .option('--json', 'one JSON object per mask and a summary on stdout')
    .action(async (f: MasksFlags) => {
      await writeMasks({ ...f, report: reportMode(f.json === true) });
      setExit(EXIT.ok);
    });
}
