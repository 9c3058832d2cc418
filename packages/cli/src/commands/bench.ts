/**
 * `inpaint bench`: speed, measured in one run so ratios compare. Model and baselines at
 * 256/512/1024 (one full pass each, median of --repeat); the model at 512 with 1 and 2
 * threads; the same full passes on the WebAssembly engine (what a default install without
 * onnxruntime-node runs); the 24-megapixel image with three small holes (about 1 %), 'auto' vs 'full',
 * each in a child process for its own peak RSS; the 24-megapixel photo with a 20 px stroke
 * across it (tiles at full resolution), per detail setting; `run` throughput over a folder
 * with concurrency 1 and the default.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Detail, EngineName, RawImage, Strategy } from '@inpaint/core';
import { Inpainter } from '@inpaint/core';
import { PaintSink, capsule, createRng, evaluationMask } from '@inpaint/mask-gen';
import sharp from 'sharp';
import type { Baseline } from '../baselines.js';
import { inpaintBaseline, loadOpenCv } from '../baselines.js';
import { writeFileAtomic } from '@inpaint/files';
import type { MachineInfo } from '../io/machine.js';
import { machineInfo } from '../io/machine.js';
import { runBatch } from './run.js';

export interface BenchOptions {
  sizes: number[];
  repeat: number;
  baselines: Baseline[];
  model?: string;
  json?: string;
  huge: boolean;
  batch: number;
  log: (s: string) => void;
}

export interface BenchResult {
  command: string;
  machine: MachineInfo;
  model: Record<string, string>;
  speed: { size: number; method: string; engine?: EngineName; threads: number | 'default'; ms: number; runs: number[] }[];
  huge?: Record<string, { ms: number; peakRssMiB: number; windows: number; strategy: string }>;
  /** The full 512² pass with each detail setting, and texture's time over smooth's. */
  detail?: { size: number; smoothMs: number; textureMs: number; ratio: number };
  /** A 6000×4000 JPEG with one 1500×1000 hole, decode → in-paint → encode, per detail setting (child processes). */
  object?: Record<string, { ms: number; peakRssMiB: number; decodeMs: number; inpaintMs: number; encodeMs: number }>;
  /** A 6000×4000 photo with a 20 px stroke across it, in-painted per detail setting (child processes). */
  stroke?: Record<string, StrokeCaseResult>;
  batch?: { images: number; size: string; concurrency: number; imagesPerSecond: number; seconds: number }[];
}

/**
 * A photo-like test image (smooth gradients plus texture), deterministic.
 * @example
 * const img = syntheticImage(512, 512, 3); // deterministic photo-like pixels
 */
export function syntheticImage(width: number, height: number, seed = 1): RawImage {
  const rng = createRng(seed);
  const data = new Uint8Array(width * height * 3);
  const noise = new Uint8Array(4096);
  for (let i = 0; i < noise.length; i++) noise[i] = rng.int(0, 24);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const n = noise[(x * 31 + y * 17) & 4095];
      data[i] = ((x * 200) / width + n) & 255;
      data[i + 1] = ((y * 180) / height + n) & 255;
      data[i + 2] = (((x + y) * 120) / (width + height) + 60 + n) & 255;
    }
  }
  return { width, height, channels: 3, data };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round1 = (v: number) => Math.round(v * 10) / 10;

async function timeIt(repeat: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await fn();
    runs.push(round1(performance.now() - t0));
  }
  return runs;
}

/**
 * Three round holes of about 1 % of the image in all.
 * @example
 * const { image, mask } = hugeCase(6000, 4000); // three small holes
 */
export function hugeCase(width = 6000, height = 4000): { image: RawImage; mask: Uint8Array } {
  const image = syntheticImage(width, height, 7);
  const mask = new Uint8Array(width * height);
  const r = Math.round(Math.sqrt((0.01 * width * height) / 3 / Math.PI));
  for (const [cx, cy] of [[0.2, 0.3], [0.55, 0.7], [0.85, 0.2]]) {
    const x0 = Math.round(cx * width), y0 = Math.round(cy * height);
    for (let y = y0 - r; y <= y0 + r; y++) for (let x = x0 - r; x <= x0 + r; x++) if ((x - x0) ** 2 + (y - y0) ** 2 <= r * r) mask[y * width + x] = 255;
  }
  return { image, mask };
}

