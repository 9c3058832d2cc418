/**
 * `inpaint eval`: the project's quality benchmark (DESIGN.md). Two protocols:
 *
 * - 512² (default): every image is centre-cropped and resized to --size; for each PConv
 *   bucket and repeat, the protocol's mask (evaluationMask) is applied.
 * - native (--native): every image at its own resolution, object-size holes
 *   (objectEvaluationMask: one or two solid blobs or boxes, 3–25 % of the photo), hole-size
 *   buckets, the model with its default 'auto' strategy, baselines at full resolution;
 *   --save writes side-by-side crops at 100 % around each hole.
 *
 * The model runs once per detail arm (--detail: 'texture', the shipped detail stage;
 * 'smooth', the network's fill alone; 'attention', the contextual-attention arm of the
 * detail stage) and the baselines fill the same holes (hole pixels are zeroed first, so no
 * method can peek). Per fill: L1 (%), PSNR and SSIM of the composited image against the
 * original; sharpness ratio and texture distance over the hole pixels; ms.
 */
import { readdir } from 'node:fs/promises';
import { join, parse } from 'node:path';
import type { InpainterPlugin, RawImage, Strategy } from '@inpaint/core';
import { Inpainter, detailPlugin, invalidParameterError, l1, psnr, sharpnessRatio, ssim, textureDistance } from '@inpaint/core';
import { OBJECT_BUCKETS, PCONV_BUCKETS, boundingBox, evaluationMask, objectEvaluationMask } from '@inpaint/mask-gen';
import type { Mask } from '@inpaint/mask-gen';
import sharp from 'sharp';
import type { Baseline } from '../baselines.js';
import { inpaintBaseline, loadOpenCv } from '../baselines.js';
import { IMAGE_EXTENSIONS } from '@inpaint/files';
import { writeFileAtomic } from '@inpaint/files';
import type { MachineInfo } from '../io/machine.js';
import { machineInfo } from '../io/machine.js';

/** Detail arms of the model: the two settings of the `detail` option, and the other detail method measured against the shipped one. */
export const DETAIL_ARMS = ['texture', 'smooth', 'attention'] as const;
export type DetailArm = (typeof DETAIL_ARMS)[number];

