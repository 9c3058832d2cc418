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
 * The model runs once per detail arm (--detail: 'auto', the shipped detail stage; 'texture';
 * 'smooth', the network's fill alone; 'attention', the contextual-attention arm of the
 * detail stage) and the baselines fill the same holes (hole pixels are zeroed first, so no
 * method can peek): OpenCV's Telea and Navier–Stokes, and G'MIC's patch-based `inpaint` and
 * multi-scale PatchMatch `inpaint_matchpatch` when `gmic` is on PATH (skipped, and said so,
 * otherwise; their fills differ from run to run). Per fill: L1 (%), PSNR and SSIM of the
 * composited image against the original; sharpness ratio and texture distance over the hole
 * pixels; ms. --blind writes a blind test of the run's fills (./blind.ts).
 *
 * This module runs the benchmark; its parts each have their own: the photos
 * (./eval-images.ts), the buckets and their masks (./eval-buckets.ts), the methods
 * (./eval-methods.ts), the numbers (./eval-scores.ts), the --save pictures
 * (./eval-figures.ts) and the printed table (./eval-table.ts).
 */
import { parse } from 'node:path';
import type { Inpainter, RawImage, Strategy } from '@inpaint/core';
import { writeFileAtomic } from '@inpaint/files';
import type { Baseline } from '../baselines.js';
import { inpaintBaseline, isGmicBaseline, loadOpenCv } from '../baselines.js';
import type { MachineInfo } from '../io/machine.js';
import { machineInfo } from '../io/machine.js';
import { cropOf, holeCrop } from '../report/crops.js';
import { BlindWriter } from './blind.js';
import { bucketSpecs } from './eval-buckets.js';
import { saveGrid, saveRow } from './eval-figures.js';
import { loadEvalImages, withHoles } from './eval-images.js';
import { HOLE_KINDS, armInpainters, blindMethod, planMethods } from './eval-methods.js';
import type { DetailArm, HoleKind } from './eval-methods.js';
import { ScoreTotals } from './eval-scores.js';
import type { MethodScore } from './eval-scores.js';

export interface EvalOptions {
  images: string;
  /** The native-resolution protocol instead of the 512² one. */
  native?: boolean;
  /** Model arms to score. Default [the default detail setting, 'smooth']. */
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
  const totals = buckets.map(() => new Map(methods.map((m) => [m, new ScoreTotals()])));
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
            totals[b].get(m)!.add(out, gt, mask, performance.now() - t0);
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
      methods: Object.fromEntries(methods.map((m) => [m, totals[b].get(m)!.mean()])),
    })),
    ...(native ? { holes: [...(o.holes ?? HOLE_KINDS)] } : {}),
    ...(nondeterministic.length ? { nondeterministic } : {}),
    command: ['inpaint', ...process.argv.slice(2)].join(' '),
    images: names,
    size: native ? 0 : o.size,
    ...(native ? { megapixels: images.map((im) => Math.round(im.width * im.height / 1e6 * 100) / 100) } : {}),
    seed: o.seed,
    perBucket: o.perBucket,
    strategy: o.strategy,
    model: { format: first.model.format, ...first.model.metadata },
    machine: machineInfo(),
  };
  if (o.json) await writeFileAtomic(o.json, new TextEncoder().encode(`${JSON.stringify(result, null, 2)}\n`));
  return result;
}
