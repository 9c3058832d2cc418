/**
 * `inpaint eval`: the project's quality benchmark (packages/cli/README.md, "inpaint eval"). Two protocols:
 *
 * - 512² (default): every image is centre-cropped and resized to --size; for each PConv
 *   bucket and repeat, the protocol's mask (evaluationMask) is applied.
 * - native (--native): every image at its own resolution, two kinds of holes (--holes):
 *   thin strokes (thinStrokeEvaluationMask: a few long thin strokes crossing the photo, 2–5 %
 *   of it: watermarks, wires, text, scratches) and object-size holes (objectEvaluationMask:
 *   one or two solid blobs or boxes, 3–25 % of the photo), hole-size buckets of each kind,
 *   the model with its default 'auto' strategy, baselines at full resolution; --save writes
 *   side-by-side crops at 100 % around each hole.
 *
 * The model runs once per detail arm (--detail: 'texture', the shipped detail stage;
 * 'smooth', the network's fill alone; 'attention', the contextual-attention arm of the
 * detail stage) and the baselines fill the same holes (hole pixels are zeroed first, so no
 * method can peek): OpenCV's Telea and Navier–Stokes, and G'MIC's patch-based `inpaint` and
 * multi-scale PatchMatch `inpaint_matchpatch` when `gmic` is on PATH (skipped, and said so,
 * otherwise; their fills differ from run to run). Per fill: L1 (%), PSNR and SSIM of the
 * composited image against the original; sharpness ratio and texture distance over the hole
 * pixels; ms. --blind writes a blind test of the run's fills (./blind.ts).
 */
import { readdir } from 'node:fs/promises';
import { join, parse } from 'node:path';
import type { Detail, RawImage, Strategy } from '@inpaint/core';
import { DETAILS, Inpainter, detailPlugin, invalidParameterError, l1, psnr, sharpnessRatio, ssim, textureDistance } from '@inpaint/core';
import { OBJECT_BUCKETS, PCONV_BUCKETS, STROKE_BUCKETS, evaluationMask, objectEvaluationMask, thinStrokeEvaluationMask } from '@inpaint/mask-gen';
import type { Mask } from '@inpaint/mask-gen';
import sharp from 'sharp';
import type { Baseline } from '../baselines.js';
import { BASELINES, gmicPath, inpaintBaseline, isGmicBaseline, loadOpenCv } from '../baselines.js';
import { cropOf, holeCrop } from '../report/crops.js';
import { BlindWriter } from './blind.js';
import { IMAGE_EXTENSIONS } from '@inpaint/files';
import { writeFileAtomic } from '@inpaint/files';
import type { MachineInfo } from '../io/machine.js';
import { machineInfo } from '../io/machine.js';

/**
 * Detail arms of the model: every setting of the `detail` option (core's DETAILS, so a new
 * setting is an arm here without another edit), and the other detail method measured
 * against the shipped one.
 */
export type DetailArm = Detail | 'attention';
export const DETAIL_ARMS: readonly DetailArm[] = [...DETAILS, 'attention'];

/** The native protocol's kinds of holes: thin strokes (STROKE_BUCKETS) and objects (OBJECT_BUCKETS). */
export const HOLE_KINDS = ['strokes', 'objects'] as const;
export type HoleKind = (typeof HOLE_KINDS)[number];

/** What a blind test may pit: a model arm or a baseline. */
export const BLIND_ARMS: readonly string[] = [...DETAIL_ARMS, ...BASELINES];

export interface EvalOptions {
  images: string;
  /** The native-resolution protocol instead of the 512² one. */
  native?: boolean;
  /** Model arms to score. Default ['texture', 'smooth']. */
  detail?: DetailArm[];
  /** Kinds of holes of the native protocol, in this order. Default both, strokes first. */
  holes?: HoleKind[];
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
  /** Write a blind test of the run's fills to `dir`: one arm (photo against its fill) or two (fill against fill); names as in BLIND_ARMS. */
  blind?: { dir: string; arms: string[] };
}

/** PSNR of an exact reconstruction is infinite; it is counted as 100 dB so that averages and JSON stay finite. */
export const PSNR_CAP = 100;

export interface MethodScore { l1: number; psnr: number; ssim: number; sharpness: number; textureDistance: number; ms: number }

export interface EvalBucket {
  /** The kind of holes (native protocol). */
  kind?: HoleKind;
  /** The row's label: 'strokes 0.02–0.05', 'objects 0.03–0.08' (native), '0.01–0.1' (512²). */
  label: string;
  range: [number, number];
  methods: Record<string, MethodScore>;
}

