/**
 * Flags several commands share, each from its option schema: how an image is in-painted and
 * written (`run`, `enqueue`), the model (`run`, `eval`, `bench`, `worker`, `serve`), where
 * the queue is (`enqueue`, `worker`, `status`).
 */
import type { Command, Option } from 'commander';
import { MODEL_OPTION_SCHEMA } from '@inpaint/core';
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
