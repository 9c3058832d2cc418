import test from 'ava';
import sharp from 'sharp';
import { Inpainter, MaskMismatchError } from '@inpaint/core';
import type { InpaintOptions, InpaintReport, MaskInput, RawImage } from '@inpaint/core';
import { TINY_MODEL as TINY } from '@inpaint/test-fixtures';
import type { InpaintBackend } from '../src/backend.js';
import type { Decoded } from '../src/decode-upstream.js';
import { inpaintDecoded, inpaintPipeline } from '../src/inpaint-decoded.js';
import type { SharpInpaintReport } from '../src/inpaint-decoded.js';
import { checkOptions } from '../src/sharp-options.js';

const W = 16, H = 10;
const still = (channels: 3 | 4 = 3): RawImage => ({ data: new Uint8Array(W * H * channels).map((_, i) => (channels === 4 && i % 4 === 3 ? 255 : (i * 29) % 256)), width: W, height: H, channels });
const box = (w = W, h = H, rows: [number, number] = [2, 6]) => { const data = new Uint8Array(w * h); for (let y = rows[0]; y < rows[1]; y++) data.fill(255, y * w + 4, y * w + 10); return { data, width: w, height: h }; };
type MaskObject = Exclude<MaskInput, Uint8Array>;
const maskOf = (m: MaskInput): MaskObject => { if (m instanceof Uint8Array) throw new Error('the backend is given a mask with its size'); return m; };
const holes = (m: MaskInput) => maskOf(m).data.reduce((n: number, v: number) => n + (v ? 1 : 0), 0);

/** A backend that fills every hole pixel with 7 and records what it was given. */
function recording(): InpaintBackend & { calls: { image: RawImage; mask: MaskInput; options?: InpaintOptions }[] } {
  const calls: { image: RawImage; mask: MaskInput; options?: InpaintOptions }[] = [];
  return {
    calls,
    async inpaintWithReport(image, mask, options) {
      calls.push({ image, mask, options });
      const data = image.data.slice();
      const m = maskOf(mask).data;
      for (let p = 0; p < m.length; p++) if (m[p]) for (let c = 0; c < image.channels; c++) data[p * image.channels + c] = 7;
      const n = holes(mask);
      const report: InpaintReport = { width: image.width, height: image.height, strategy: n ? 'full' : 'none', windows: n ? 1 : 0, inferences: n ? 1 : 0, holePixels: n, ms: { total: 2, plan: 1, infer: 1 }, warnings: n ? [] : ['the mask marks no hole'] };
      return { image: { ...image, data }, report };
    },
  };
}

test('a still image: one fill, core\'s options only, the report with frames 1 and the depth, given to onReport too', async (t) => {
  const backend = recording();
  const reports: SharpInpaintReport[] = [];
  const o = checkOptions({ detail: 'smooth', dilate: 1, onReport: (r: SharpInpaintReport) => reports.push(r) });
  const { image, report } = await inpaintDecoded({ image: still(), pageHeight: 0, animation: {} }, box(), o, Promise.resolve(backend));
  t.is(backend.calls.length, 1);
  t.deepEqual(backend.calls[0].options, { detail: 'smooth' });
  t.is(holes(backend.calls[0].mask), 6 * 4 + 2 * (6 + 4), 'dilate grew the 6x4 box by one pixel on each side (corners not)');
  t.like(report, { width: W, height: H, frames: 1, depth: 8, strategy: 'full', windows: 1, inferences: 1, warnings: [] });
  t.deepEqual(reports, [report]);
  t.is(image.data[(3 * W + 5) * 3], 7);
  t.is(image.data[0], still().data[0]);
});

test('an animation: each frame filled with the one-frame mask, the strip put back together, the reports summed', async (t) => {
  const frames = 3;
  const strip: Decoded = { image: { data: new Uint8Array(W * H * frames * 3).fill(100), width: W, height: H * frames, channels: 3 }, pageHeight: H, animation: { delay: [1, 2, 3] } };
  const backend = recording();
  const { image, report } = await inpaintDecoded(strip, box(), {}, Promise.resolve(backend));
  t.is(backend.calls.length, frames);
  for (const c of backend.calls) t.deepEqual([c.image.height, maskOf(c.mask).height], [H, H]);
  t.like(report, { frames, windows: frames, inferences: frames, holePixels: frames * 24, ms: { total: 6, plan: 3, infer: 3 } });
  for (let f = 0; f < frames; f++) t.is(image.data[((f * H + 3) * W + 5) * 3], 7, `frame ${f}`);
  t.is(image.data[0], 100);
  t.is(strip.image.data[(3 * W + 5) * 3], 100, 'the decoded strip is not changed');
});

