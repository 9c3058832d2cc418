/**
 * Flags several commands share, each from its option schema: how an image is in-painted and
 * written and where its mask comes from (`run`, `enqueue`), the model (`run`, `eval`, `bench`, `worker`, `serve`), the
 * plugins (`run`, `serve`, `worker`), where the queue is (`enqueue`, `worker`, `status`).
 */
import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { InvalidParameterError, MODEL_OPTION_SCHEMA, PLUGINS_SCHEMA, checkOption, invalidParameterError } from '@inpaint/core';
import type { JsonValue, PluginSpec } from '@inpaint/core';
import { BATCH_OPTION_SCHEMA, FILE_POLICY_OPTION_SCHEMA } from '@inpaint/files';
import { QUEUE_OPTION_SCHEMA } from '@inpaint/queue';
import { schemaFlag } from '../option-flags.js';

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
 * Where each image's mask comes from, the flags `run` and `enqueue` share: --masks (paired by
 * name), or --boxes (a detector's labels drawn as the masks) with --classes and --grow; exactly
 * one of --masks and --boxes.
 * @example
 * maskSourceFlags(program.command('run')).action(runAction);
 */
export function maskSourceFlags(c: Command): Command {
  return c
    .option('-m, --masks <dir|file|alpha>', "a directory of masks paired by name (name.mask.png, or same stem), one mask file for all, or 'alpha' (this or --boxes)")
    .option('-b, --boxes <dir|coco.json>', "a detector's labels as the masks: a folder with one file per photo (YOLO .txt `class cx cy w h` normalised, or JSON [[x, y, w, h], …] in pixels) or one COCO annotations file (bbox and segmentation polygons, by file_name)")
    .option('--classes <list>', 'with --boxes: only these classes, comma-separated (YOLO class, COCO category_id)', parseClasses)
    .addOption(schemaFlag('--grow <px>', 'grow', FILE_POLICY_OPTION_SCHEMA.grow, { help: 'with --boxes: grow every box and polygon by this many pixels, with round corners' }))
    .hook('preAction', (command) => {
      const { masks, boxes } = command.opts<{ masks?: string; boxes?: string }>();
      if ((masks === undefined) === (boxes === undefined)) command.error(`error: give either --masks <dir|file|alpha> or --boxes <dir|coco.json> (${masks === undefined ? 'neither was given' : 'not both'})`);
    });
}

/**
 * How an image is in-painted and written: the flags `run` and `enqueue` share, from the batch option schema.
 * @example
 * inpaintingFlags(program.command('run')).action(runAction);
 */
export function inpaintingFlags(c: Command): Command {
  const s = BATCH_OPTION_SCHEMA;
  return c
    .addOption(schemaFlag('-f, --format <format>', 'format', s.format))
    .addOption(schemaFlag('--strategy <strategy>', 'strategy', s.strategy))
    .addOption(schemaFlag('--detail <mode>', 'detail', s.detail))
    .addOption(schemaFlag('--dilate <px>', 'dilate', s.dilate))
    .addOption(schemaFlag('--feather <px>', 'feather', s.feather))
    .addOption(schemaFlag('--clamp <px>', 'clamp', s.clamp))
    .addOption(schemaFlag('--invert', 'invert', s.invert))
    .addOption(schemaFlag('--threshold <0..1>', 'threshold', s.threshold))
    .addOption(schemaFlag('--resize-mask', 'resizeMask', s.resizeMask))
    .addOption(schemaFlag('--no-auto-orient', 'autoOrient', s.autoOrient, { help: 'do not apply EXIF orientation before in-painting' }))
    .addOption(schemaFlag('--keep-metadata', 'keepMetadata', s.keepMetadata));
}

/**
 * `--model <file>`, from the schema.
 * @example
 * program.command('bench').addOption(modelFlag());
 */
export function modelFlag(): Option {
  return schemaFlag('--model <file>', 'model', MODEL_OPTION_SCHEMA.model);
}

/**
 * `--model-format <format>`: the model file's contract when detection should not decide.
 * @example
 * program.command('serve').addOption(modelFlag()).addOption(modelFormatFlag());
 */
export function modelFormatFlag(): Option {
  return schemaFlag('--model-format <format>', 'modelFormat', MODEL_OPTION_SCHEMA.modelFormat);
}

/**
 * `--redis <url>` and `--queue <name>`, from the queue's option schema (the queue applies the defaults).
 * @example
 * queueFlags(program.command('status')).action(statusAction);
 */
export function queueFlags(c: Command): Command {
  return c
    .addOption(schemaFlag('--redis <url>', 'redis', QUEUE_OPTION_SCHEMA.redis))
    .addOption(schemaFlag('--queue <name>', 'queue', QUEUE_OPTION_SCHEMA.queue));
}


/**
 * One `--plugin` value as a PluginSpec: the text before the first `=` is the module (a
 * package name, a file URL, a path, or inpaint:<name>), the text after it the options, as JSON.
 * @example
 * parsePluginFlag('./plugins/sharpen.mjs={"amount":0.5}'); // { module: './plugins/sharpen.mjs', options: { amount: 0.5 } }
 * parsePluginFlag('inpaint:feather');                       // { module: 'inpaint:feather' }
 * @throws {InvalidParameterError} naming --plugin, for an empty module or options that are not JSON
 */
export function parsePluginFlag(text: string): PluginSpec {
  const at = text.indexOf('=');
  const module = at < 0 ? text : text.slice(0, at);
  let spec: PluginSpec = { module };
  if (at >= 0) {
    try {
      spec = { module, options: JSON.parse(text.slice(at + 1)) as JsonValue };
    } catch (e) {
      throw new InvalidParameterError('--plugin', "<module>[=<json>], the options after '=' as JSON", `'${text}'`,
        `--plugin ${text}: the options after '=' are not JSON (${(e as Error).message}); write --plugin 'module={"key":1}'`);
    }
  }
  checkOption('--plugin', PLUGINS_SCHEMA, [spec]);
  return spec;
}

/**
 * `--plugin <module[=json]>`, repeatable (plugins apply in the order given): the parsed
 * value, `plugin`, is the list of PluginSpecs (each command hands it on as `plugins`).
 * @example
 * program.command('serve').addOption(pluginFlag()); // inpaint serve --plugin ./sharpen.mjs='{"amount":0.5}' --plugin inpaint:feather
 */
export function pluginFlag(): Option {
  // the module's words from the one declaration
  const { items } = PLUGINS_SCHEMA as unknown as { items: { properties: { module: { description: string } } } };
  return new Option('--plugin <module[=json]>', `a plugin, applied in every worker: ${items.properties.module.description}; after '=', its options as JSON (--plugin ./sharpen.mjs='{"amount":0.5}'); repeatable, applied in order`)
    .argParser((text: string, previous: PluginSpec[] | undefined): PluginSpec[] => {
      try {
        return [...(previous ?? []), parsePluginFlag(text)];
      } catch (e) {
        if (e instanceof InvalidParameterError) throw new InvalidArgumentError(e.message);
        throw e;
      }
    });
}
