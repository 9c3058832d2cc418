/**
 * A blind test a person can run (`inpaint eval --blind DIR`, `inpaint eval --blind-score DIR`):
 * does a fill pass for the real photo, and which of two methods looks more natural?
 *
 * For each fill of an eval run, `DIR/pair-NNN.png` shows two crops of the same window at
 * 100 % (the window of `holeCrop`, at most 640×480), a thin gap between them, no outline and
 * no label: either the photo and one method's fill (one arm: "which is the real photo?") or
 * two methods' fills (two arms: "which looks more natural?"). Which side is which, and the
 * order of the pairs, come from a seeded PRNG; `DIR/key.json` records them, `DIR/guesses.txt`
 * is the template the person fills with L or R (nothing in it or in the file names tells the
 * sides). `scoreBlind` reads both and counts, per hole bucket: how often the fill was taken for
 * the photo, or how often each method was preferred.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RawImage } from '@inpaint/core';
import { InvalidParameterError, invalidParameterError } from '@inpaint/core';
import { createRng } from '@inpaint/mask-gen';
import type { Mask } from '@inpaint/mask-gen';
import { writeFileAtomic } from '@inpaint/files';
import type { Crop } from '../report/crops.js';
import { cropOf, holeCrop } from '../report/crops.js';

/** One arm: the photo against that arm's fill. Two arms: their fills against each other. */
export type BlindMode = 'photo-vs-fill' | 'a-b';

/** What one side of a pair shows: 'photo', or the arm whose fill it is. */
export const PHOTO_SIDE = 'photo';

/** Pixels of white between the two sides. */
const GAP = 4;

export interface BlindPairKey {
  pair: string;
  photo: string;
  /** The bucket's label in the eval tables ('objects 0.03–0.08', '0.1–0.2'). */
  holes: string;
  repeat: number;
  crop: Crop;
  left: string;
  right: string;
}

export interface BlindKey {
  mode: BlindMode;
  arms: string[];
  question: string;
  seed: number;
  /** The buckets in the run's order (the score's rows). */
  holes: string[];
  pairs: BlindPairKey[];
}

export interface BlindFill {
  photo: string;
  holes: string;
  repeat: number;
  original: RawImage;
  mask: Mask;
  /** The fill of each arm of the test (at least those given to BlindWriter.create). */
  fills: Record<string, RawImage>;
}

const QUESTIONS: Record<BlindMode, string> = {
  'photo-vs-fill': 'Which side is the real photo? (The other side has a part filled in by software.)',
  'a-b': 'Which side looks more natural? (Both sides have a part filled in by software.)',
};