test('an animation with a strip-sized mask: each frame its own part; a mask fitting neither says so in frames', async (t) => {
  const frames = 2;
  const strip: Decoded = { image: { data: new Uint8Array(W * H * frames * 3).fill(100), width: W, height: H * frames, channels: 3 }, pageHeight: H, animation: {} };
  const backend = recording();
  const { image, report } = await inpaintDecoded(strip, box(W, H * frames, [H + 2, H + 4]), {}, Promise.resolve(backend));
  t.deepEqual(backend.calls.map((c) => holes(c.mask)), [0, 12]);
  t.is(image.data[((H + 3) * W + 5) * 3], 7);
  t.is(image.data[(3 * W + 5) * 3], 100, 'frame 0 has no hole');
  t.is(report.strategy, 'full', 'the strategy of a frame that had holes');
  await t.throwsAsync(inpaintDecoded(strip, box(W, H + 1), {}, Promise.resolve(backend)), { instanceOf: MaskMismatchError, message: /2 frames of 16x10/ });
  // with resizeMask, a mask of another size is resized to one frame
  const half = recording();
  const resized = await inpaintDecoded(strip, box(W * 2, H * 2, [4, 12]), { resizeMask: true }, Promise.resolve(half));
  t.deepEqual(half.calls.map((c) => [maskOf(c.mask).width, maskOf(c.mask).height, holes(c.mask)]), [[W, H, 12], [W, H, 12]], 'the 6x8 box at half size, in every frame');
  t.is(resized.report.holePixels, 2 * 12);
});

test('warnings: the mask\'s, the backend\'s once, the 16-bit image reduced, metadata not carried for animations', async (t) => {
  const reduced = await inpaintDecoded({ image: still(), pageHeight: 0, animation: {}, reduced: true }, { data: new Uint8Array(W * H), width: W, height: H }, {}, Promise.resolve(recording()));
  t.deepEqual(reduced.report.warnings.map((w) => w.replace(/ .*/, '')), ['the', 'the']);
  t.true(reduced.report.warnings.some((w) => /marks no hole/.test(w)));
  t.true(reduced.report.warnings.some((w) => /16-bit image was in-painted at 8 bits because metadata was asked for/.test(w)));
  const strip: Decoded = { image: { data: new Uint8Array(W * H * 2 * 3), width: W, height: H * 2, channels: 3 }, pageHeight: H, animation: {} };
  const anim = await inpaintDecoded(strip, box(), {}, Promise.resolve(recording()), true);
  t.deepEqual(anim.report.warnings, ['metadata (EXIF, ICC, XMP) is not carried for animated images; the frames, delays and loop are']);
});

test("mask 'alpha' with fillAlpha: the fill made opaque; without it the alpha channel is kept", async (t) => {
  const rgba = still(4);
  for (let p = 0; p < W * H; p++) if (p % W >= 4 && p % W < 10 && p < 5 * W) rgba.data[p * 4 + 3] = 0;
  const kept = await inpaintDecoded({ image: rgba, pageHeight: 0, animation: {} }, 'alpha', {}, Promise.resolve(recording()));
  t.is(kept.image.data[(2 * W + 5) * 4 + 3], 7, 'the backend\'s alpha, untouched');
  const opaque = await inpaintDecoded({ image: rgba, pageHeight: 0, animation: {} }, 'alpha', { fillAlpha: true }, Promise.resolve(recording()));
  for (let p = 0; p < W * H; p++) t.is(opaque.image.data[p * 4 + 3], 255);
  t.is(opaque.image.data[(2 * W + 5) * 4], 7);
});

test('inpaintPipeline: a sharp chain decoded and filled by a real Inpainter; only the hole changes', async (t) => {
  const inpainter = await Inpainter.create({ model: TINY, threads: 1 });
  try {
    const png = await sharp(Buffer.from(still().data), { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
    const maskPng = await sharp(Buffer.from(box().data), { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();
    const { image, report, decoded } = await inpaintPipeline(sharp(png), maskPng, {}, Promise.resolve(inpainter));
    t.deepEqual([decoded.pageHeight, report.frames, report.holePixels], [0, 1, 24]);
    const before = still().data, m = box().data;
    let changed = 0;
    for (let p = 0; p < W * H; p++) for (let c = 0; c < 3; c++) {
      if (!m[p]) t.is(image.data[p * 3 + c], before[p * 3 + c]);
      else if (image.data[p * 3 + c] !== before[p * 3 + c]) changed++;
    }
    t.true(changed > 0, 'the hole was filled');
  } finally {
    await inpainter.dispose();
  }
});
