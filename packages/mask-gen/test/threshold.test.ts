import test from 'ava';
import type { ExecutionContext } from 'ava';
import { HOLE, KEEP, maskFromMaskImage } from '../src/index.js';
import type { MaskRule } from '../src/index.js';
import type { RawImage } from '../src/index.js';

const W = 40, H = 30;
/** An RGBA layer: `stroke(x, y)` pixels get `ink`, the others `paper`. */
function layer(ink: [number, number, number, number], paper: [number, number, number, number]): RawImage & { stroke: (p: number) => boolean } {
  const stroke = (p: number) => { const x = p % W, y = Math.floor(p / W); return Math.abs(x - y) < 3 || (x > 30 && y < 6); };
  const data = new Uint8Array(W * H * 4);
  for (let p = 0; p < W * H; p++) data.set(stroke(p) ? ink : paper, p * 4);
  return { width: W, height: H, channels: 4, data, stroke };
}

function holesAreStrokes(t: ExecutionContext, img: ReturnType<typeof layer>, rule: MaskRule) {
  const r = maskFromMaskImage(img);
  t.is(r.rule, rule);
  let strokes = 0;
  for (let p = 0; p < W * H; p++) {
    t.is(r.mask.data[p], img.stroke(p) ? HOLE : KEEP, `pixel ${p}`);
    if (img.stroke(p)) strokes++;
  }
  t.true(strokes < (W * H) / 2, 'the fixture strokes are a minority');
}

test('a canvas export: red opaque strokes on a transparent layer — the strokes are the holes', (t) => {
  holesAreStrokes(t, layer([230, 20, 20, 255], [0, 0, 0, 0]), 'opaque');
});

test('black opaque strokes on a transparent layer — the strokes are the holes', (t) => {
  holesAreStrokes(t, layer([0, 0, 0, 255], [0, 0, 0, 0]), 'opaque');
});

test('an erased layer: transparent strokes on an opaque black layer — the strokes are the holes', (t) => {
  holesAreStrokes(t, layer([0, 0, 0, 0], [0, 0, 0, 255]), 'alpha');
});

test('white opaque strokes on a transparent layer follow the colour rule; invert swaps at the end', (t) => {
  const img = layer([255, 255, 255, 255], [255, 255, 255, 0]);
  holesAreStrokes(t, img, 'colour');
  const inverted = maskFromMaskImage(img, { invert: true });
  for (let p = 0; p < W * H; p++) t.is(inverted.mask.data[p], img.stroke(p) ? KEEP : HOLE);
});

test('grey and RGB masks without alpha: threshold at 50 % of full scale', (t) => {
  const grey: RawImage = { width: 3, height: 1, channels: 1, data: Uint8Array.from([0, 127, 128]) };
  t.deepEqual([...maskFromMaskImage(grey).mask.data], [KEEP, KEEP, HOLE]);
  t.deepEqual([...maskFromMaskImage(grey, { threshold: 0.4 }).mask.data], [KEEP, HOLE, HOLE]);
});
