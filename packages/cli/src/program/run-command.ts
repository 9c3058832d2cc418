/**
 * `inpaint run`: its arguments and flags (the batch options' schemas), and its exit code.
 */
import type { Command } from 'commander';
import type { Detail, ModelFormat, PluginSpec, Strategy } from '@inpaint/core';
import { BATCH_RUN_OPTION_SCHEMA } from '@inpaint/files';
import type { OutputFormat } from '../commands/run.js';
import { runBatch } from '../commands/run.js';
import { schemaFlag } from '../option-flags.js';
import { reportMode } from '../report/progress.js';
import { EXIT } from './exit.js';
import type { SetExit } from './exit.js';
import { inpaintingFlags, maskSourceFlags, modelFlag, modelFormatFlag, pluginFlag } from './shared-flags.js';

interface RunFlags {
  masks?: string; boxes?: string; classes?: number[]; grow?: number; out: string; format?: OutputFormat; suffix?: string; skipExisting?: boolean; overwrite?: boolean;
  missingMask: 'skip' | 'error'; concurrency?: number; model?: string; plugin?: PluginSpec[]; modelFormat?: ModelFormat | 'auto'; strategy?: Strategy; detail?: Detail; dilate?: number; feather?: number;
  invert?: boolean; threshold?: number; resizeMask?: boolean; autoOrient: boolean; keepMetadata?: boolean; json?: boolean;
}

/**
 * Add `run`: exit 1 when a file failed or none was found.
 * @example
 * addRunCommand(new Command('inpaint'), (code) => { process.exitCode = code; });
 */
export function addRunCommand(program: Command, setExit: SetExit): Command {
  const s = BATCH_RUN_OPTION_SCHEMA;
  return maskSourceFlags(inpaintingFlags(program.command('run')
    .description('in-paint images: files, directories (recursive) or globs; outputs keep the relative folder structure')
    .argument('<inputs...>', 'image files, directories or globs')
    .requiredOption('-o, --out <dir>', 'output directory')
    .addOption(schemaFlag('--suffix <text>', 'suffix', s.suffix))
    .option('--skip-existing', 'skip images whose output exists (resume a batch)')
    .option('--overwrite', 'replace existing outputs (otherwise they are reported as failures)')
    .addOption(schemaFlag('--missing-mask <mode>', 'missingMask', s.missingMask, { withDefault: true }))
    .addOption(schemaFlag('-c, --concurrency <n>', 'concurrency', s.concurrency, { help: 'images in flight (worker threads; default: the core count)' }))
    .addOption(modelFlag())
    .addOption(modelFormatFlag())
    .addOption(pluginFlag())
    .option('--json', 'one JSON object per file and a summary on stdout')))
    .action(async (inputs: string[], { plugin: plugins, ...f }: RunFlags) => {
      const { summary } = await runBatch(inputs, { ...f, plugins, report: reportMode(f.json === true) });
      setExit(summary.failed > 0 || summary.total === 0 ? EXIT.failed : EXIT.ok);
      if (summary.total === 0) process.stderr.write('no images found in the inputs\n');
    });
}
