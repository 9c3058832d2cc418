import test from 'ava';
import { createRng } from '@inpaint/mask-gen';
import { complete, guideTrust, holeDepth, holeDepths, schedule } from '../../src/detail/completion.js';
import type { Level } from '../../src/detail/pyramid.js';

const W = 160, H = 120;
/** Vertical stripes of period 6 (0.2 / 0.8) with a hole in the middle that holds their mean, as a smooth fill would. */
function stripesWithSmoothHole(): { lv: Level; original: Float32Array } {
  const original = new Float32Array(W * H);
  const hole = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    original[y * W + x] = x % 6 < 3 ? 0.2 : 0.8;
    if (x >= 60 && x < 100 && y >= 40 && y < 80) hole[y * W + x] = 1;
  }
  const image = original.slice();
  for (let i = 0; i < W * H; i++) if (hole[i]) image[i] = 0.5;
  return { lv: { width: W, height: H, k: 1, image, hole }, original };
}

/** Mean |horizontal difference| over the hole: the stripes' contrast (0.6 · 2/3 per pixel for the photo). */
function contrast(img: Float32Array): number {
  let sum = 0, n = 0;
  for (let y = 40; y < 80; y++) for (let x = 60; x < 99; x++) { sum += Math.abs(img[y * W + x + 1] - img[y * W + x]); n++; }
  return sum / n;
}

test('the fill is made of the photo: stripes come back in a hole whose guide is their flat mean', (t) => {
  const { lv, original } = stripesWithSmoothHole();
  t.is(contrast(lv.image), 0, 'the guide has no stripes (otherwise this proves nothing)');
  t.true(complete(lv, { networkScale: 0.5, rng: createRng(1) }));
  const got = contrast(lv.image), want = contrast(original);
  t.log(`contrast in the hole: photo ${want.toFixed(3)}, completed ${got.toFixed(3)}`);
  t.true(got >= 0.8 * want, `${(100 * got / want).toFixed(0)} % of the photo's contrast`);
  // and every hole value is one of the photo's two values, give or take the vote's blend at seams
  let photoLike = 0;
  for (let i = 0; i < W * H; i++) if (lv.hole[i] && (Math.abs(lv.image[i] - 0.2) < 0.05 || Math.abs(lv.image[i] - 0.8) < 0.05)) photoLike++;
  t.true(photoLike >= 0.9 * 1600, `${photoLike} of 1600 hole pixels hold a photo value`);
});

/** The stripes with grain (a seeded hash), so that no two source patches are alike and the seed shows. */
function grainy(): { lv: Level; original: Float32Array } {
  const s = stripesWithSmoothHole();
  for (let i = 0; i < W * H; i++) {
    const g = (((i * 2654435761) >>> 0) % 1000) / 10000;
    s.original[i] += g;
    if (!s.lv.hole[i]) s.lv.image[i] += g;
  }
  return s;
}

test('known pixels are untouched, and the same seed gives the same values; another seed others', (t) => {
  const a = grainy(), b = grainy(), c = grainy();
  complete(a.lv, { networkScale: 1, rng: createRng(7) });
  complete(b.lv, { networkScale: 1, rng: createRng(7) });
  complete(c.lv, { networkScale: 1, rng: createRng(8) });
  t.deepEqual(a.lv.image, b.lv.image);
  t.notDeepEqual(a.lv.image, c.lv.image);
  for (let i = 0; i < W * H; i++) if (!a.lv.hole[i]) t.is(a.lv.image[i], a.original[i]);
});

test('no source patch anywhere: false, the level unchanged', (t) => {
  const image = new Float32Array(100).fill(0.3);
  const hole = new Uint8Array(100).fill(1);
  hole[0] = 0;
  const lv = { width: 10, height: 10, k: 1 as const, image, hole };
  t.false(complete(lv, { networkScale: 1, rng: createRng(1) }));
  t.true(lv.image.every((v) => v === Math.fround(0.3)));
});

test('schedule: from a level coarser than the network\'s scale to the window\'s own; the guide fades as levels grow finer', (t) => {
  const s = schedule(2048, 1536, { networkScale: 0.25, extraLevels: 1 });
  t.is(s.length, 4); // 1/8 (one coarser than the network's 1/4), 1/4, 1/2, 1
  t.true(s[0].guideFirst && !s[1].guideFirst);
  t.is(s[0].guide, s[1].guide);
  t.true(s[2].guide < s[1].guide && s[3].guide < s[2].guide);
  t.is(schedule(40, 40, { networkScale: 1 }).length, 1, 'a small window has one level');
});