export interface EvalOptions {
  images: string;
  /** The native-resolution protocol instead of the 512² one. */
  native?: boolean;
  /** Model arms to score. Default ['texture', 'smooth']. */
  detail?: DetailArm[];
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

export interface MethodScore { l1: number; psnr: number; ssim: number; sharpness: number; textureDistance: number; ms: number }

export interface EvalResult {
  protocol: '512' | 'native';
  buckets: { range: [number, number]; methods: Record<string, MethodScore> }[];
  command: string;
  images: string[];
  /** Side of the square images (512 protocol); 0 for native. */
  size: number;
  /** Megapixels of the images, native protocol. */
  megapixels?: number[];
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
export async function loadEvalImages(dir: string, size: number | 'native', limit?: number): Promise<{ names: string[]; images: RawImage[] }> {
  const exts = new Set(IMAGE_EXTENSIONS);
  const names = (await readdir(dir)).filter((n) => exts.has(parse(n).ext.slice(1).toLowerCase())).sort().slice(0, limit ?? Infinity);
  if (names.length === 0) throw invalidParameterError('--images', 'a folder with images', `'${dir}', which holds none`);
  const images = await Promise.all(names.map(async (n) => {
    const oriented = sharp(join(dir, n)).autoOrient();
    const sized = size === 'native' ? oriented : oriented.resize(size, size, { fit: 'cover', position: 'centre', kernel: 'lanczos3' });
    const { data, info } = await sized.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
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

/** A crop at 100 % around the hole (at most 640×480), for side-by-side comparisons at native resolution. */
function holeCrop(mask: Mask): { left: number; top: number; width: number; height: number } {
  const box = boundingBox(mask) ?? { x0: 0, y0: 0, x1: mask.width, y1: mask.height };
  const width = Math.min(640, mask.width), height = Math.min(480, mask.height);
  // centred on the hole's left edge when the hole is wider than the crop: the seam is where defects show
  const cx = box.x1 - box.x0 > width ? box.x0 + width / 3 : (box.x0 + box.x1) / 2;
  const cy = (box.y0 + box.y1) / 2;
  const left = Math.max(0, Math.min(mask.width - width, Math.round(cx - width / 2)));
  const top = Math.max(0, Math.min(mask.height - height, Math.round(cy - height / 2)));
  return { left, top, width, height };
}

function cropOf(img: RawImage, c: { left: number; top: number; width: number; height: number }): RawImage {
  const data = new Uint8Array(c.width * c.height * 3);
  for (let y = 0; y < c.height; y++) data.set(img.data.subarray(((c.top + y) * img.width + c.left) * 3, ((c.top + y) * img.width + c.left + c.width) * 3), y * c.width * 3);
  return { width: c.width, height: c.height, channels: 3, data };
}

/** The Inpainter of each model arm, sharing one for the two settings of `detail`. */
async function armInpainters(arms: readonly DetailArm[], o: EvalOptions): Promise<Map<DetailArm, Inpainter>> {
  const base = { ...(o.model ? { model: o.model } : {}), ...(o.threads ? { threads: o.threads } : {}) };
  const out = new Map<DetailArm, Inpainter>();
  let shared: Inpainter | null = null;
  for (const arm of arms) {
    if (arm === 'attention') {
      const plugins: InpainterPlugin[] = [detailPlugin({ method: 'attention', always: true })];
      out.set(arm, await Inpainter.create({ ...base, detail: 'smooth', plugins }));
    } else {
      shared ??= await Inpainter.create(base);
      out.set(arm, shared);
    }
  }
  return out;
}

/**
 * @example
 * const result = await evaluate({ images: 'eval/', perBucket: 3, seed: 0, size: 512, baselines: ['telea', 'ns'], strategy: 'full' });
 * console.log(formatTable(result));
 */
export async function evaluate(o: EvalOptions, log: (s: string) => void = (s) => process.stderr.write(s)): Promise<EvalResult> {
  const native = o.native === true;
  const { names, images } = await loadEvalImages(o.images, native ? 'native' : o.size, o.limit);
  const arms = o.detail ?? ['texture', 'smooth'];
  const inpainters = await armInpainters(arms, o);
  if (o.baselines.length) await loadOpenCv();
  const methods = [...arms.map((a) => `model-${a}`), ...o.baselines];
  const bucketRanges = native ? OBJECT_BUCKETS : PCONV_BUCKETS;
  const sums = bucketRanges.map(() => Object.fromEntries(methods.map((m) => [m, { l1: 0, psnr: 0, ssim: 0, sharpness: 0, textureDistance: 0, ms: 0, n: 0 }])));
  const gridRows: RawImage[][] = [];
  try {
    for (let b = 0; b < bucketRanges.length; b++) {
      for (let i = 0; i < images.length; i++) {
        for (let r = 0; r < o.perBucket; r++) {
          const gt = images[i];
          const mask = native
            ? objectEvaluationMask({ width: gt.width, height: gt.height, seed: o.seed, image: i, bucket: b, repeat: r })
            : evaluationMask({ size: o.size, seed: o.seed, image: i, bucket: b, repeat: r });
          const input = withHoles(gt, mask.data, 0);
          const outputs: RawImage[] = [];
          for (const m of methods) {
            const t0 = performance.now();
            const arm = m.startsWith('model-') ? m.slice(6) as DetailArm : null;
            const out = arm !== null
              ? await inpainters.get(arm)!.inpaint(input, mask, { strategy: o.strategy, ...(arm === 'attention' ? {} : { detail: arm }) })
              : await inpaintBaseline(m as Baseline, input, mask.data);
            const ms = performance.now() - t0;
            const s = sums[b][m];
            s.l1 += l1(out, gt); s.psnr += Math.min(PSNR_CAP, psnr(out, gt)); s.ssim += ssim(out, gt);
            s.sharpness += sharpnessRatio(out, gt, { mask }); s.textureDistance += textureDistance(out, gt, { mask });
            s.ms += ms; s.n++;
            outputs.push(out);
          }
          if (o.save) {
            const tiles = [withHoles(gt, mask.data, 255), ...outputs, gt];
            const name = `${parse(names[i]).name}-b${b}-r${r}.png`;
            if (native) {
              const c = holeCrop(mask);
              await saveRow(o.save, name, tiles.map((t) => cropOf(t, c)));
            } else {
              await saveRow(o.save, name, tiles);
              if (r === 0 && i === b && gridRows.length < 6) gridRows.push(tiles);
            }
          }
        }
        if (native && !o.quiet) log(`bucket ${bucketRanges[b].join('-')}: ${names[i]} done\n`);
      }
      if (!o.quiet) log(`bucket ${bucketRanges[b].join('-')}: ${images.length * o.perBucket} masks done\n`);
    }
  } finally {
    for (const inp of new Set(inpainters.values())) await inp.dispose();
  }
  if (o.save && gridRows.length) await saveGrid(o.save, gridRows);
  const first = inpainters.values().next().value as Inpainter;
  const result: EvalResult = {
    protocol: native ? 'native' : '512',
    buckets: bucketRanges.map((range, b) => ({
      range: [range[0], range[1]],
      methods: Object.fromEntries(methods.map((m) => {
        const s = sums[b][m];
        return [m, { l1: round(s.l1 / s.n), psnr: round(s.psnr / s.n), ssim: round(s.ssim / s.n), sharpness: round(s.sharpness / s.n), textureDistance: round(s.textureDistance / s.n), ms: round(s.ms / s.n, 1) }];
      })),
    })),
    command: ['inpaint', ...process.argv.slice(2)].join(' '),
    images: names,
    size: native ? 0 : o.size,
    ...(native ? { megapixels: images.map((im) => round(im.width * im.height / 1e6, 2)) } : {}),
    seed: o.seed,
    perBucket: o.perBucket,
    strategy: o.strategy,
    model: { format: first.model.format, ...first.model.metadata },
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
 * console.log(formatTable(await evaluate({ images: 'eval/', perBucket: 1, seed: 0, size: 512, baselines: [], strategy: 'full' })));
 */
export function formatTable(r: EvalResult): string {
  const methods = Object.keys(r.buckets[0].methods);
  const head = `| holes | ${methods.map((m) => `${m} L1 % / PSNR / SSIM / sharpness / texture distance / ms`).join(' | ')} |`;
  const sep = `|---|${methods.map(() => '---').join('|')}|`;
  const rows = r.buckets.map((b) => `| ${b.range[0]}–${b.range[1]} | ${methods.map((m) => {
    const s = b.methods[m];
    return `${s.l1.toFixed(2)} / ${s.psnr.toFixed(2)} / ${s.ssim.toFixed(4)} / ${s.sharpness.toFixed(2)} / ${s.textureDistance.toFixed(2)} / ${s.ms.toFixed(0)}`;
  }).join(' | ')} |`);
  return [head, sep, ...rows].join('\n');
}
