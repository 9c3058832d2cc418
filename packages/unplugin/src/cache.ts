/**
 * The persistent cache: in-painted outputs kept on disk under a key made of everything that
 * decides them: the image's bytes, the mask's bytes, the model's bytes, the options and the
 * output format. A rebuild finds its outputs there and in-paints nothing; any change of
 * image, mask, model or option misses and fills again. Entries are written whole or not at
 * all (@inpaint/files' writeFileAtomic), so a build cut short never leaves a bad entry.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@inpaint/files';

/** Bumped when what an entry holds, or how a key is made, changes. */
// bumped when a default of in-painting changes the fills (2: detail 'auto'; 3: its wide strokes and gradient-domain paste; 4: its object holes completed from the photo), so no earlier fill is served as today's
const CACHE_VERSION = 'inpaint-unplugin-cache-4';

/** What decides an output. */
export interface CacheKeyParts {
  readonly image: Uint8Array;
  /** The mask's bytes, or 'alpha' (the image's own alpha channel). */
  readonly mask: Uint8Array | 'alpha';
  /** The model's content digest (modelDigest). */
  readonly model: string;
  /** The options and output format, as plain data. */
  readonly settings: Readonly<Record<string, unknown>>;
}

/**
 * The key of an output: a SHA-256 over the parts, each length-prefixed so no two
 * different sets of parts give the same byte stream.
 * @example
 * cacheKey({ image: bytes, mask: maskBytes, model: await modelDigest('model.onnx'), settings: { dilate: 4 } }); // 64 hex digits
 */
export function cacheKey(parts: CacheKeyParts): string {
  const h = createHash('sha256');
  const settings = JSON.stringify(Object.fromEntries(Object.entries(parts.settings).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1))));
  for (const part of [CACHE_VERSION, parts.model, settings, parts.image, parts.mask]) {
    const bytes = typeof part === 'string' ? Buffer.from(part) : part;
    h.update(`${bytes.byteLength}:`).update(bytes);
  }
  return h.digest('hex');
}

const digests = new Map<string, Promise<string>>();

/**
 * The SHA-256 of a model file's content, computed once per file version (path, size and
 * modification time) in the process.
 * @example
 * await modelDigest(TINY_MODEL); // 64 hex digits
 * @throws file-system errors (ENOENT: the model does not exist)
 */
export async function modelDigest(path: string): Promise<string> {
  const { size, mtimeMs } = await stat(path);
  const version = `${path}\0${size}\0${mtimeMs}`;
  let digest = digests.get(version);
  if (digest === undefined) {
    digest = new Promise<string>((resolve, reject) => {
      const h = createHash('sha256');
      createReadStream(path).on('data', (chunk) => h.update(chunk)).on('error', reject).on('end', () => resolve(h.digest('hex')));
    });
    digests.set(version, digest);
    digest.catch(() => digests.delete(version));
  }
  return digest;
}

/** An output cache on disk (or none). */
export interface OutputCache {
  /** The folder, or null for no cache. */
  readonly dir: string | null;
  /** The entry under a key, or undefined. */
  get(key: string): Promise<Buffer | undefined>;
  /** Keep an entry (written whole or not at all). */
  set(key: string, data: Uint8Array): Promise<void>;
}

/**
 * A cache in a folder (created when first written), or none (`null`: get always misses,
 * set keeps nothing).
 * @example
 * const cache = outputCache('node_modules/.cache/inpaint');
 * await cache.set(key, bytes);
 * await cache.get(key); // bytes
 */
export function outputCache(dir: string | null): OutputCache {
  if (dir === null) return { dir, get: () => Promise.resolve(undefined), set: () => Promise.resolve() };
  const pathOf = (key: string) => join(dir, key.slice(0, 2), key);
  return {
    dir,
    get: (key) => readFile(pathOf(key)).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    }),
    async set(key, data) {
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
      await writeFileAtomic(pathOf(key), data);
    },
  };
}
