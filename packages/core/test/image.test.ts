import test from 'ava';
import { InvalidImageError } from '../src/errors.js';
import { assertImage, cloneImage, colourChannels, copySamples, fullScale } from '../src/image.js';

test('full scale follows the sample type; colour channels leave alpha out', (t) => {
  t.is(fullScale({ width: 1, height: 1, channels: 1, data: new Uint8Array(1) }), 255);
  t.is(fullScale({ width: 1, height: 1, channels: 1, data: new Uint16Array(1) }), 65535);
  t.deepEqual([1, 2, 3, 4].map((channels) => colourChannels({ width: 1, height: 1, channels: channels as 1 | 2 | 3 | 4, data: new Uint8Array(channels) })), [1, 1, 3, 3]);
});

test('assertImage refuses each broken field with a message that says what to fix', (t) => {
  const bad: [unknown, RegExp][] = [
    [null, /must be an object/],
    [{ width: 0, height: 2, channels: 3, data: new Uint8Array(0) }, /zero-size/],
    [{ width: 2, height: 2, channels: 5, data: new Uint8Array(20) }, /channels must be 1, 2, 3 or 4/],
    [{ width: 2, height: 2, channels: 3, data: new Float32Array(12) }, /Uint8Array \(8-bit\) or Uint16Array/],
    [{ width: 2, height: 2, channels: 3, data: new Uint8Array(11) }, /2\*2\*3 = 12 samples, got 11/],
  ];
  for (const [image, message] of bad) t.throws(() => assertImage(image), { instanceOf: InvalidImageError, message });
  t.notThrows(() => assertImage({ width: 2, height: 1, channels: 4, data: new Uint16Array(8) }));
  t.throws(() => assertImage(undefined, 'mask image'), { message: /^mask image must be/ });
});

test('cloneImage copies the buffer, keeping its type', (t) => {
  const a = { width: 2, height: 1, channels: 1 as const, data: Uint16Array.from([1, 2]) };
  const b = cloneImage(a);
  b.data[0] = 9;
  t.is(a.data[0], 1);
  t.true(b.data instanceof Uint16Array);
});

test('a Node Buffer (sharp\'s pixels) is copied too, not viewed: its own slice() shares memory', (t) => {
  const decoded = Buffer.from([10, 20, 30, 40]);
  const copy = cloneImage({ width: 1, height: 1, channels: 4, data: decoded });
  copy.data[0] = 99;
  t.is(decoded[0], 10, 'the caller\'s buffer is untouched');
  const samples = copySamples(decoded);
  samples[1] = 99;
  t.is(decoded[1], 20);
  t.deepEqual([...copySamples(Uint8ClampedArray.from([1, 2]))], [1, 2]);
});
