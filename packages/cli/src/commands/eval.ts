/**
 * `inpaint eval`: the project's quality benchmark (DESIGN.md). Every image is
 * centre-cropped and resized to --size; for each PConv bucket and repeat, the protocol's
 * mask (evaluationMask from @inpaint/mask-gen) is applied; the model and the baselines
 * fill the same holes (hole pixels are zeroed first, so no method can peek); L1 (%),
 * PSNR and SSIM of the composited image against the original, and ms per image.
 */
import { readdir } from 'node:fs/promises';
import { join, parse } from 'node:path';
import type { RawImage, Strategy } from '@inpaint/core';
import { Inpainter, invalidParameterError, l1, psnr, ssim } from '@inpaint/core';
import { PCONV_BUCKETS, evaluationMask } from '@inpaint/mask-gen';
import sharp from 'sharp';
import type { Baseline } from '../baselines.js';
import { inpaintBaseline, loadOpenCv } from '../baselines.js';
import { IMAGE_EXTENSIONS } from '../io/inputs.js';
import { writeFileAtomic } from '@inpaint/queue';
import type { MachineInfo } from '../io/machine.js';
import { machineInfo } from '../io/machine.js';

export interface EvalOptions {
  images: string;
  seed: number;
  perBucket: number;
  size: number;
  baselines: Baseline[];
  strategy: Strategy;
  model?: string;
  threads?: number;
  json?: string;
  save?: string;
  limit?: number;
  quiet?: boolean;
}

/** PSNR of an exact reconstruction is infinite; it is counted as 100 dB so that averages and JSON stay finite. */
export const PSNR_CAP = 100;

export interface MethodScore { l1: number; psnr: number; ssim: number; ms: number }

export interface EvalResult {
  buckets: { range: [number, number]; methods: Record<string, MethodScore> }[];
  command: string;
  images: string[];
  size: number;
  seed: number;
  perBucket: number;
  strategy: Strategy;
  model: Record<string, string>;
  machine: MachineInfo;
}

/**
 * @example
 * const { names, images } = await loadEvalImages('../shared/data/eval512-dev', 512);
 */
export async function loadEvalImages(dir: string, size: number, limit?: number): Promise<{ names: string[]; images: RawImage[] }> {
  const exts = new Set(IMAGE_EXTENSIONS);
  const names = (await readdir(dir)).filter((n) => exts.has(parse(n).ext.slice(1).toLowerCase())).sort().slice(0, limit ?? Infinity);
  if (names.length === 0) throw invalidParameterError('--images', 'a folder with images', `'${dir}', which holds none`);
  const images = await Promise.all(names.map(async (n) => {
    const { data, info } = await sharp(join(dir, n)).autoOrient().resize(size, size, { fit: 'cover', position: 'centre', kernel: 'lanczos3' })
      .removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 } as RawImage;
  }));
  return { names, images };
}

function withHoles(img: RawImage, hole: Uint8Array, colour: number): RawImage {
  const data = img.data.slice();
  for (let p = 0; p < hole.length; p++) if (hole[p]) data.fill(colour, p * 3, p * 3 + 3);
  return { ...img, data };
}

const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;

async function saveRow(dir: string, name: string, tiles: RawImage[]): Promise<void> {
  const { width, height } = tiles[0];
  const gap = 4;
  const row = await sharp({ create: { width: tiles.length * (width + gap) - gap, height, channels: 3, background: '#ffffff' } })
    .composite(tiles.map((t, i) => ({ input: Buffer.from(t.data), raw: { width, height, channels: 3 as const }, left: i * (width + gap), top: 0 })))
    .removeAlpha().png().toBuffer();
  await writeFileAtomic(join(dir, name), row);
}

/**
 * @example
 * const result = await evaluate({ images: 'eval/', perBucket: 3, seed: 0 });
 * console.log(formatTable(result));
 */
