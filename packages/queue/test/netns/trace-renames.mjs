/**
 * A preload (`node --import`, through NODE_OPTIONS, so it also runs in BullMQ's job threads)
 * for the multi-host tests: every rename onto a path is told on stderr as
 * `renamed <from> -> <to>`, so a test can count how many times each output was written, by
 * which host, without holding anything back.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const fsp = require('node:fs/promises');
const rename = fsp.rename;
fsp.rename = async (from, to) => {
  await rename(from, to);
  process.stderr.write(`renamed ${from} -> ${to}\n`);
};
syncBuiltinESMExports();
