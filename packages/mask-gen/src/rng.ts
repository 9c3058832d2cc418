/**
 * Seeded pseudo-random numbers that are identical on every machine and Node version.
 *
 * Algorithm: xoshiro128** (Blackman & Vigna, 2018) with 32-bit state words, seeded by
 * running SplitMix32 over the seed. Only 32-bit integer arithmetic (`Math.imul`, shifts,
 * `>>> 0`) is used, so results do not depend on the platform's floating point.
 * `next()` returns `u32 / 2^32`, exactly representable as a double.
 *
 * Normal deviates use the Irwin–Hall sum of four uniforms (mean 2, variance 1/3),
 * rescaled: no `Math.log`/`Math.cos`, whose last bits may differ between engines.
 */
import { Schema, requireOption } from './option-schema.js';

/** A seed: any safe integer. */
export const SEED_SCHEMA = Schema.Integer({ minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, default: 0, expected: 'a safe integer', description: 'seed: same seed and options, same bytes, on every machine' });
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number;
  /** Approximately normal with the given mean and standard deviation (bounded at ±3.46σ). */
  normal(mean: number, sd: number): number;
  /** Raw 32-bit output. */
  u32(): number;
}

function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) >>> 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  z = (z ^ (z >>> 16)) >>> 0;
  return [s, z];
}

/** Fold any safe integer into 32 bits (low word xor a scrambled high word). */
function seedWord(seed: number): number {
  requireOption('seed', SEED_SCHEMA, seed);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  return (lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0;
}

/**
 * Create a seeded generator.
 *
 * @example
 * const rng = createRng(42);
 * rng.int(1, 6); // same number on every machine
 * @throws {InvalidParameterError} when the seed is not a safe integer.
 */
export function createRng(seed: number): Rng {
  let st = seedWord(seed);
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitmix32(st);
    st = next;
    s[i] = out;
  }
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;

  const u32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  const next = (): number => u32() / 4294967296;
  return {
    u32,
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    normal: (mean, sd) => {
      const sum = next() + next() + next() + next();
      return mean + sd * (sum - 2) * 1.7320508075688772; // sqrt(3): unit variance
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
