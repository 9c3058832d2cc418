/**
 * The `inpaint` command line: run, masks, eval, bench. Exit codes: 0 all succeeded,
 * 1 some work failed, 2 bad usage (unknown flag, bad value, missing argument).
 */
import { availableParallelism } from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { InvalidParameterError, invalidParameterError } from '@inpaint/core';
import { RedisUnavailableError } from '@inpaint/queue';
import { DETAILS, MODEL_OPTION_SCHEMA, STRATEGIES } from '@inpaint/core';
import { BATCH_OPTION_SCHEMA, BATCH_RUN_OPTION_SCHEMA } from '@inpaint/files';
import type { Detail, ModelFormat, Strategy } from '@inpaint/core';
import { GENERATE_OPTION_SCHEMA } from '@inpaint/mask-gen';
import type { MaskKind } from '@inpaint/mask-gen';
import { listOf, nonNegativeInt, oneOf, positiveInt, ratio, size } from './args.js';
import { schemaFlag } from './option-flags.js';
import { BASELINES, OPENCV_BASELINES } from './baselines.js';
import type { Baseline } from './baselines.js';
import { bench, runHugeCase, runObjectCase, runStrokeCase } from './commands/bench.js';
import { BLIND_ARMS, DETAIL_ARMS, HOLE_KINDS, evaluate, formatTable } from './commands/eval.js';
import type { DetailArm, HoleKind } from './commands/eval.js';
import { formatBlindScore, scoreBlind } from './commands/blind.js';
import { writeMasks } from './commands/masks.js';
import type { OutputFormat } from './commands/run.js';
import { runBatch } from './commands/run.js';
import { serve } from './commands/serve.js';
import { VERSION } from './version.js';
import type { ServeCommandOptions } from './commands/serve.js';
import type { EnqueueOptions } from './commands/queue.js';
import { enqueueBatch, runWorker, showStatus } from './commands/queue.js';
import { reportMode } from './report/progress.js';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

interface RunFlags {
  masks: string; out: string; format?: OutputFormat; suffix?: string; skipExisting?: boolean; overwrite?: boolean;
  missingMask: 'skip' | 'error'; concurrency: number; model?: string; modelFormat?: ModelFormat | 'auto'; strategy?: Strategy; detail?: Detail; dilate?: number; feather?: number;
  invert?: boolean; threshold?: number; resizeMask?: boolean; autoOrient: boolean; keepMetadata?: boolean; json?: boolean;
}

/** How an image is in-painted and written: the flags `run` and `enqueue` share, from the batch option schema. */
function inpaintingFlags(c: Command): Command {
  const s = BATCH_OPTION_SCHEMA;
  return c
    .addOption(schemaFlag('-f, --format <format>', 'format', s.format))
    .addOption(schemaFlag('--strategy <strategy>', 'strategy', s.strategy))
    .addOption(schemaFlag('--detail <mode>', 'detail', s.detail))
    .addOption(schemaFlag('--dilate <px>', 'dilate', s.dilate))
    .addOption(schemaFlag('--feather <px>', 'feather', s.feather))
    .addOption(schemaFlag('--invert', 'invert', s.invert))
    .addOption(schemaFlag('--threshold <0..1>', 'threshold', s.threshold))
    .addOption(schemaFlag('--resize-mask', 'resizeMask', s.resizeMask))
    .addOption(schemaFlag('--no-auto-orient', 'autoOrient', s.autoOrient, { help: 'do not apply EXIF orientation before in-painting' }))
    .addOption(schemaFlag('--keep-metadata', 'keepMetadata', s.keepMetadata));
}

/** `--model <file>`, from the schema. */
const modelFlag = () => schemaFlag('--model <file>', 'model', MODEL_OPTION_SCHEMA.model);
/** `--model-format <format>`: the model file's contract when detection should not decide. */
const modelFormatFlag = () => schemaFlag('--model-format <format>', 'modelFormat', MODEL_OPTION_SCHEMA.modelFormat);

