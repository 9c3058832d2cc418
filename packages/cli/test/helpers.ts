import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

export const BIN = fileURLToPath(new URL('../bin/inpaint.js', import.meta.url));
export { TINY_MODEL as TINY } from '@inpaint/test-fixtures';

export interface Result { code: number; stdout: string; stderr: string }

/** Run the real `inpaint` binary (`env`: variables to set or replace, such as PATH). */
export function cli(args: string[], cwd = process.cwd(), env?: Record<string, string>): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, maxBuffer: 16 << 20, ...(env ? { env: { ...process.env, ...env } } : {}) }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'inpaint-cli-'));
}

export function write(path: string, data: Buffer | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

/** A small photo-like JPEG or PNG. */
export async function photo(w: number, h: number, format: 'jpeg' | 'png' = 'jpeg', seed = 1): Promise<Buffer> {
  const b = Buffer.alloc(w * h * 3);
  for (let i = 0; i < w * h; i++) { b[i * 3] = (i * seed) % 256; b[i * 3 + 1] = (i % w) * 2; b[i * 3 + 2] = 80; }
  return sharp(b, { raw: { width: w, height: h, channels: 3 } }).toFormat(format).toBuffer();
}

/** A PNG mask with a white box. */
export async function boxMask(w: number, h: number, box = [4, 4, 12, 12]): Promise<Buffer> {
  const m = Buffer.alloc(w * h);
  for (let y = box[1]; y < box[3]; y++) for (let x = box[0]; x < box[2]; x++) m[y * w + x] = 255;
  return sharp(m, { raw: { width: w, height: h, channels: 1 } }).png().toBuffer();
}
