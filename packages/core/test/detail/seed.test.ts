import test from 'ava';
import { windowSeed } from '../../src/detail/seed.js';

test('windowSeed depends on the box only', (t) => {
  t.is(windowSeed({ x0: 1, y0: 2, x1: 3, y1: 4 }), windowSeed({ x0: 1, y0: 2, x1: 3, y1: 4 }));
  t.not(windowSeed({ x0: 1, y0: 2, x1: 3, y1: 4 }), windowSeed({ x0: 2, y0: 2, x1: 3, y1: 4 }));
});
