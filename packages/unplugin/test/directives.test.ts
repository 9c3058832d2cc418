import test from 'ava';
import { BATCH_OPTION_SCHEMA, FILE_OPTION_SCHEMA } from '@inpaint/files';
import { OPTION_DIRECTIVES, directiveHelp, directiveName, optionsOfDirectives } from '../src/directives.js';

test('one directive per in-painting option of the batch schema, named in imagetools style', (t) => {
  const options = Object.keys(BATCH_OPTION_SCHEMA).filter((k) => !Object.hasOwn(FILE_OPTION_SCHEMA, k));
  t.deepEqual([...OPTION_DIRECTIVES.keys()], options.map(directiveName));
  t.is(directiveName('resizeMask'), 'inpaintResizeMask');
  t.true(directiveHelp().includes('inpaintDetail=auto|texture|smooth|complete'));
  t.true(directiveHelp().includes('inpaintInvert'));
});

test('directives are parsed and checked with their schema; a bare boolean is true; others are left alone', (t) => {
  t.deepEqual(optionsOfDirectives(new URLSearchParams('inpaint&inpaintDilate=4&inpaintInvert&inpaintDetail=smooth&w=800&format=webp')), { dilate: 4, invert: true, detail: 'smooth' });
  t.deepEqual(optionsOfDirectives(new URLSearchParams('inpaintInvert=false')), { invert: false });
  t.throws(() => optionsOfDirectives(new URLSearchParams('inpaintDilate=-1')), { message: /inpaintDilate/ });
  t.throws(() => optionsOfDirectives(new URLSearchParams('inpaintDetail=sharp')), { message: /one of auto, texture, smooth, complete/ });
  t.throws(() => optionsOfDirectives(new URLSearchParams('inpaintDilat=2')), { message: /one of the directives .* for inpaintDilat /s });
});
