import test from 'ava';
import { createRng } from '@inpaint/mask-gen';
import { completeLocally } from '../../src/detail/local-completion.js';
import type { Level } from '../../src/detail/pyramid.js';

const W = 160, H = 120;

function stepWithThinBand(): { lv: Level; original: Float32Array } {
  const rng = createRng(3);
  const original = new Float32Array(W * H);
  const hole = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    original[y * W + x] = (x < 80 ? 0.2 : 0.8) + 0.04 * (rng.next() - 0.5);
    if (Math.abs(y - 20 - 0.5 * x) < 4) hole[y * W + x] = 1;
  }
  const image = original.slice();
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (hole[y * W + x]) image[y * W + x] = 0.2 + 0.6 / (1 + Math.exp(-(x - 80) / 6));
  return { lv: { width: W, height: H, k: 1, image, hole }, original };
}

test('local completion continues an edge across a thin hole, crisp, from the photo beside it', (t) => {
  const { lv, original } = stepWithThinBand();
  const blurred = lv.image.slice();
  const err = (img: Float32Array) => { let s = 0, n = 0; for (let i = 0; i < W * H; i++) if (lv.hole[i]) { s += Math.abs(img[i] - original[i]); n++; } return s / n; };
  // hole pixels in between the two sides' tones: the smudge
  const between = (img: Float32Array) => { let n = 0; for (let i = 0; i < W * H; i++) if (lv.hole[i] && img[i] > 0.3 && img[i] < 0.7) n++; return n; };
  t.true(between(blurred) >= 6, 'the blurred guide has a smudge where the band crosses the edge (otherwise this proves nothing)');
  t.true(completeLocally(lv, { rng: createRng(1) }));
  t.is(between(lv.image), 0, 'no in-between tones are left');
  t.true(err(lv.image) < 0.5 * err(blurred), `error ${err(lv.image).toFixed(4)} against the blurred fill's ${err(blurred).toFixed(4)}`);
  for (let i = 0; i < W * H; i++) if (!lv.hole[i]) t.is(lv.image[i], original[i] as number);
});

test('local completion is seeded, and refuses where no patch of the photo fits', (t) => {
  const a = stepWithThinBand().lv, b = stepWithThinBand().lv;
  completeLocally(a, { rng: createRng(5) });
  completeLocally(b, { rng: createRng(5) });
  t.deepEqual(a.image, b.image);
  const tiny: Level = { width: 8, height: 8, k: 1, image: new Float32Array(64).fill(0.5), hole: new Uint8Array(64).fill(1) };
  t.false(completeLocally(tiny, { rng: createRng(1) }));
  t.deepEqual(tiny.image, new Float32Array(64).fill(0.5), 'left as it was');
});

/** A photo-like slope (brighter downwards) with fine noise, and a horizontal band `depth` deep across it holding the band's mean; grey. */
function slopeWithBand(depth: number): { lv: Level; original: Float32Array } {
  const rng = createRng(4);
  const original = new Float32Array(W * H);
  const hole = new Uint8Array(W * H);
  const y0 = 60 - depth, y1 = 60 + depth;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    original[y * W + x] = 0.1 + 0.006 * y + 0.08 * (rng.next() - 0.5);
    if (y >= y0 && y < y1) hole[y * W + x] = 1;
  }
  const image = original.slice();
  for (let i = 0; i < W * H; i++) if (hole[i]) image[i] = 0.1 + 0.006 * 60;
  return { lv: { width: W, height: H, k: 1, image, hole }, original };
}

/** The largest mean signed error of a row of the hole (a band too bright or too dark), and the fill's pixel-to-pixel gradient against the photo's (RMS ratio: 1 keeps its noise, 0 is flat). */
function bandError(lv: Level, original: Float32Array): { offset: number; detail: number } {
  let offset = 0, g2 = 0, o2 = 0;
  for (let y = 0; y < H; y++) {
    let e = 0, m = 0;
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      if (!lv.hole[i]) continue;
      e += lv.image[i] - original[i];
      m++;
      if (x > 0) {
        g2 += (lv.image[i] - lv.image[i - 1]) ** 2;
        o2 += (original[i] - original[i - 1]) ** 2;
      }
    }
    if (m > 0) offset = Math.max(offset, Math.abs(e / m));
  }
  return { offset, detail: Math.sqrt(g2 / o2) };
}

