import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxedJob } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import sharp from 'sharp';
import type { FileRecord } from '@inpaint/files';
import type { InpaintJobData } from '../src/jobs.js';
import processJob from '../src/processor.js';
import { tempDir, write } from './helpers.js';

// outside a worker thread there is no workerData: the processor loads the default model with one thread
const job = (data: Omit<InpaintJobData, 'inputHash' | 'options'>) => ({ data: { ...data, options: { detail: 'smooth' }, inputHash: '' } }) as unknown as SandboxedJob<InpaintJobData, FileRecord>;

const WIDTH = 32;
const HEIGHT = 24;
/** The hole: an 8x8 square at (4, 4), white in the mask and red in the input (a blue-grey photo). */
const HOLE = { left: 4, top: 4, size: 8 };
const inHole = (x: number, y: number) => x >= HOLE.left && x < HOLE.left + HOLE.size && y >= HOLE.top && y < HOLE.top + HOLE.size;
const square = (background: string) => ({ input: { create: { width: HOLE.size, height: HOLE.size, channels: 3 as const, background } }, left: HOLE.left, top: HOLE.top });

async function files() {
  const d = tempDir();
  write(join(d, 'in.png'), await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: '#468' } }).composite([square('#f00')]).png().toBuffer());
  write(join(d, 'm.png'), await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: '#000' } }).composite([square('#fff')]).png().toBuffer());
  return d;
}

/** Decoded RGB samples of a PNG file. */
async function pixels(path: string): Promise<Buffer> {
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.width !== WIDTH || info.height !== HEIGHT || info.channels !== 3) throw new Error(`${path}: ${info.width}x${info.height}x${info.channels}`);
  return data;
}

test.serial('a job writes its output and returns its record', async (t) => {
  const d = await files();
  const rec = await processJob(job({ input: join(d, 'in.png'), mask: join(d, 'm.png'), output: join(d, 'out/in.png') }));
  t.like(rec, { status: 'ok', output: join(d, 'out/in.png'), inpaint: { holePixels: 64 } });
  const [before, after] = await Promise.all([pixels(join(d, 'in.png')), pixels(join(d, 'out/in.png'))]);
  let outsideChanged = 0;
  const redInHole: number[] = [];
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const i = (y * WIDTH + x) * 3;
      if (inHole(x, y)) redInHole.push(after[i] - after[i + 2]);
      else if (!before.subarray(i, i + 3).equals(after.subarray(i, i + 3))) outsideChanged++;
    }
  }
  t.is(outsideChanged, 0, 'every pixel outside the hole is bit-identical to the input');
  // the red square (R - B = 255) is gone: the hole is filled from the blue-grey around it (#468: R - B = -68)
  t.true(redInHole.every((d) => Math.abs(d + 68) <= 30), `R - B in the hole from ${Math.min(...redInHole)} to ${Math.max(...redInHole)}`);
});

test.serial('a typed failure is unrecoverable, with CODE: message; a missing input or mask too', async (t) => {
  const d = await files();
  write(join(d, 'broken.png'), 'garbage');
  const typed = await t.throwsAsync(processJob(job({ input: join(d, 'broken.png'), mask: join(d, 'm.png'), output: join(d, 'out/x.png') })), { instanceOf: UnrecoverableError });
  t.regex(typed.message, /^ERR_INVALID_IMAGE: cannot decode the image/);
  const missing = await t.throwsAsync(processJob(job({ input: join(d, 'gone.png'), mask: join(d, 'm.png'), output: join(d, 'out/y.png') })), { instanceOf: UnrecoverableError });
  t.regex(missing.message, /^ENOENT: /);
  // a mask deleted after the job was queued: the typed mask error, naming the file
  const noMask = await t.throwsAsync(processJob(job({ input: join(d, 'in.png'), mask: join(d, 'gone-mask.png'), output: join(d, 'out/z.png') })), { instanceOf: UnrecoverableError });
  t.regex(noMask.message, /^ERR_INVALID_MASK: cannot read the mask .*gone-mask\.png: no file exists at this path \(ENOENT\)/);
  t.false(existsSync(join(d, 'out/x.png')) || existsSync(join(d, 'out/y.png')) || existsSync(join(d, 'out/z.png')));
});
