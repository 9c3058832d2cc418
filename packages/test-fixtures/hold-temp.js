/**
 * A preload (`node --import`) for tests that kill a process while an output is being written:
 * the first rename of an inpaint temporary file announces it on stderr ("holding temporary
 * <path>") and never completes, so the test can kill the process at that moment,
 * deterministically. Loaded through NODE_OPTIONS, it also runs in worker threads.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const fsp = require('node:fs/promises');
const rename = fsp.rename;
fsp.rename = (from, to) => {
  if (!String(from).includes('.inpaint-tmp-')) return rename(from, to);
  process.stderr.write(`holding temporary ${from}\n`);
  return new Promise(() => undefined);
};
syncBuiltinESMExports();