test('schedule: by default three levels coarser than the network\'s scale, while the coarsest keeps 32 px', (t) => {
  t.is(schedule(2048, 1536, { networkScale: 0.25 }).length, 6); // 1/32 … 1: 1536/32 = 48 px, 1/64 would be 24
  t.is(schedule(4096, 4096, { networkScale: 1 }).length, 4); // 1/8 … 1
});

test('guideTrust: full for holes the network fills from both sides (8 network px deep), falling with the square of the depth', (t) => {
  t.is(guideTrust(8, 1), 1);
  t.is(guideTrust(16, 0.5), 1, 'depth is counted in the network\'s pixels');
  t.is(guideTrust(32, 1), 1 / 16);
  const thin = schedule(1024, 1024, { networkScale: 1 }, guideTrust(6, 1));
  const deep = schedule(1024, 1024, { networkScale: 1 }, guideTrust(200, 1));
  t.is(thin[0].guide, 1);
  t.true(deep[0].guide < 0.01);
  t.is(thin.at(-1)?.guide, 1, 'a window filled at full resolution is guided at full resolution too');
});

test('the last vote at full resolution picks a source value (no averaging left); pickFinest: false blends', (t) => {
  // grain: every pixel its own value, so a blend of candidates is almost never a photo value
  const make = (): Level => {
    const image = new Float32Array(W * H), hole = new Uint8Array(W * H);
    for (let i = 0; i < W * H; i++) {
      image[i] = ((Math.imul(i + 1, 2654435761) >>> 0) % 1000) / 1000;
      const x = i % W, y = (i - x) / W;
      if (x >= 60 && x < 100 && y >= 40 && y < 80) hole[i] = 1;
    }
    return { width: W, height: H, k: 1, image, hole };
  };
  const known = (lv: Level): Set<number> => new Set(Array.from(lv.image).filter((_, i) => !lv.hole[i]));
  const photoValues = (lv: Level, values: Set<number>): number => Array.from(lv.image).filter((v, i) => lv.hole[i] && values.has(v)).length;
  const picked = make(), blended = make();
  const values = known(picked);
  t.true(complete(picked, { networkScale: 1, rng: createRng(3) }));
  t.true(complete(blended, { networkScale: 1, rng: createRng(3), pickFinest: false }));
  t.is(photoValues(picked, values), 1600);
  t.true(photoValues(blended, values) < 800, `${photoValues(blended, values)} of 1600 blended values are photo values`);
});

/**
 * A level with a photo of a soft-edged step (dark left, bright right, with fine noise) and a
 * thin diagonal band of hole across the step, holding the blurred mean a smooth fill gives.
 */
test('holeDepth is the largest city-block distance from a hole pixel to a known one', (t) => {
  const hole = new Uint8Array(20 * 10);
  for (let y = 2; y < 9; y++) for (let x = 3; x < 10; x++) hole[y * 20 + x] = 1; // 7 × 7: the centre is 4 steps from the photo
  t.is(holeDepth({ width: 20, height: 10, k: 1, image: new Float32Array(200), hole }), 4);
  t.is(holeDepth({ width: 20, height: 10, k: 1, image: new Float32Array(200), hole: new Uint8Array(200) }), 0);
});

test('holeDepths: a box is about a third as deep on average as at its deepest, a web of strokes deep only where two cross under a quarter', (t) => {
  const w = 320, h = 240;
  const box = new Uint8Array(w * h);
  for (let y = 64; y < 176; y++) for (let x = 104; x < 216; x++) box[y * w + x] = 1;
  const b = holeDepths(box, w, h);
  t.is(b.deepest, 56);
  t.true(Math.abs(b.mean / b.deepest - 1 / 3) < 0.03, `box: ${b.mean.toFixed(1)} of ${b.deepest}`);
  // a cross of two bands 56 wide (28 deep, 56 where they cross) and four strokes 10 wide
  const web = new Uint8Array(w * h);
  const band = (alongRows: boolean, centre: number, width: number) => {
    for (let a = centre - width / 2; a < centre + width / 2; a++) for (let i = 0; i < (alongRows ? w : h); i++) web[alongRows ? a * w + i : i * w + a] = 1;
  };
  band(true, h / 2, 56);
  band(false, w / 2, 56);
  for (const y of [36, 204]) band(true, y, 10);
  for (const x of [48, 272]) band(false, x, 10);
  const s = holeDepths(web, w, h);
  t.is(s.deepest, 56);
  t.true(s.mean / s.deepest < 0.25, `web: ${s.mean.toFixed(1)} of ${s.deepest}`);
  t.deepEqual(holeDepths(new Uint8Array(w * h), w, h), { deepest: 0, mean: 0 });
});
