/**
 * A preload (`node --import`, through NODE_OPTIONS, so it also runs in BullMQ's job threads)
 * for the multi-host tests: every rename onto a path is told on stderr as
 * `renamed <from> -> <to>`, so a test can count how many times each output was written, by
 * which host. With INPAINT_TEST_HOLD_AFTER_RENAME_MS set, a job thread's first rename onto an
 * output (not a temporary) then waits that long before the job goes on, after telling
 * `holding after rename <to>` on stderr: a test can cut the host off between an output's
 * rename and the job's completion.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const require = createRequire(import.meta.url);
const fsp = require('node:fs/promises');
const rename = fsp.rename;
const holdMs = Number(process.env.INPAINT_TEST_HOLD_AFTER_RENAME_MS ?? 0);
let held = false;
fsp.rename = async (from, to) => {
  await rename(from, to);
  process.stderr.write(`renamed ${from} -> ${to}\n`);
  if (holdMs > 0 && !held && !basename(to).includes('.inpaint-tmp-')) {
    held = true;
    process.stderr.write(`holding after rename ${to}\n`);
    await sleep(holdMs);
  }
};
syncBuiltinESMExports();