/** Seeded permutation of 1..n (Fisher–Yates). */
function permutation(n: number, rng: ReturnType<typeof createRng>): number[] {
  const order = Array.from({ length: n }, (_, i) => i + 1);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Writes the pairs of a blind test as the fills of an eval run come in. */
export class BlindWriter {
  private readonly pairs: BlindPairKey[] = [];
  private readonly holes: string[] = [];
  private constructor(
    private readonly dir: string,
    private readonly arms: string[],
    private readonly seed: number,
    private readonly numbers: number[],
    private readonly flips: boolean[],
  ) {}

  /** pair-001 … (more digits past 999 pairs). */
  private pairName(n: number): string {
    return `pair-${String(n).padStart(Math.max(3, String(this.numbers.length).length), '0')}`;
  }

  /**
   * Start a blind test of `total` pairs in `dir` (created when missing; refused when it
   * holds a key.json or guesses.txt already, so that a person's guesses are never replaced).
   * @example
   * const blind = await BlindWriter.create('out/blind', { arms: ['texture'], seed: 0, total: 60 });
   * @throws {InvalidParameterError} for no arm, more than two or the same arm twice, or a folder that holds a blind test.
   */
  static async create(dir: string, o: { arms: readonly string[]; seed: number; total: number }): Promise<BlindWriter> {
    const arms = [...o.arms];
    if (arms.length < 1 || arms.length > 2 || new Set(arms).size !== arms.length || arms.includes(PHOTO_SIDE)) {
      throw invalidParameterError('--blind-arm', 'one arm (photo against its fill) or two different arms (fill against fill)', arms.join(',') || 'none');
    }
    for (const f of ['key.json', 'guesses.txt']) {
      if (existsSync(join(dir, f))) throw invalidParameterError('--blind', 'a folder without a blind test in it (its guesses would be lost)', `'${dir}', which holds ${f}`);
    }
    await mkdir(dir, { recursive: true });
    const rng = createRng(o.seed);
    const numbers = permutation(o.total, rng);
    const flips = Array.from({ length: o.total }, () => rng.next() < 0.5);
    return new BlindWriter(dir, arms, o.seed, numbers, flips);
  }

  get mode(): BlindMode {
    return this.arms.length === 1 ? 'photo-vs-fill' : 'a-b';
  }

  /**
   * Write the next fill's pair; resolves to its name ('pair-017').
   * @example
   * const name = await blind.add({ photo: 'a.jpg', holes: 'objects 0.03–0.08', repeat: 0, original, mask, fills: { texture: filled } });
   */
  async add(f: BlindFill): Promise<string> {
    const k = this.pairs.length;
    if (k >= this.numbers.length) throw invalidParameterError('blind pairs', `at most the ${this.numbers.length} announced`, k + 1);
    const sides = this.mode === 'photo-vs-fill' ? [PHOTO_SIDE, this.arms[0]] : [...this.arms];
    if (this.flips[k]) sides.reverse();
    const crop = holeCrop(f.mask);
    const tiles = sides.map((s) => {
      const img = s === PHOTO_SIDE ? f.original : f.fills[s];
      if (!img) throw invalidParameterError('fills', `a fill of arm '${s}'`, Object.keys(f.fills).join(', ') || 'none');
      return cropOf(img, crop);
    });
    const name = this.pairName(this.numbers[k]);
    const png = await sharp({ create: { width: 2 * crop.width + GAP, height: crop.height, channels: 3, background: '#ffffff' } })
      .composite(tiles.map((t, i) => ({ input: Buffer.from(t.data), raw: { width: t.width, height: t.height, channels: 3 as const }, left: i * (crop.width + GAP), top: 0 })))
      .removeAlpha().png().toBuffer();
    await writeFileAtomic(join(this.dir, `${name}.png`), png);
    this.pairs.push({ pair: name, photo: f.photo, holes: f.holes, repeat: f.repeat, crop, left: sides[0], right: sides[1] });
    if (!this.holes.includes(f.holes)) this.holes.push(f.holes);
    return name;
  }

  /**
   * Write key.json and the guesses.txt template for the pairs written.
   * @example
   * const key = await blind.finish(); // key.pairs: [{ pair, photo, holes, left, right, … }]
   */
  async finish(): Promise<BlindKey> {
    const pairs = [...this.pairs].sort((a, b) => Number(a.pair.slice(5)) - Number(b.pair.slice(5)));
    const key: BlindKey = { mode: this.mode, arms: this.arms, question: QUESTIONS[this.mode], seed: this.seed, holes: this.holes, pairs };
    await writeFileAtomic(join(this.dir, 'key.json'), new TextEncoder().encode(`${JSON.stringify(key, null, 2)}\n`));
    const head = [
      `# Blind test: ${pairs.length} pictures, ${pairs.length ? `${pairs[0].pair}.png to ${pairs[pairs.length - 1].pair}.png` : 'none'}. Each shows the same place twice, side by side, at 100 %.`,
      `# ${key.question}`,
      '# Replace each ? with L (left) or R (right), save, then run: inpaint eval --blind-score <this folder>',
      '# Do not open key.json before you are done: it says which side is which.',
    ];
    await writeFileAtomic(join(this.dir, 'guesses.txt'), new TextEncoder().encode(`${[...head, ...pairs.map((p) => `${p.pair} ?`)].join('\n')}\n`));
    return key;
  }
}

export interface BlindScoreRow {
  /** A bucket's label, or 'all'. */
  holes: string;
  pairs: number;
  /** Photo against fill: how often the fill was taken for the photo. */
  fillTakenForPhoto?: number;
  fillTakenForPhotoPercent?: number;
  /** Fill against fill: how often each arm's side was preferred. */
  preferred?: Record<string, number>;
}

export interface BlindScore {
  mode: BlindMode;
  arms: string[];
  question: string;
  rows: BlindScoreRow[];
}

/**
 * The guesses of a guesses.txt, one per pair of the key: 'L' or 'R' (either case), lines
 * starting with # and blank lines ignored.
 * @example
 * const guesses = parseGuesses('pair-001 L\npair-002 r\n', ['pair-001', 'pair-002']); // Map { 'pair-001' => 'L', 'pair-002' => 'R' }
 * @throws {InvalidParameterError} naming the pairs still at '?', the lines that are not `pair-NNN L|R`, and the pairs of the key with no line.
 */
export function parseGuesses(text: string, pairs: readonly string[]): Map<string, 'L' | 'R'> {
  const known = new Set(pairs);
  const guesses = new Map<string, 'L' | 'R'>();
  const open: string[] = [], bad: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(pair-\d+)(?:\.png)?\s+(\S+)$/.exec(line);
    if (!m || !known.has(m[1]) || guesses.has(m[1])) {
      bad.push(`'${line}'`);
      continue;
    }
    const g = m[2].toUpperCase();
    if (g === '?') open.push(m[1]);
    else if (g === 'L' || g === 'R') guesses.set(m[1], g);
    else bad.push(`'${line}'`);
  }
  if (open.length) throw new InvalidParameterError('guesses.txt', 'L or R for every pair', `? for ${open.join(', ')}`, `guesses.txt: no guess yet (write L or R in place of ?) for ${open.length} pair${open.length > 1 ? 's' : ''}: ${open.join(', ')}`);
  if (bad.length) throw new InvalidParameterError('guesses.txt', 'lines `pair-NNN L` or `pair-NNN R`, one per pair of key.json', bad.join(', '), `guesses.txt: lines that are not 'pair-NNN L' or 'pair-NNN R' for a pair of key.json (or repeat one): ${bad.join(', ')}`);
  const missing = pairs.filter((p) => !guesses.has(p));
  if (missing.length) throw new InvalidParameterError('guesses.txt', 'a line for every pair of key.json', `none for ${missing.join(', ')}`, `guesses.txt: no line for ${missing.join(', ')}`);
  return guesses;
}