export async function evaluate(o: EvalOptions, log: (s: string) => void = (s) => process.stderr.write(s)): Promise<EvalResult> {
  const { names, images } = await loadEvalImages(o.images, o.size, o.limit);
  const inpainter = await Inpainter.create({ ...(o.model ? { model: o.model } : {}), ...(o.threads ? { threads: o.threads } : {}) });
  if (o.baselines.length) await loadOpenCv();
  const methods = ['pconv', ...o.baselines];
  const sums = PCONV_BUCKETS.map(() => Object.fromEntries(methods.map((m) => [m, { l1: 0, psnr: 0, ssim: 0, ms: 0, n: 0 }])));
  const gridRows: RawImage[][] = [];
  try {
    for (let b = 0; b < PCONV_BUCKETS.length; b++) {
      for (let i = 0; i < images.length; i++) {
        for (let r = 0; r < o.perBucket; r++) {
          const gt = images[i];
          const mask = evaluationMask({ size: o.size, seed: o.seed, image: i, bucket: b, repeat: r }).data;
          const input = withHoles(gt, mask, 0);
          const outputs: RawImage[] = [];
          for (const m of methods) {
            const t0 = performance.now();
            const out = m === 'pconv' ? await inpainter.inpaint(input, mask, { strategy: o.strategy }) : await inpaintBaseline(m as Baseline, input, mask);
            const ms = performance.now() - t0;
            const s = sums[b][m];
            s.l1 += l1(out, gt); s.psnr += Math.min(PSNR_CAP, psnr(out, gt)); s.ssim += ssim(out, gt); s.ms += ms; s.n++;
            outputs.push(out);
          }
          if (o.save) {
            const tiles = [withHoles(gt, mask, 255), ...outputs, gt];
            await saveRow(o.save, `${parse(names[i]).name}-b${b}-r${r}.png`, tiles);
            if (r === 0 && i === b && gridRows.length < 6) gridRows.push(tiles);
          }
        }
      }
      if (!o.quiet) log(`bucket ${PCONV_BUCKETS[b].join('-')}: ${images.length * o.perBucket} masks done\n`);
    }
  } finally {
    await inpainter.dispose();
  }
  if (o.save && gridRows.length) await saveGrid(o.save, gridRows);
  const result: EvalResult = {
    buckets: PCONV_BUCKETS.map((range, b) => ({
      range: [range[0], range[1]],
      methods: Object.fromEntries(methods.map((m) => {
        const s = sums[b][m];
        return [m, { l1: round(s.l1 / s.n), psnr: round(s.psnr / s.n), ssim: round(s.ssim / s.n), ms: round(s.ms / s.n, 1) }];
      })),
    })),
    command: ['inpaint', ...process.argv.slice(2)].join(' '),
    images: names,
    size: o.size,
    seed: o.seed,
    perBucket: o.perBucket,
    strategy: o.strategy,
    model: { ...inpainter.model.metadata },
    machine: machineInfo(),
  };
  if (o.json) await writeFileAtomic(o.json, new TextEncoder().encode(`${JSON.stringify(result, null, 2)}\n`));
  return result;
}

/** The README figure: one row per bucket (masked input, each method, ground truth), tiles at 160 px. */
async function saveGrid(dir: string, rows: RawImage[][]): Promise<void> {
  const tile = 160, gap = 4;
  const cols = rows[0].length;
  const composites = [];
  for (let r = 0; r < rows.length; r++) {
    for (let c = 0; c < cols; c++) {
      const t = rows[r][c];
      const small = await sharp(Buffer.from(t.data), { raw: { width: t.width, height: t.height, channels: 3 } }).resize(tile, tile).png().toBuffer();
      composites.push({ input: small, left: c * (tile + gap), top: r * (tile + gap) });
    }
  }
  const grid = await sharp({ create: { width: cols * (tile + gap) - gap, height: rows.length * (tile + gap) - gap, channels: 3, background: '#ffffff' } })
    .composite(composites).removeAlpha().png().toBuffer();
  await writeFileAtomic(join(dir, 'grid.png'), grid);
}

/**
 * The table printed by `inpaint eval`.
 * @example
 * console.log(formatTable(await evaluate({ images: 'eval/' })));
 */
export function formatTable(r: EvalResult): string {
  const methods = Object.keys(r.buckets[0].methods);
  const head = `| holes | ${methods.map((m) => `${m} L1 % / PSNR / SSIM / ms`).join(' | ')} |`;
  const sep = `|---|${methods.map(() => '---').join('|')}|`;
  const rows = r.buckets.map((b) => `| ${b.range[0]}–${b.range[1]} | ${methods.map((m) => {
    const s = b.methods[m];
    return `${s.l1.toFixed(2)} / ${s.psnr.toFixed(2)} / ${s.ssim.toFixed(4)} / ${s.ms.toFixed(0)}`;
  }).join(' | ')} |`);
  return [head, sep, ...rows].join('\n');
}
