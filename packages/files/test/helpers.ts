import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'inpaint-files-'));
}

export function write(path: string, data: Buffer | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

/** A 40×30 RGB photo of a fixed pattern, encoded. */
export async function photo(format: 'png' | 'jpeg'): Promise<Buffer> {
  const raw = Buffer.alloc(40 * 30 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 37) % 251;
  return sharp(raw, { raw: { width: 40, height: 30, channels: 3 } }).toFormat(format).toBuffer();
}

/** Its mask: a 10×8 white hole at (12, 10), as a PNG. */
export function holeMask(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 3, background: '#000' } }).composite([{ input: { create: { width: 10, height: 8, channels: 3, background: '#fff' } }, left: 12, top: 10 }]).png().toBuffer();
}
