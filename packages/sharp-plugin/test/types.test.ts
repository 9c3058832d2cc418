// Type test of the TypeScript augmentation: checked by `tsc --noEmit` (the lint target), and
// run by ava so that the registration it describes exists at run time too.
import test from 'ava';
import { expectTypeOf } from 'expect-type';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import type { MaskSource, SharpInpaintOptions, SharpInpaintReport } from '../src/api.js';
import '../src/index.js';

test('.inpaint() is typed on Sharp: mask forms, options, and a Sharp back for chaining', (t) => {
  expectTypeOf<Sharp['inpaint']>().parameter(0).toEqualTypeOf<MaskSource>();
  expectTypeOf<Sharp['inpaint']>().parameter(1).toEqualTypeOf<SharpInpaintOptions | undefined>();
  expectTypeOf<Sharp['inpaint']>().returns.toEqualTypeOf<Sharp>();
  expectTypeOf<SharpInpaintOptions['onReport']>().toEqualTypeOf<((report: SharpInpaintReport) => void) | undefined>();
  expectTypeOf<SharpInpaintOptions['dilate']>().toEqualTypeOf<number | undefined>();
  // @ts-expect-error: a number is not a mask
  expectTypeOf<Sharp['inpaint']>().toBeCallableWith(42);
  t.is(typeof sharp().inpaint, 'function');
});
