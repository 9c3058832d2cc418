/**
 * Atomic output: write next to the target under a temporary name, flush it to the disk
 * (fsync), then rename. A run that is interrupted (or a machine that loses power) never
 * leaves a half-written output; temporaries carry a marker so that they can be cleaned up
 * (on SIGINT/SIGTERM, and at the start of the next run).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const TEMP_MARKER = '.inpaint-tmp-';
const live = new Set<string>();

/** Make a rename durable: fsync the folder (not possible on every platform and file system; skipped there). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Windows cannot open a folder; some network file systems refuse fsync on one
  }
}

/**
 * Write a file whole or not at all: a temporary file beside it, then a rename.
 * @example
 * await writeFileAtomic('out/photo.jpg', bytes); // temp file, then rename
 */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  await writeAtomically(path, (temporary) => writeFile(temporary, data));
}

/**
 * Write a file whole or not at all, by a writer that writes to a path (an encoder that
 * streams to disk, such as sharp's toFile, so the encoded bytes never sit in memory): the
 * writer fills a temporary file beside `path`, which is flushed to the disk (fsync) and
 * renamed over `path`. On failure the temporary is removed and the error rethrown.
 * @example
 * await writeAtomically('out/photo.png', (temporary) => sharp(pixels, { raw }).png().toFile(temporary));
 */
export async function writeAtomically(path: string, write: (temporary: string) => Promise<unknown>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await removeTemporariesOf(path);
  const tmp = join(dirname(path), `.${basename(path)}${TEMP_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`);
  live.add(tmp);
  try {
    await write(tmp);
    const fh = await open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    await syncDirectory(dirname(path));
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  } finally {
    live.delete(tmp);
  }
}

/**
 * Remove temporaries that an earlier, killed writer of the same output left beside it (a
 * queue job taken over from a SIGKILLed worker writes where the killed one was writing).
 * @example
 * await removeTemporariesOf('out/photo.jpg');
 */
export async function removeTemporariesOf(path: string): Promise<number> {
  const prefix = `.${basename(path)}${TEMP_MARKER}`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return 0;
  }
  const stale = names.filter((n) => n.startsWith(prefix) && !live.has(join(dirname(path), n)));
  await Promise.all(stale.map((n) => rm(join(dirname(path), n), { force: true })));
  return stale.length;
}

/**
 * Remove temporaries of writes still in progress (call on a signal).
 * @example
 * process.once('SIGTERM', () => void removeLiveTemporaries().finally(() => process.exit(143)));
 */
export async function removeLiveTemporaries(): Promise<void> {
  await Promise.all([...live].map((t) => rm(t, { force: true })));
}

/**
 * Remove temporaries left behind by a killed run in a folder tree.
 * @example
 * const removed = await removeStaleTemporaries('out/'); // left by a killed run
 */
export async function removeStaleTemporaries(root: string): Promise<number> {
  let n = 0;
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.includes(TEMP_MARKER)) { await rm(p, { force: true }); n++; }
    }
  };
  await walk(root);
  return n;
}
