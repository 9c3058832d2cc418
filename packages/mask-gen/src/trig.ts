/**
 * Sine and cosine built from +, −, × only, so that they give the same bits on every
 * engine (IEEE 754 makes those operations exact-rounded; `Math.sin` is not specified to
 * the last bit). Accuracy about 1e-9 after reduction to [−π/4, π/4], far more than a
 * rasteriser needs.
 * @internal
 */
const TWO_PI = 6.283185307179586;
const HALF_PI = 1.5707963267948966;

function sinPoly(x: number): number {
  const x2 = x * x;
  return x * (1 + x2 * (-1 / 6 + x2 * (1 / 120 + x2 * (-1 / 5040 + x2 * (1 / 362880 + x2 * (-1 / 39916800))))));
}

function cosPoly(x: number): number {
  const x2 = x * x;
  return 1 + x2 * (-1 / 2 + x2 * (1 / 24 + x2 * (-1 / 720 + x2 * (1 / 40320 + x2 * (-1 / 3628800)))));
}

/**
 * [sin θ, cos θ] computed deterministically.
 * @example
 * const [s, c] = sinCos(Math.PI / 6); // identical bytes on every Node
 */
export function sinCos(theta: number): [number, number] {
  let a = theta - TWO_PI * Math.floor(theta / TWO_PI); // [0, 2π)
  const k = Math.floor((a + HALF_PI / 2) / HALF_PI); // nearest multiple of π/2: 0..4
  a -= k * HALF_PI; // [−π/4, π/4], reduced before the quadrant wraps (4 is quadrant 0)
  const quadrant = k % 4;
  const s = sinPoly(a);
  const c = cosPoly(a);
  switch (quadrant) {
    case 0: return [s, c];
    case 1: return [c, -s];
    case 2: return [-s, -c];
    default: return [-c, s];
  }
}

export const PI = 3.141592653589793;
