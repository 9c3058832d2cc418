import test from 'ava';
import { PI, sinCos } from '../src/trig.js';

const TWO_PI = 2 * Math.PI;
/** θ reduced to [0, 2π). */
const turn = (theta: number) => theta - TWO_PI * Math.floor(theta / TWO_PI);

function maxError(thetas: number[]): { error: number; at: number } {
  let worst = { error: 0, at: 0 };
  for (const theta of thetas) {
    const [s, c] = sinCos(theta);
    const error = Math.max(Math.abs(s - Math.sin(theta)), Math.abs(c - Math.cos(theta)));
    if (error > worst.error) worst = { error, at: theta };
  }
  return worst;
}

const sweep = Array.from({ length: 2921 }, (_, i) => -20 + i * 0.0137);

test('sinCos agrees with Math.sin/cos to 1e-9 wherever the turn is below 7π/4, over several turns, both signs', (t) => {
  const { error, at } = maxError(sweep.filter((θ) => turn(θ) < (7 * Math.PI) / 4));
  t.true(error < 1e-9, `error ${error} at θ = ${at}`);
});

// Fixed in 0.3.0: the reduction subtracted the quadrant after taking it modulo 4, so turns in
// [7π/4, 2π) ran the polynomials near θ ≈ 6.
test('sinCos is accurate in [7π/4, 2π) too', (t) => {
  const { error, at } = maxError(sweep.filter((θ) => turn(θ) >= (7 * Math.PI) / 4));
  t.true(error < 1e-9, `error ${error} at θ = ${at}`);
});

test('quadrant boundaries and PI', (t) => {
  t.is(PI, Math.PI);
  const [s0, c0] = sinCos(0);
  t.is(s0, 0);
  t.is(c0, 1);
  const [s1, c1] = sinCos(PI / 2);
  t.true(Math.abs(s1 - 1) < 1e-12 && Math.abs(c1) < 1e-12);
  const [s2, c2] = sinCos(PI);
  t.true(Math.abs(s2) < 1e-12 && Math.abs(c2 + 1) < 1e-12);
});