/**
 * Child-process side of the huge case: prints one JSON line.
 * @example
 * await runHugeCase('auto'); // prints {"ms":…,"peakRssMiB":…,"windows":…,"strategy":…} on stdout
 */
export async function runHugeCase(strategy: Strategy, model?: string): Promise<void> {
  const inpainter = await Inpainter.create({ model });
  const { image, mask } = hugeCase();
  const t0 = performance.now();
  const { report } = await inpainter.inpaintWithReport(image, mask, { strategy });
  const ms = performance.now() - t0;
  await inpainter.dispose();
  process.stdout.write(`${JSON.stringify({ ms: round1(ms), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), windows: report.windows, strategy: report.strategy })}\n`);
}

/**
 * Child-process side of the object case: a 6000×4000 JPEG with one 1500×1000 hole (what a
 * person removes from a photo), decoded, in-painted with the given detail setting, encoded
 * as JPEG; prints one JSON line with the times and the peak RSS.
 * @example
 * await runObjectCase('texture'); // { ms, peakRssMiB, decodeMs, inpaintMs, encodeMs }
 */
export async function runObjectCase(detail: Detail, model?: string): Promise<void> {
  const W = 6000, H = 4000;
  const jpeg = await sharp(Buffer.from(syntheticImage(W, H, 11).data), { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  const mask = new Uint8Array(W * H);
  for (let y = 1600; y < 2600; y++) mask.fill(255, y * W + 2100, y * W + 3600);
  const inpainter = await Inpainter.create({ model });
  const t0 = performance.now();
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const t1 = performance.now();
  const out = await inpainter.inpaint({ data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 }, mask, { detail });
  const t2 = performance.now();
  await sharp(Buffer.from(out.data.buffer, out.data.byteOffset, out.data.length), { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  const t3 = performance.now();
  await inpainter.dispose();
  process.stdout.write(`${JSON.stringify({ ms: round1(t3 - t0), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), decodeMs: round1(t1 - t0), inpaintMs: round1(t2 - t1), encodeMs: round1(t3 - t2) })}\n`);
}

/** What the stroke case measures: the in-painting alone, the process's peak RSS, and the plan. */
export interface StrokeCaseResult { ms: number; peakRssMiB: number; windows: number; inferences: number; strategy: string }

/**
 * A 24-megapixel photo with a 20 px stroke across it (a scratch, a wire, a power line):
 * from the left edge at 30 % of the height to the right edge at 70 %.
 * @example
 * const { image, mask } = strokeCase(); // 6000x4000, about 120 000 hole pixels
 */
export function strokeCase(width = 6000, height = 4000): { image: RawImage; mask: Uint8Array } {
  const image = syntheticImage(width, height, 13);
  const mask = { width, height, data: new Uint8Array(width * height) };
  capsule(new PaintSink(mask, { x0: 0, y0: 0, x1: width, y1: height }), { x: 0, y: 0.3 * height }, { x: width, y: 0.7 * height }, 20);
  return { image, mask: mask.data };
}

/**
 * Child-process side of the stroke case: prints one JSON line. `strategy` 'crop' gives the
 * planning before thickness (the whole stroke in one window scaled by its extent).
 * @example
 * await runStrokeCase('texture'); // prints {"ms":…,"peakRssMiB":…,"windows":…,"inferences":…,"strategy":…} on stdout
 */
export async function runStrokeCase(detail: Detail, model?: string, strategy: Strategy = 'auto'): Promise<void> {
  const inpainter = await Inpainter.create({ model });
  const { image, mask } = strokeCase();
  const t0 = performance.now();
  const { report } = await inpainter.inpaintWithReport(image, mask, { detail, strategy });
  const ms = performance.now() - t0;
  await inpainter.dispose();
  const result: StrokeCaseResult = { ms: round1(ms), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), windows: report.windows, inferences: report.inferences, strategy: report.strategy };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** One Inpainter per threads/engine setting, made on first use; dispose() releases them all. */
function inpainterCache(model: string | undefined) {
  const made = new Map<string, Inpainter>();
  return {
    async get(threads: number | 'default', engine?: EngineName): Promise<Inpainter> {
      const key = `${threads}/${engine ?? 'auto'}`;
      let i = made.get(key);
      if (!i) {
        i = await Inpainter.create({ model, threads: threads === 'default' ? undefined : threads, engine });
        made.set(key, i);
      }
      return i;
    },
    async dispose(): Promise<void> {
      for (const i of made.values()) await i.dispose();
    },
  };
}

type InpainterCache = ReturnType<typeof inpainterCache>;

/** The full 512² pass with each detail setting, alternating so that a change in the machine's load hits both alike. */
async function detailCost(def: Inpainter, image: RawImage, mask: Uint8Array, repeat: number): Promise<NonNullable<BenchResult['detail']>> {
  const smooth: number[] = [], tex: number[] = [];
  for (let i = 0; i <= 2 * repeat; i++) {
    for (const [detail, into] of [['smooth', smooth], ['texture', tex]] as const) {
      const t0 = performance.now();
      await def.inpaint(image, mask, { strategy: 'full', detail });
      if (i > 0) into.push(round1(performance.now() - t0));
    }
  }
  return { size: image.width, smoothMs: median(smooth), textureMs: median(tex), ratio: Math.round((median(tex) / median(smooth)) * 100) / 100 };
}

/** The speed cases at one square size: the model (default engine, wasm, 1 and 2 threads at 512) and each baseline. */
async function speedAt(size: number, o: BenchOptions, inpainters: InpainterCache, result: BenchResult): Promise<void> {
  const def = await inpainters.get('default');
  const image = syntheticImage(size, size, size);
  const mask = evaluationMask({ size, image: 0, bucket: 3 }).data;
  const full = (inp: Inpainter) => () => inp.inpaint(image, mask, { strategy: 'full', detail: 'smooth' });
  const runs = await timeIt(o.repeat, full(def));
  result.speed.push({ size, method: 'pconv', engine: def.engine, threads: 'default', ms: median(runs), runs });
  o.log(`pconv ${size}x${size} (${def.engine}): ${median(runs)} ms\n`);
  if (size === 512) {
    result.detail = await detailCost(def, image, mask, o.repeat);
    o.log(`pconv 512x512 with the detail stage: ${result.detail.textureMs} ms (${result.detail.ratio}x the smooth fill)\n`);
  }
  if (def.engine === 'native') {
    const w = await timeIt(o.repeat, full(await inpainters.get('default', 'wasm')));
    result.speed.push({ size, method: 'pconv', engine: 'wasm', threads: 1, ms: median(w), runs: w });
    o.log(`pconv ${size}x${size} (wasm): ${median(w)} ms\n`);
  }
  if (size === 512) {
    for (const threads of [1, 2]) {
      const inp = await inpainters.get(threads);
      const r = await timeIt(o.repeat, full(inp));
      result.speed.push({ size, method: 'pconv', engine: inp.engine, threads, ms: median(r), runs: r });
      o.log(`pconv 512x512, ${threads} thread(s): ${median(r)} ms\n`);
    }
  }
  for (const b of o.baselines) {
    const r = await timeIt(o.repeat, () => inpaintBaseline(b, image, mask));
    result.speed.push({ size, method: b, threads: 1, ms: median(r), runs: r });
    o.log(`${b} ${size}x${size}: ${median(r)} ms\n`);
  }
}

/** One 24-megapixel case in a child process (`inpaint __bench-<name> <arg>`), for its own peak RSS: its JSON line. */
async function childCase<T>(name: 'huge' | 'object' | 'stroke', arg: string, model: string | undefined): Promise<T> {
  const bin = fileURLToPath(new URL('../bin.js', import.meta.url));
  const modelArgs = model === undefined ? [] : ['--model', model];
  const { stdout } = await promisify(execFile)(process.execPath, [bin, `__bench-${name}`, arg, ...modelArgs], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}

/** The 24-megapixel cases: three small holes ('auto' vs 'full'), one object-size hole and a long stroke (per detail setting). */
async function hugeCases(o: BenchOptions): Promise<Pick<BenchResult, 'huge' | 'object' | 'stroke'>> {
  const huge: NonNullable<BenchResult['huge']> = {}, object: NonNullable<BenchResult['object']> = {}, stroke: NonNullable<BenchResult['stroke']> = {};
  for (const strategy of ['auto', 'full'] as const) {
    huge[strategy] = await childCase('huge', strategy, o.model);
    o.log(`6000x4000, 3 small holes, ${strategy}: ${huge[strategy].ms} ms, peak RSS ${huge[strategy].peakRssMiB} MiB\n`);
  }
  for (const detail of ['smooth', 'texture'] as const) {
    object[detail] = await childCase('object', detail, o.model);
    o.log(`6000x4000 JPEG, one 1500x1000 hole, detail ${detail}: ${object[detail].ms} ms end to end, peak RSS ${object[detail].peakRssMiB} MiB\n`);
  }
  for (const detail of ['smooth', 'texture'] as const) {
    stroke[detail] = await childCase('stroke', detail, o.model);
    o.log(`6000x4000, a 20 px stroke across it, detail ${detail}: ${stroke[detail].ms} ms, ${stroke[detail].windows} tiles, peak RSS ${stroke[detail].peakRssMiB} MiB\n`);
  }
  return { huge, object, stroke };
}

/** `inpaint run` over o.batch 1024×768 JPEGs with their masks, with concurrency 1 and the core count. */
async function batchThroughput(o: BenchOptions): Promise<NonNullable<BenchResult['batch']>> {
  const rows: NonNullable<BenchResult['batch']> = [];
  const dir = await mkdtemp(join(tmpdir(), 'inpaint-bench-'));
  try {
    for (let i = 0; i < o.batch; i++) {
      const img = syntheticImage(1024, 768, 100 + i);
      await writeFileAtomic(join(dir, 'in', `img-${i}.jpg`), await sharp(Buffer.from(img.data), { raw: { width: 1024, height: 768, channels: 3 } }).jpeg().toBuffer());
      const m = evaluationMask({ size: 768, image: i, bucket: i % 6 }).data;
      await writeFileAtomic(join(dir, 'masks', `img-${i}.png`), await sharp(Buffer.from(m), { raw: { width: 768, height: 768, channels: 1 } }).resize(1024, 768, { kernel: 'nearest', fit: 'fill' }).png().toBuffer());
    }
    for (const concurrency of [...new Set([1, availableParallelism()])]) {
      const out = join(dir, `out-${concurrency}`);
      const { summary } = await runBatch([join(dir, 'in')], { masks: join(dir, 'masks'), out, concurrency, report: 'json', model: o.model }, { quiet: true });
      rows.push({ images: summary.ok, size: '1024x768', concurrency, imagesPerSecond: summary.imagesPerSecond, seconds: summary.seconds });
      o.log(`run over ${o.batch} images, concurrency ${concurrency}: ${summary.imagesPerSecond} images/s\n`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * @example
 * const result = await bench({ sizes: [256, 512], repeat: 5, baselines: ['telea'], huge: false, batch: 0, log: (s) => process.stderr.write(s) });
 */
export async function bench(o: BenchOptions): Promise<BenchResult> {
  const inpainters = inpainterCache(o.model);
  const def = await inpainters.get('default');
  const result: BenchResult = { command: ['inpaint', ...process.argv.slice(2)].join(' '), machine: machineInfo(), model: { ...def.model.metadata }, speed: [] };
  if (o.baselines.length) await loadOpenCv();
  try {
    for (const size of o.sizes) await speedAt(size, o, inpainters, result);
  } finally {
    await inpainters.dispose();
  }
  if (o.huge) Object.assign(result, await hugeCases(o));
  if (o.batch > 0) result.batch = await batchThroughput(o);
  if (o.json) await writeFileAtomic(o.json, new TextEncoder().encode(`${JSON.stringify(result, null, 2)}\n`));
  return result;
}
