/**
 * `inpaint run`: its arguments and flags (the batch options' schemas), and its exit code.
 */
import type { Command } from 'commander';
import type { Detail, ModelFormat, PluginSpec, Strategy } from '@inpaint/core';
import { invalidParameterError } from '@inpaint/core';
import { BATCH_RUN_OPTION_SCHEMA, FILE_POLICY_OPTION_SCHEMA } from '@inpaint/files';
import type { OutputFormat } from '../commands/run.js';
import { runBatch } from '../commands/run.js';
import { schemaFlag } from '../option-flags.js';
import { reportMode } from '../report/progress.js';
import { EXIT } from './exit.js';
import type { SetExit } from './exit.js';
import { inpaintingFlags, modelFlag, modelFormatFlag, pluginFlag } from './shared-flags.js';

interface RunFlags {
  masks?: string; boxes?: string; classes?: number[]; grow?: number; out: string; format?: OutputFormat; suffix?: string; skipExisting?: boolean; overwrite?: boolean;
  missingMask: 'skip' | 'error'; concurrency?: number; model?: string; plugin?: PluginSpec[]; modelFormat?: ModelFormat | 'auto'; strategy?: Strategy; detail?: Detail; dilate?: number; feather?: number;
  invert?: boolean; threshold?: number; resizeMask?: boolean; autoOrient: boolean; keepMetadata?: boolean; json?: boolean;
}

/**
 * The value of --classes: comma-separated class numbers.
 * @example
 * parseClasses('0,2'); // [0, 2]
 */
export function parseClasses(text: string): number[] {
  const classes = text.split(',').map((c) => c.trim()).filter((c) => c !== '').map(Number);
  if (classes.length === 0 || !classes.every((c) => Number.isInteger(c) && c >= 0)) throw invalidParameterError('--classes', 'class numbers separated by commas (0,2)', text);
  return classes;
}

/**
 * Add `run`: exit 1 when a file failed or none was found.
 * @example
 * addRunCommand(new Command('inpaint'), (code) => { process.exitCode = code; });
 */
export function addRunCommand(program: Command, setExit: SetExit): Command {
  const s = BATCH_RUN_OPTION_SCHEMA;
  return inpaintingFlags(program.command('run')
    .description('in-paint images: files, directories (recursive) or globs; outputs keep the relative folder structure')
    .argument('<inputs...>', 'image files, directories or globs')
    .option('-m, --masks <dir|file|alpha>', "a directory of masks paired by name (name.mask.png, or same stem), one mask file for all, or 'alpha' (this or --boxes)")
    .option('-b, --boxes <dir|coco.json>', "a detector's labels as the masks: a folder with one file per photo (YOLO .txt `class cx cy w h` normalised, or JSON [[x, y, w, h], …] in pixels) or one COCO annotations file (bbox and segmentation polygons, by file_name)")
    .option('--classes <list>', 'with --boxes: only these classes, comma-separated (YOLO class, COCO category_id)', parseClasses)
    .addOption(schemaFlag('--grow <px>', 'grow', FILE_POLICY_OPTION_SCHEMA.grow, { help: 'with --boxes: grow every box and polygon by this many pixels, with round corners' }))
    .requiredOption('-o, --out <dir>', 'output directory')
    .addOption(schemaFlag('--suffix <text>', 'suffix', s.suffix))
    .option('--skip-existing', 'skip images whose output exists (resume a batch)')
    .option('--overwrite', 'replace existing outputs (otherwise they are reported as failures)')
    .addOption(schemaFlag('--missing-mask <mode>', 'missingMask', s.missingMask, { withDefault: true }))
    .addOption(schemaFlag('-c, --concurrency <n>', 'concurrency', s.concurrency, { help: 'images in flight (worker threads; default: the core count)' }))
    .addOption(modelFlag())
    .addOption(modelFormatFlag())
    .addOption(pluginFlag())
    .option('--json', 'one JSON object per file and a summary on stdout'))
    .hook('preAction', (command) => {
      const { masks, boxes } = command.opts<RunFlags>();
      if ((masks === undefined) === (boxes === undefined)) command.error(`error: give either --masks <dir|file|alpha> or --boxes <dir|coco.json> (${masks === undefined ? 'neither was given' : 'not both'})`);
    })
    .action(async (inputs: string[], { plugin: plugins, ...f }: RunFlags) => {
      const { summary } = await runBatch(inputs, { ...f, plugins, report: reportMode(f.json === true) });
      setExit(summary.failed > 0 || summary.total === 0 ? EXIT.failed : EXIT.ok);
      if (summary.total === 0) process.stderr.write('no images found in the inputs\n');
    });
}
