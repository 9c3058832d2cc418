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

async function files() {
  const d = tempDir();
  write(join(d, 'in.png'), await sharp({ create: { width: 32, height: 24, channels: 3, background: '#468' } }).png().toBuffer());
  write(join(d, 'm.png'), await sharp({ create: { width: 32, height: 24, channels: 3, background: '#000' } }).composite([{ input: { create: { width: 8, height: 8, channels: 3, background: '#fff' } }, left: 4, top: 4 }]).png().toBuffer());
  return d;
}

test.serial('a job writes its output and returns its record', async (t) => {
  const d = await files();
  const rec = await processJob(job({ input: join(d, 'in.png'), mask: join(d, 'm.png'), output: join(d, 'out/in.png') }));
  t.like(rec, { status: 'ok', output: join(d, 'out/in.png'), inpaint: { holePixels: 64 } });
  t.true(existsSync(join(d, 'out/in.png')));
});

test.serial('a typed failure is unrecoverable, with CODE: message; a missing input too', async (t) => {
  const d = await files();
  write(join(d, 'broken.png'), 'garbage');
  const typed = await t.throwsAsync(processJob(job({ input: join(d, 'broken.png'), mask: join(d, 'm.png'), output: join(d, 'out/x.png') })), { instanceOf: UnrecoverableError });
  t.regex(typed.message, /^ERR_INVALID_IMAGE: cannot decode the image/);
  const missing = await t.throwsAsync(processJob(job({ input: join(d, 'gone.png'), mask: join(d, 'm.png'), output: join(d, 'out/y.png') })), { instanceOf: UnrecoverableError });
  t.regex(missing.message, /^ENOENT: /);
  t.false(existsSync(join(d, 'out/x.png')) || existsSync(join(d, 'out/y.png')));
});
