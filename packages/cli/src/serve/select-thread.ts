/**
 * The thread object selection runs on: GrabCut (OpenCV.js, synchronous WebAssembly) and the
 * full-size edge refinement take up to a second of CPU, which on the server's own thread
 * would hold every other request (the page, /api/inpaint, /health) for as long. Piscina runs
 * this module; the selector (selector.ts) sends it the decoded photo and the selection and
 * gets the mask's bytes back by transfer. OpenCV.js is loaded once per thread.
 */
import { Piscina } from 'piscina';
import type { RawImage } from '@inpaint/core';
import { segmentObject } from './grabcut.js';
import type { Selection } from './grabcut.js';

/** One selection to make: the photo (8-bit RGB, oriented) and the box and strokes. */
export interface SelectTask {
  readonly image: RawImage;
  readonly selection: Pick<Selection, 'box' | 'strokes'>;
}

/**
 * Segment the object; resolves with the mask's bytes (width × height of the image), moved.
 * @example
 * // not called directly: the selector's Piscina runs it
 */
export default async function selectOnThread({ image, selection }: SelectTask): Promise<Uint8Array> {
  const mask = await segmentObject(image, selection);
  return Piscina.move(mask.data) as unknown as Uint8Array;
}
