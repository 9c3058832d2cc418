// Type test of the TypeScript augmentation: the expectTypeOf lines are checked by
// `tsc --noEmit` (the lint target; they do nothing at run time). Under ava, the same facts
// are asserted on the registered method at run time.
import test from 'ava';
import { expectTypeOf } from 'expect-type';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import type { MaskSource, SharpInpaintOptions, SharpInpaintReport } from '../src/api.js';
import '../src/index.js';

test('.inpaint() is typed on Sharp: mask forms, options, and a Sharp back for chaining', async (t) => {
  expectTypeOf<Sharp['inpaint']>().parameter(0).toEqualTypeOf<MaskSource>();
  expectTypeOf<Sharp['inpaint']>().parameter(1).toEqualTypeOf<SharpInpaintOptions | undefined>();
  expectTypeOf<Sharp['inpaint']>().returns.toEqualTypeOf<Sharp>();
  expectTypeOf<SharpInpaintOptions['onReport']>().toEqualTypeOf<((report: SharpInpaintReport) => void) | undefined>();
  expectTypeOf<SharpInpaintOptions['dilate']>().toEqualTypeOf<number | undefined>();
  // @ts-expect-error: a number is not a mask
  expectTypeOf<Sharp['inpaint']>().toBeCallableWith(42);
  const chained = sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } }).inpaint(new Uint8Array(4));
  t.true(chained instanceof sharp, 'a Sharp back, for chaining');
  const img = () => sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } });
  const refused = await t.throwsAsync(img().inpaint(42 as never).toBuffer(), undefined, 'what the types refuse, the method refuses');
  t.regex(refused.message, /mask/);
  t.throws(() => sharp().inpaint('m.png', { dilate: '4' as never }), { code: 'ERR_INVALID_PARAMETER' });
});
