/**
 * `inpaint masks`: PNG masks (white = hole) from @inpaint/mask-gen. Same seed, same files:
 * mask i uses the i-th 32-bit draw of a generator seeded with --seed.
 */
import { join, resolve } from 'node:path';
import type { MaskKind } from '@inpaint/mask-gen';
import { createRng, generateMask, holeRatio } from '@inpaint/mask-gen';
import sharp from 'sharp';
import { writeFileAtomic } from '@inpaint/files';
import type { ReportMode } from '../report/progress.js';
import { createReporter } from '../report/progress.js';
import { summarise } from '../report/records.js';

export interface MasksOptions {
  out: string;
  count: number;
  size: [number, number];
  kind: MaskKind;
  ratio: [number, number];
  seed: number;
  border: number;
  report: ReportMode;
}

/**
 * @example
 * await writeMasks({ out: 'masks/', count: 100, size: [512, 512], kind: 'mixed', ratio: [0.1, 0.2], seed: 1, border: 0, report: 'lines' });
 */
export async function writeMasks(o: MasksOptions): Promise<void> {
  const rng = createRng(o.seed);
  const seeds = Array.from({ length: o.count }, () => rng.u32());
  const digits = Math.max(5, String(o.count - 1).length);
  const reporter = createReporter(o.report);
  reporter.start(o.count);
  const started = performance.now();
  const records = [];
  for (let i = 0; i < o.count; i++) {
    const t0 = performance.now();
    const mask = generateMask({ width: o.size[0], height: o.size[1], seed: seeds[i], kind: o.kind, ratio: o.ratio, border: o.border });
    const file = join(resolve(o.out), `mask-${String(i).padStart(digits, '0')}.png`);
    const png = await sharp(mask.data, { raw: { width: mask.width, height: mask.height, channels: 1 } }).toColourspace('b-w').png({ compressionLevel: 9 }).toBuffer();
    await writeFileAtomic(file, png);
    const rec = { input: `seed ${seeds[i]}`, output: file, mask: null, status: 'ok' as const, warnings: [`ratio ${holeRatio(mask).toFixed(4)}`], ms: Math.round(performance.now() - t0) };
    records.push(rec);
    reporter.file(rec);
  }
  reporter.finish(summarise(records, (performance.now() - started) / 1000));
}
