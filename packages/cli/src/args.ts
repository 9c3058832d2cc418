/**
 * Parsers for option values. A bad value throws commander's InvalidArgumentError, which
 * the program turns into a clear message and exit code 2.
 */
import { SIZE_SCHEMA, checkRatio, fits } from '@inpaint/mask-gen';
import { InvalidArgumentError } from 'commander';

/**
 * @example
 * positiveInt('4'); // 4; '0' throws InvalidArgumentError
 */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  return n;
}

/**
 * @example
 * nonNegativeInt('0'); // 0
 */
export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected an integer >= 0, got '${value}'`);
  return n;
}

/**
 * 'WxH' → [w, h]
 * @example
 * size('640x480'); // [640, 480]
 */
export function size(value: string): [number, number] {
  const m = /^(\d+)x(\d+)$/i.exec(value.trim());
  const wh: [number, number] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  // the syntax is the flag's; the range (a positive integer each) is mask-gen's SIZE_SCHEMA
  if (!m || !wh.every((v) => fits(SIZE_SCHEMA, v))) throw new InvalidArgumentError(`expected WIDTHxHEIGHT such as 512x512, got '${value}'`);
  return wh;
}

/**
 * 'lo-hi' → [lo, hi] in [0, 1]
 * @example
 * ratio('0.1-0.2'); // [0.1, 0.2]
 */
export function ratio(value: string): [number, number] {
  const m = /^([\d.]+)-([\d.]+)$/.exec(value.trim());
  const range: [number, number] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  try {
    checkRatio(range); // the range rule is mask-gen's (both ends in [0, 1], lo <= hi)
  } catch {
    throw new InvalidArgumentError(`expected a hole ratio range lo-hi within 0-1, such as 0.1-0.2, got '${value}'`);
  }
  return range;
}

/**
 * @example
 * oneOf(['skip', 'error'])('skip'); // 'skip'
 */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got '${value}'`);
    return value as T;
  };
}

/**
 * Comma-separated list of choices.
 * @example
 * listOf(['telea', 'ns'])('telea,ns'); // ['telea', 'ns']
 */
export function listOf<T extends string>(choices: readonly T[]): (value: string) => T[] {
  return (value) => {
    if (value === 'none') return [];
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    for (const i of items) if (!(choices as readonly string[]).includes(i)) throw new InvalidArgumentError(`expected a comma-separated list of ${choices.join(', ')} (or none), got '${value}'`);
    return items as T[];
  };
}