test("the gradient-domain paste keeps the photo's noise and continues its slope; the vote flattens the one and bands the other", (t) => {
  const vote = slopeWithBand(8), gradient = slopeWithBand(8);
  completeLocally(vote.lv, { rng: createRng(1), paste: 'vote' });
  completeLocally(gradient.lv, { rng: createRng(1) }); // 'gradient' is the default
  const v = bandError(vote.lv, vote.original), g = bandError(gradient.lv, gradient.original);
  t.log(`vote: offset ${v.offset.toFixed(3)}, detail ${v.detail.toFixed(2)}; gradient: offset ${g.offset.toFixed(3)}, detail ${g.detail.toFixed(2)}`);
  t.true(v.offset > 0.04 && v.detail < 0.5, 'the vote bands and flattens (otherwise this proves nothing)');
  t.true(g.offset < 0.02, `a row of the gradient paste is off by ${g.offset.toFixed(3)} on average`);
  t.true(g.detail > 0.6, `the gradient paste keeps ${(100 * g.detail).toFixed(0)} % of the noise's gradient`);
  for (let i = 0; i < W * H; i++) if (!gradient.lv.hole[i]) t.is(gradient.lv.image[i], gradient.original[i] as number);
});

test('a stroke deeper than thinDepth is completed coarse to fine: closer to the photo than at one scale, seeded', (t) => {
  const one = slopeWithBand(20), coarse = slopeWithBand(20), again = slopeWithBand(20);
  completeLocally(one.lv, { rng: createRng(1) });
  completeLocally(coarse.lv, { rng: createRng(1), thinDepth: 8 });
  completeLocally(again.lv, { rng: createRng(1), thinDepth: 8 });
  t.deepEqual(coarse.lv.image, again.lv.image);
  const o = bandError(one.lv, one.original), c = bandError(coarse.lv, coarse.original);
  t.log(`one scale: offset ${o.offset.toFixed(3)}; coarse to fine: ${c.offset.toFixed(3)}`);
  t.true(c.offset < 0.9 * o.offset);
  t.true(c.detail > 0.6);
});

/** Noise (a busy texture) with a flat grey column of the network fill's colour at its left, and a band 20 deep across the noise whose hole holds that flat grey. */
function busyWithFlatBand(): { lv: Level; original: Float32Array } {
  const rng = createRng(6);
  const original = new Float32Array(W * H);
  const hole = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    original[y * W + x] = x < 30 ? 0.5 : 0.2 + 0.6 * rng.next();
    if (x >= 40 && y >= 40 && y < 80) hole[y * W + x] = 1;
  }
  const image = original.slice();
  for (let i = 0; i < W * H; i++) if (hole[i]) image[i] = 0.5;
  return { lv: { width: W, height: H, k: 1, image, hole }, original };
}

test("a wide stroke through busy texture is completed from the texture, not from a flat place of the network fill's colour", (t) => {
  const { lv, original } = busyWithFlatBand();
  t.true(completeLocally(lv, { rng: createRng(1), thinDepth: 8 }));
  const { detail } = bandError(lv, original);
  t.log(`the fill keeps ${(100 * detail).toFixed(0)} % of the texture's pixel-to-pixel differences`);
  t.true(detail > 0.5);
});

test('a deep hole pasted in a cascade (few sweeps a level, each from the coarser paste) ends near the full paste, without a band', (t) => {
  const full = slopeWithBand(30), cascade = slopeWithBand(30);
  completeLocally(full.lv, { rng: createRng(1), thinDepth: 8 });
  completeLocally(cascade.lv, { rng: createRng(1), thinDepth: 8, pasteSweeps: 16 });
  const f = bandError(full.lv, full.original), c = bandError(cascade.lv, cascade.original);
  t.log(`full paste: offset ${f.offset.toFixed(3)}, detail ${f.detail.toFixed(2)}; cascade: offset ${c.offset.toFixed(3)}, detail ${c.detail.toFixed(2)}`);
  t.true(c.offset < f.offset + 0.015, `a row of the cascade is off by ${c.offset.toFixed(3)} on average`);
  t.true(c.detail > 0.6 && c.detail < 1.3, `the cascade keeps ${(100 * c.detail).toFixed(0)} % of the photo's pixel-to-pixel differences`);
  for (let i = 0; i < W * H; i++) if (!cascade.lv.hole[i]) t.is(cascade.lv.image[i], cascade.original[i] as number);
});
