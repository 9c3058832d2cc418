import test from 'ava';
import { optionHelp } from '@inpaint/core';
import { BATCH_OPTION_SCHEMA } from '@inpaint/files';
import { QUEUE_OPTION_SCHEMA, WORKER_OPTION_SCHEMA } from '@inpaint/queue';
import { addQueueCommands } from '../../src/program/queue-commands.js';
import { optionOf, parsed } from './parse.js';

test("the worker's flags are the worker's option schema: help with the declared default, ranges checked", async (t) => {
  t.is(optionOf(addQueueCommands, 'worker', '--lock-ms').description, optionHelp(WORKER_OPTION_SCHEMA.lockDurationMs));
  t.regex(optionOf(addQueueCommands, 'worker', '--lock-ms').description, /\(default 30000\)$/);
  t.is(optionOf(addQueueCommands, 'worker', '--threads').description, WORKER_OPTION_SCHEMA.threadsPerJob.description ?? '');
  t.deepEqual((await parsed(addQueueCommands, 'worker', [])).options, {}, 'absent: startWorker decides');
  const { options } = await parsed(addQueueCommands, 'worker', ['--lock-ms', '1500', '--stalled-ms', '500', '-c', '2', '--threads', '3', '--queue', 'q']);
  t.deepEqual(options, { lockMs: 1500, stalledMs: 500, concurrency: 2, threads: 3, queue: 'q' });
  await t.throwsAsync(parsed(addQueueCommands, 'worker', ['--lock-ms', '0']), { message: /expected an integer >= 1/ });
  t.deepEqual((await parsed(addQueueCommands, 'worker', ['--plugin', 'inpaint:feather'])).options, { plugin: [{ module: 'inpaint:feather' }] });
  await t.throwsAsync(parsed(addQueueCommands, 'worker', ['--model-format', 'pth']));
});

test('enqueue carries the batch options and the queue flags; status the queue flags', (t) => {
  for (const name of ['enqueue', 'worker', 'status']) t.is(optionOf(addQueueCommands, name, '--queue').description, optionHelp(QUEUE_OPTION_SCHEMA.queue));
  t.is(optionOf(addQueueCommands, 'enqueue', '--dilate').description, optionHelp(BATCH_OPTION_SCHEMA.dilate));
});

test('enqueue takes its masks as run does: --masks, or --boxes with --classes and --grow; exactly one of them', async (t) => {
  const { options } = await parsed(addQueueCommands, 'enqueue', ['photos/', '--boxes', 'labels/', '--classes', '0,2', '--grow', '4', '-o', 'out/']);
  t.like(options, { boxes: 'labels/', classes: [0, 2], grow: 4, out: 'out/' });
  t.like((await parsed(addQueueCommands, 'enqueue', ['photos/', '-m', 'masks/', '-o', 'out/'])).options, { masks: 'masks/' });
  await t.throwsAsync(parsed(addQueueCommands, 'enqueue', ['photos/', '-o', 'out/']), { message: /neither was given/ });
  await t.throwsAsync(parsed(addQueueCommands, 'enqueue', ['photos/', '-m', 'm', '-b', 'l', '-o', 'out/']), { message: /not both/ });
});