/**
 * @example
 * const program = buildProgram((code) => { process.exitCode = code; });
 * await program.parseAsync(['node', 'inpaint', 'masks', '--out', 'm/', '--count', '3']);
 */
export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('inpaint')
    .description('Learned image in-painting (Partial-Convolution U-Net on onnxruntime): batch runs, masks, evaluation, benchmarks.\nMasks: white (non-zero) marks the pixels to replace.')
    .version(VERSION)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();

  inpaintingFlags(program.command('run')
    .description('in-paint images: files, directories (recursive) or globs; outputs keep the relative folder structure')
    .argument('<inputs...>', 'image files, directories or globs')
    .requiredOption('-m, --masks <dir|file|alpha>', "a directory of masks paired by name (name.mask.png, or same stem), one mask file for all, or 'alpha'")
    .requiredOption('-o, --out <dir>', 'output directory')
    .addOption(schemaFlag('--suffix <text>', 'suffix', BATCH_RUN_OPTION_SCHEMA.suffix))
    .option('--skip-existing', 'skip images whose output exists (resume a batch)')
    .option('--overwrite', 'replace existing outputs (otherwise they are reported as failures)')
    .addOption(schemaFlag('--missing-mask <mode>', 'missingMask', BATCH_RUN_OPTION_SCHEMA.missingMask, { withDefault: true }))
    .addOption(schemaFlag('-c, --concurrency <n>', 'concurrency', BATCH_RUN_OPTION_SCHEMA.concurrency, { help: 'images in flight (worker threads)' }).default(availableParallelism(), 'the core count'))
    .addOption(modelFlag())
    .addOption(modelFormatFlag())
    .option('--json', 'one JSON object per file and a summary on stdout'))
    .action(async (inputs: string[], f: RunFlags) => {
      const { summary } = await runBatch(inputs, { ...f, report: reportMode(f.json === true) });
      setExit(summary.failed > 0 || summary.total === 0 ? EXIT.failed : EXIT.ok);
      if (summary.total === 0) process.stderr.write('no images found in the inputs\n');
    });

  program.command('masks')
    .description('write random irregular masks as PNG (white = hole); the same seed gives the same files')
    .requiredOption('-o, --out <dir>', 'output directory')
    .option('-n, --count <n>', 'number of masks', positiveInt, 100)
    .option('-s, --size <WxH>', 'mask size', size, [512, 512] as [number, number])
    // the generator's options, from mask-gen's schema (ranges, defaults, help)
    .addOption(schemaFlag('-k, --kind <kind>', 'kind', GENERATE_OPTION_SCHEMA.kind, { withDefault: true }))
    .addOption(new Option('-r, --ratio <lo-hi>', `${GENERATE_OPTION_SCHEMA.ratio.description}, as lo-hi`).argParser(ratio).default(GENERATE_OPTION_SCHEMA.ratio.default))
    .addOption(schemaFlag('--seed <n>', 'seed', GENERATE_OPTION_SCHEMA.seed, { withDefault: true }))
    .addOption(schemaFlag('--border <px>', 'border', GENERATE_OPTION_SCHEMA.border, { withDefault: true }))
    .option('--json', 'one JSON object per mask and a summary on stdout')
    .action(async (f: { out: string; count: number; size: [number, number]; kind: MaskKind; ratio: [number, number]; seed: number; border: number; json?: boolean }) => {
      await writeMasks({ ...f, report: reportMode(f.json === true) });
      setExit(EXIT.ok);
    });

  program.command('eval')
    .description("quality benchmark: the model and classical baselines on the same images and masks, per hole-ratio bucket (the PConv paper's protocol); --blind writes a blind test a person can take, --blind-score scores it")
    .option('-i, --images <dir>', 'evaluation images (never training images); required unless --blind-score')
    .option('--native', "the native-resolution protocol: photos at their own size, thin strokes (2–5 %) and object-size holes (3–25 %), strategy 'auto'")
    .option('--holes <list>', `kinds of holes of --native, comma-separated: ${HOLE_KINDS.join(', ')} (default: both)`, listOf(HOLE_KINDS))
    .option('--detail <list>', `model arms, comma-separated: ${DETAIL_ARMS.join(', ')}`, listOf(DETAIL_ARMS), ['texture', 'smooth'] as DetailArm[])
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
    .option('--blind-arm <list>', `the blind test's arm (photo against its fill: which is the real photo?) or two arms, comma-separated (which looks more natural?): ${BLIND_ARMS.join(', ')} (default: texture)`, listOf(BLIND_ARMS))
    .option('--blind-score <dir>', 'score a blind test: read DIR/guesses.txt and DIR/key.json, print the counts, write DIR/score.json')
    .action(async (f: {
      images?: string; native?: boolean; holes?: HoleKind[]; detail: DetailArm[]; seed: number; perBucket: number; size: number; baselines: Baseline[]; strategy?: Strategy;
      model?: string; threads?: number; limit?: number; json?: string; save?: string; blind?: string; blindArm?: string[]; blindScore?: string;
    }) => {
      if (f.blindScore !== undefined) {
        process.stdout.write(`${formatBlindScore(await scoreBlind(f.blindScore))}\n`);
        setExit(EXIT.ok);
        return;
      }
      const { images, blind, blindArm, blindScore: _, ...rest } = f;
      if (images === undefined) throw invalidParameterError('--images', 'a folder of evaluation images (or --blind-score DIR)', 'none');
      if (blindArm !== undefined && blind === undefined) throw invalidParameterError('--blind-arm', 'a --blind folder to write the test to', 'none');
      const result = await evaluate({
        ...rest, images, strategy: f.strategy ?? (f.native ? 'auto' : 'full'),
        ...(blind !== undefined ? { blind: { dir: blind, arms: blindArm ?? ['texture'] } } : {}),
      });
      process.stdout.write(`${formatTable(result)}\n`);
      setExit(EXIT.ok);
    });

  program.command('bench')
    .description('speed: model and baselines at several sizes, the 24-megapixel small-holes case, batch throughput')
    .option('--sizes <list>', 'square sizes', (v) => v.split(',').map((s) => positiveInt(s)), [256, 512, 1024])
    .option('--repeat <n>', 'timed runs per case (median reported)', positiveInt, 5)
    .option('--baselines <list>', `comma-separated: ${OPENCV_BASELINES.join(', ')} (or none)`, listOf(OPENCV_BASELINES), [...OPENCV_BASELINES] as Baseline[])
    .addOption(modelFlag())
    .option('--no-huge', 'skip the 6000x4000 case')
    .option('--batch <n>', 'images for the run-throughput case (0 = skip)', nonNegativeInt, 16)
    .option('--json <file>', 'write the results as JSON')
    .action(async (f: { sizes: number[]; repeat: number; baselines: Baseline[]; model?: string; huge: boolean; batch: number; json?: string }) => {
      await bench({ ...f, log: (s) => process.stderr.write(s) });
      setExit(EXIT.ok);
    });

  const queueFlags = (c: Command) => c
    .option('--redis <url>', `Redis URL (default: $INPAINT_REDIS_URL, else redis://127.0.0.1:6379)`)
    .option('--queue <name>', 'queue name', 'inpaint');

  queueFlags(inpaintingFlags(program.command('enqueue')
    .description('queue a batch for workers on many machines: one job per image, paired with its mask as `run` pairs them; enqueueing the same batch twice adds nothing')
    .argument('<inputs...>', 'image files, directories or globs (paths every worker can read)')
    .requiredOption('-m, --masks <dir|file|alpha>', 'a directory of masks paired by name, one mask file for all, or \'alpha\'')
    .requiredOption('-o, --out <dir>', 'output directory on a volume every worker can write')
    .addOption(schemaFlag('--suffix <text>', 'suffix', BATCH_RUN_OPTION_SCHEMA.suffix))
    .option('--overwrite', 'queue images whose output exists (otherwise they count as done)')
    .option('--json', 'print the counts as JSON')))
    .action(async (inputs: string[], f: EnqueueOptions) => {
      await enqueueBatch(inputs, f);
      setExit(EXIT.ok);
    });

  queueFlags(program.command('worker')
    .description('process queued jobs until SIGTERM/SIGINT (then the active jobs finish and it exits 0)')
    .option('-c, --concurrency <n>', 'jobs at a time (worker threads, one model load each)', positiveInt, availableParallelism())
    .addOption(modelFlag())
    .addOption(modelFormatFlag())
    .addOption(schemaFlag('--threads <n>', 'threads', MODEL_OPTION_SCHEMA.threads, { help: 'onnxruntime threads per job (default: cores / concurrency; lower it when workers share a machine)' }))
    .option('--lock-ms <ms>', 'job lock duration: a killed worker\'s jobs are taken over after it', positiveInt, 30_000)
    .option('--stalled-ms <ms>', 'how often stalled jobs are looked for', positiveInt, 30_000))
    .action(async (f: { redis?: string; queue: string; concurrency: number; model?: string; modelFormat?: ModelFormat | 'auto'; threads?: number; lockMs: number; stalledMs: number }) => {
      await runWorker({ ...f, threadsPerJob: f.threads, lockDurationMs: f.lockMs, stalledIntervalMs: f.stalledMs });
      setExit(EXIT.ok);
    });

  queueFlags(program.command('status')
    .description('counts of waiting, active, completed and failed jobs, with the failure reasons')
    .option('--wait', 'show progress until nothing is waiting or active; exit 0 if none failed, else 1')
    .option('--json', 'print the status as JSON'))
    .action(async (f: { redis?: string; queue: string; wait?: boolean; json?: boolean }) => {
      const s = await showStatus(f);
      setExit(f.wait && s.failed > 0 ? EXIT.failed : EXIT.ok);
    });

  program.command('serve')
    .description('a local HTTP API (POST /api/inpaint, /openapi.json) and a page to paint masks in the browser')
    .option('-p, --port <n>', 'port (0: any free port)', nonNegativeInt, 8080)
    .option('--host <host>', 'interface to listen on (0.0.0.0 to serve the network)', '127.0.0.1')
    .addOption(modelFlag())
    .addOption(modelFormatFlag())
    .option('--max-pixels <n>', 'largest image accepted, in pixels (413 beyond)', positiveInt, 50_000_000)
    .option('--max-body-mb <n>', 'largest request body in MiB (413 beyond)', positiveInt, 200)
    .option('-c, --concurrency <n>', 'images in-painted at once (more requests wait; 503 past --max-queue)', positiveInt, 2)
    .option('--max-queue <n>', 'requests that may wait beyond those in progress (503 with Retry-After past it; default: twice --concurrency)', nonNegativeInt)
    .option('--request-timeout <s>', 'seconds a client may take to send its whole request (408 past it)', positiveInt, 120)
    .option('--token <token>', 'require Authorization: Bearer <token> on /api/* (default: $INPAINT_TOKEN; without one, a warning when --host is not loopback)')
    .action(async (f: ServeCommandOptions) => {
      await serve(f);
      setExit(EXIT.ok);
    });

  program.command('__bench-huge', { hidden: true })
    .argument('<strategy>', 'auto or full', oneOf(STRATEGIES))
    .option('--model <file>')
    .action(async (strategy: Strategy, f: { model?: string }) => {
      await runHugeCase(strategy, f.model);
      setExit(EXIT.ok);
    });

  program.command('__bench-object', { hidden: true })
    .argument('<detail>', 'texture or smooth', oneOf(DETAILS))
    .option('--model <file>')
    .action(async (detail: Detail, f: { model?: string }) => {
      await runObjectCase(detail, f.model);
      setExit(EXIT.ok);
    });

  program.command('__bench-stroke', { hidden: true })
    .argument('<detail>', 'texture or smooth', oneOf(DETAILS))
    .option('--model <file>')
    .option('--strategy <strategy>', "auto, or crop for the planning before thickness", oneOf(STRATEGIES), 'auto')
    .action(async (detail: Detail, f: { model?: string; strategy: Strategy }) => {
      await runStrokeCase(detail, f.model, f.strategy);
      setExit(EXIT.ok);
    });

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