/**
 * Score a blind test: counts per bucket and over all pairs; writes DIR/score.json.
 * @example
 * const score = await scoreBlind('out/blind'); console.log(formatBlindScore(score));
 * @throws {InvalidParameterError} for a folder without key.json or guesses.txt, and for guesses that are missing or not L or R.
 */
export async function scoreBlind(dir: string): Promise<BlindScore> {
  const read = async (f: string) => {
    try {
      return await readFile(join(dir, f), 'utf8');
    } catch (e) {
      throw invalidParameterError('--blind-score', 'a folder written by inpaint eval --blind', `'${dir}', where ${f} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  };
  const key = JSON.parse(await read('key.json')) as BlindKey;
  const guesses = parseGuesses(await read('guesses.txt'), key.pairs.map((p) => p.pair));
  const row = (holes: string, pairs: BlindPairKey[]): BlindScoreRow => {
    const chosen = pairs.map((p) => (guesses.get(p.pair) === 'L' ? p.left : p.right));
    if (key.mode === 'photo-vs-fill') {
      const fooled = chosen.filter((s) => s !== PHOTO_SIDE).length;
      return { holes, pairs: pairs.length, fillTakenForPhoto: fooled, fillTakenForPhotoPercent: pairs.length ? Math.round((1000 * fooled) / pairs.length) / 10 : 0 };
    }
    return { holes, pairs: pairs.length, preferred: Object.fromEntries(key.arms.map((a) => [a, chosen.filter((s) => s === a).length])) };
  };
  const rows = [...key.holes.map((h) => row(h, key.pairs.filter((p) => p.holes === h))), row('all', key.pairs)];
  const score: BlindScore = { mode: key.mode, arms: key.arms, question: key.question, rows };
  await writeFileAtomic(join(dir, 'score.json'), new TextEncoder().encode(`${JSON.stringify(score, null, 2)}\n`));
  return score;
}

/**
 * The table `inpaint eval --blind-score` prints.
 * @example
 * console.log(formatBlindScore(await scoreBlind('out/blind')));
 */
export function formatBlindScore(s: BlindScore): string {
  const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)} %` : '–');
  if (s.mode === 'photo-vs-fill') {
    return [
      `${s.question} Fill: ${s.arms[0]}. 50 % taken for the photo: the person could not tell them apart.`,
      '',
      `| holes | pairs | ${s.arms[0]} fill taken for the photo |`,
      '|---|---:|---:|',
      ...s.rows.map((r) => `| ${r.holes} | ${r.pairs} | ${r.fillTakenForPhoto} (${pct(r.fillTakenForPhoto ?? 0, r.pairs)}) |`),
    ].join('\n');
  }
  return [
    `${s.question} ${s.arms.join(' against ')}.`,
    '',
    `| holes | pairs | ${s.arms.map((a) => `${a} preferred`).join(' | ')} |`,
    `|---|---:|${s.arms.map(() => '---:').join('|')}|`,
    ...s.rows.map((r) => `| ${r.holes} | ${r.pairs} | ${s.arms.map((a) => `${r.preferred?.[a] ?? 0} (${pct(r.preferred?.[a] ?? 0, r.pairs)})`).join(' | ')} |`),
  ].join('\n');
}
