/**
 * Flags several commands share, each from its option schema: how an image is in-painted and
 * written (`run`, `enqueue`), the model (`run`, `eval`, `bench`, `worker`, `serve`), the
 * plugins (`run`, `serve`, `worker`), where the queue is (`enqueue`, `worker`, `status`).
 */
import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { InvalidParameterError, MODEL_OPTION_SCHEMA, PLUGINS_SCHEMA, checkOption } from '@inpaint/core';
import type { JsonValue, PluginSpec } from '@inpaint/core';
import { BATCH_OPTION_SCHEMA } from '@inpaint/files';
import { QUEUE_OPTION_SCHEMA } from '@inpaint/queue';
import { schemaFlag } from '../option-flags.js';

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
