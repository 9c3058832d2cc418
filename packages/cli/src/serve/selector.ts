/**
 * Where the server's object selections run: one worker thread (select-thread.ts), started on
 * the first selection and kept while selections come (a page's box, its strokes and
 * its slider arrive seconds apart), so the server's own thread stays free for every other
 * request while GrabCut works. One thread: a selection is a person waiting at the page, and
 * the in-painting pool already has the cores for the fills.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawImage } from '@inpaint/core';
import type { Mask } from '@inpaint/mask-gen';
import type { Piscina } from 'piscina';
import type { Selection } from './grabcut.js';
import type { SelectTask } from './select-thread.js';

const THREAD = new URL(`./select-thread${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
/** A thread idle this long ends (and OpenCV.js's memory with it); the next selection starts another. */
const IDLE_MS = 5 * 60_000;

/** Segments objects off the server's thread. */
export interface Selector {
  /** The object in the selection's box as a mask of the image's size (see segmentObject). */
  segment(image: RawImage, selection: Pick<Selection, 'box' | 'strokes'>): Promise<Mask>;
  /** End the thread (the server's onClose); later selections are refused. */
  close(): Promise<void>;
}

/**
 * The selector; starts no thread until the first selection.
 * @example
 * const selector = createSelector();
 * const mask = await selector.segment(rgb, { box: [120, 80, 200, 160] });
 * await selector.close();
 */
export function createSelector(): Selector {
  let pool: Promise<Piscina<SelectTask, Uint8Array>> | null = null;
  let closed = false;
  const started = () => (pool ??= import('piscina').then(({ Piscina }) => new Piscina<SelectTask, Uint8Array>({
    filename: THREAD.href, minThreads: 0, maxThreads: 1, idleTimeout: IDLE_MS, atomics: 'async',
  })).catch((e: unknown) => {
    pool = null; // the next selection tries again
    throw e;
  }));
  return {
    async segment(image, selection) {
      if (closed) throw new Error('the selector is closed (the server is shutting down): no more selections');
      const data = await (await started()).run({ image, selection });
      return { width: image.width, height: image.height, data };
    },
    async close() {
      closed = true;
      if (pool) await (await pool).destroy();
    },
  };
}
