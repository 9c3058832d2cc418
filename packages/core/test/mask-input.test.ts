import test from 'ava';
import { InvalidParameterError, MaskMismatchError } from '../src/errors.js';
import { toMask } from '../src/mask-input.js';

const image = { width: 3, height: 2, channels: 3 as const, data: new Uint8Array(18) };

test('bytes and mask objects of the image size become a Mask sharing their bytes', (t) => {
  const bytes = Uint8Array.from([0, 255, 0, 0, 1, 0]);
  const m = toMask(bytes, image);
  t.deepEqual([m.width, m.height], [3, 2]);
  t.is(m.data, bytes, 'no copy');
  t.is(toMask({ width: 3, height: 2, data: bytes }, image).data, bytes);
});

test('a mask of another size or byte count is a MaskMismatchError that says how to fix it', (t) => {
  t.throws(() => toMask(new Uint8Array(5), image), { instanceOf: MaskMismatchError, message: /5 bytes but the 3x2 image needs 6/ });
  t.throws(() => toMask({ width: 2, height: 3, data: new Uint8Array(6) }, image), { instanceOf: MaskMismatchError, message: /resize the mask/ });
  t.throws(() => toMask({ width: 3, height: 2, data: new Uint8Array(18) }, image), { instanceOf: MaskMismatchError, message: /multi-channel masks/ });
});

test('anything else is an InvalidParameterError naming the mask', (t) => {
  for (const bad of [null, 'mask.png', { width: 3, height: 2, data: [0, 0, 0, 0, 0, 0] }]) {
    t.throws(() => toMask(bad as never, image), { instanceOf: InvalidParameterError, message: /for mask/ });
  }
});