export interface EvalResult {
  protocol: '512' | 'native';
  buckets: EvalBucket[];
  /** The kinds of holes of the native protocol, in the order of the buckets. */
  holes?: HoleKind[];
  /** Methods whose fills differ from run to run (G'MIC's). */
  nondeterministic?: string[];
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

/** The Inpainter of each model arm, sharing one for the two settings of `detail`. */
async function armInpainters(arms: readonly DetailArm[], o: EvalOptions): Promise<Map<DetailArm, Inpainter>> {
  const base = { model: o.model, threads: o.threads };
  const out = new Map<DetailArm, Inpainter>();
  let shared: Inpainter | null = null;
  for (const arm of arms) {
    if (arm === 'attention') {
      // the attention method as the 'texture' detail stage, in place of the built-in patchmatch
      out.set(arm, await Inpainter.create({ ...base, plugins: [detailPlugin({ method: 'attention' })] }));
    } else {
      shared ??= await Inpainter.create(base);
      out.set(arm, shared);
    }
  }
  return out;
}

/** One bucket of a protocol: its label, its mask for an image and repeat, the name of its --save rows. */
interface BucketSpec {
  kind?: HoleKind;
  label: string;
  range: readonly [number, number];
  mask(image: number, repeat: number, size: { width: number; height: number }): Mask;
  file(stem: string, repeat: number): string;
}

function bucketSpecs(o: EvalOptions): BucketSpec[] {
  const label = (range: readonly [number, number]) => `${range[0]}–${range[1]}`;
  if (o.native !== true) {
    return PCONV_BUCKETS.map((range, b) => ({
      label: label(range),
      range,
      mask: (image, repeat) => evaluationMask({ size: o.size, seed: o.seed, image, bucket: b, repeat }),
      file: (stem, r) => `${stem}-b${b}-r${r}.png`,
    }));
  }
  return (o.holes ?? HOLE_KINDS).flatMap((kind): BucketSpec[] => (kind === 'strokes'
    ? STROKE_BUCKETS.map((range, b) => ({
      kind,
      label: `strokes ${label(range)}`,
      range,
      mask: (image, repeat, { width, height }) => thinStrokeEvaluationMask({ width, height, seed: o.seed, image, bucket: b, repeat }),
      file: (stem, r) => `${stem}-strokes-b${b}-r${r}.png`,
    }))
    // the object rows keep their names from before strokes existed (scripts/texture-figure.mjs reads them)
    : OBJECT_BUCKETS.map((range, b) => ({
      kind,
      label: `objects ${label(range)}`,
      range,
      mask: (image, repeat, { width, height }) => objectEvaluationMask({ width, height, seed: o.seed, image, bucket: b, repeat }),
      file: (stem, r) => `${stem}-b${b}-r${r}.png`,
    }))));
}

/** The run's method key of a blind arm: 'texture' → 'model-texture', baselines as they are. */
function blindMethod(arm: string): string {
  return (BASELINES as readonly string[]).includes(arm) || arm.startsWith('model-') ? arm : `model-${arm}`;
}

/** The run's arms and baselines, checked; G'MIC's baselines dropped (and said so) without gmic on PATH. */
function planMethods(o: EvalOptions, log: (s: string) => void): { arms: DetailArm[]; baselines: Baseline[]; methods: string[] } {
  if (o.holes !== undefined) {
    if (o.native !== true) throw invalidParameterError('--holes', 'only with --native (the 512² protocol has its own masks)', o.holes.join(','));
    if (o.holes.length === 0 || new Set(o.holes).size !== o.holes.length) throw invalidParameterError('--holes', `one or both of ${HOLE_KINDS.join(', ')}`, o.holes.join(',') || 'none');
  }
  const arms = o.detail ?? ['texture', 'smooth'];
  let baselines = [...o.baselines];
  const gmic = baselines.filter(isGmicBaseline);
  if (gmic.length && !gmicPath()) {
    log(`G'MIC's gmic is not on PATH: skipping ${gmic.join(', ')} (Debian and Ubuntu: apt-get install gmic)\n`);
    baselines = baselines.filter((b) => !isGmicBaseline(b));
  }
  const methods = [...arms.map((a) => `model-${a}`), ...baselines];
  if (o.blind) {
    const unknown = o.blind.arms.filter((a) => !BLIND_ARMS.includes(a.replace(/^model-/, '')));
    if (unknown.length) throw invalidParameterError('--blind-arm', `model arms or baselines: ${BLIND_ARMS.join(', ')}`, unknown.join(','));
    const absent = o.blind.arms.filter((a) => !methods.includes(blindMethod(a)));
    if (absent.length) {
      throw invalidParameterError('--blind-arm', `arms this run fills (${methods.join(', ')}; add model arms with --detail, baselines with --baselines${gmic.length ? "; G'MIC's need gmic on PATH" : ''})`, absent.join(','));
    }
  }
  return { arms, baselines, methods };
}

/**
 * @example
 * const result = await evaluate({ images: 'eval/', perBucket: 3, seed: 0, size: 512, baselines: ['telea', 'ns'], strategy: 'full' });
 * console.log(formatTable(result));
 */
export async function evaluate(o: EvalOptions, log: (s: string) => void = (s) => process.stderr.write(s)): Promise<EvalResult> {
  const native = o.native === true;
  const { arms, baselines, methods } = planMethods(o, log);
  const buckets = bucketSpecs(o);
  const { names, images } = await loadEvalImages(o.images, native ? 'native' : o.size, o.limit);
  const blind = o.blind ? await BlindWriter.create(o.blind.dir, { arms: o.blind.arms, seed: o.seed, total: buckets.length * images.length * o.perBucket }) : null;
  const inpainters = await armInpainters(arms, o);
  if (baselines.some((b) => !isGmicBaseline(b))) await loadOpenCv();
  const sums = buckets.map(() => Object.fromEntries(methods.map((m) => [m, { l1: 0, psnr: 0, ssim: 0, sharpness: 0, textureDistance: 0, ms: 0, n: 0 }])));
  const gridRows: RawImage[][] = [];
  try {
    for (let b = 0; b < buckets.length; b++) {
      const bucket = buckets[b];
      for (let i = 0; i < images.length; i++) {
        for (let r = 0; r < o.perBucket; r++) {
          const gt = images[i];
          const mask = bucket.mask(i, r, gt);
          const input = withHoles(gt, mask.data, 0);
          const outputs: RawImage[] = [];
          for (const m of methods) {
            const t0 = performance.now();
            const arm = m.startsWith('model-') ? m.slice(6) as DetailArm : null;
            const out = arm !== null
              ? await inpainters.get(arm)!.inpaint(input, mask, { strategy: o.strategy, detail: arm === 'attention' ? 'texture' : arm })
              : await inpaintBaseline(m as Baseline, input, mask.data);
            const ms = performance.now() - t0;
            const s = sums[b][m];
            s.l1 += l1(out, gt); s.psnr += Math.min(PSNR_CAP, psnr(out, gt)); s.ssim += ssim(out, gt);
            s.sharpness += sharpnessRatio(out, gt, { mask }); s.textureDistance += textureDistance(out, gt, { mask });
            s.ms += ms; s.n++;
            outputs.push(out);
          }
          if (blind && o.blind) {
            const fills = Object.fromEntries(o.blind.arms.map((a) => [a, outputs[methods.indexOf(blindMethod(a))]]));
            await blind.add({ photo: names[i], holes: bucket.label, repeat: r, original: gt, mask, fills });
          }
          if (o.save) {
            const tiles = [withHoles(gt, mask.data, 255), ...outputs, gt];
            const name = bucket.file(parse(names[i]).name, r);
            if (native) {
              const c = holeCrop(mask);
              await saveRow(o.save, name, tiles.map((t) => cropOf(t, c)));
            } else {
              await saveRow(o.save, name, tiles);
              if (r === 0 && i === b && gridRows.length < 6) gridRows.push(tiles);
            }
          }
        }
        if (native && !o.quiet) log(`${bucket.label}: ${names[i]} done\n`);
      }
      if (!o.quiet) log(`${bucket.label}: ${images.length * o.perBucket} masks done\n`);
    }
  } finally {
    for (const inp of new Set(inpainters.values())) await inp.dispose();
  }
  if (o.save && gridRows.length) await saveGrid(o.save, gridRows);
  if (blind && o.blind) {
    const key = await blind.finish();
    log(`blind test: ${key.pairs.length} pairs in ${o.blind.dir}: fill in its guesses.txt (without opening key.json), then run inpaint eval --blind-score ${o.blind.dir}\n`);
  }
  const nondeterministic = methods.filter(isGmicBaseline);
  if (nondeterministic.length) log(`${nondeterministic.join(', ')}: G'MIC's fills are not deterministic (another run gives other numbers)\n`);
  const first = inpainters.values().next().value as Inpainter;
  const result: EvalResult = {
    protocol: native ? 'native' : '512',
    buckets: buckets.map((bucket, b) => ({
      ...(bucket.kind ? { kind: bucket.kind } : {}),
      label: bucket.label,
      range: [bucket.range[0], bucket.range[1]],
      methods: Object.fromEntries(methods.map((m) => {
        const s = sums[b][m];
        return [m, { l1: round(s.l1 / s.n), psnr: round(s.psnr / s.n), ssim: round(s.ssim / s.n), sharpness: round(s.sharpness / s.n), textureDistance: round(s.textureDistance / s.n), ms: round(s.ms / s.n, 1) }];
      })),
    })),
    ...(native ? { holes: [...(o.holes ?? HOLE_KINDS)] } : {}),
    ...(nondeterministic.length ? { nondeterministic } : {}),
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
  const rows = r.buckets.map((b) => `| ${b.label} | ${methods.map((m) => {
    const s = b.methods[m];
    return `${s.l1.toFixed(2)} / ${s.psnr.toFixed(2)} / ${s.ssim.toFixed(4)} / ${s.sharpness.toFixed(2)} / ${s.textureDistance.toFixed(2)} / ${s.ms.toFixed(0)}`;
  }).join(' | ')} |`);
  const notes = r.nondeterministic?.length ? ['', `${r.nondeterministic.join(', ')}: G'MIC's fills are not deterministic; another run gives other numbers.`] : [];
  return [head, sep, ...rows, ...notes].join('\n');
}
