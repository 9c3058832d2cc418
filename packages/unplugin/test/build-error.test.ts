import test from 'ava';
import { InvalidMaskError } from '@inpaint/core';
import { InpaintBuildError, buildErrorOf } from '../src/build-error.js';

const site = { importer: '/app/main.js', image: '/app/hero.jpg', mask: '/app/hero.mask.png' };

test('a build error names the importer, the image and the mask, the reason and what to do', (t) => {
  const e = new InpaintBuildError(site, 'the mask is empty', 'draw the holes in white');
  t.is(e.message, '/app/hero.jpg (imported by /app/main.js, mask /app/hero.mask.png): the mask is empty; draw the holes in white');
  t.is(e.code, 'ERR_INPAINT_BUILD');
  t.is(new InpaintBuildError({ ...site, importer: undefined, mask: undefined }, 'r', 'h').message, '/app/hero.jpg (imported by an unknown module, mask none): r; h');
});

test("buildErrorOf keeps the typed error as the cause and its hint", (t) => {
  const cause = new InvalidMaskError('cannot decode the mask', { file: '/app/hero.mask.png', role: 'mask', hint: 're-export it as PNG' });
  const e = buildErrorOf(cause, site);
  t.is(e.cause, cause);
  t.regex(e.message, /mask \/app\/hero\.mask\.png\): cannot decode the mask.*; re-export it as PNG$/);
  t.is(buildErrorOf(e, site), e);
  t.regex(buildErrorOf('boom', site).message, /: boom; fix the image or the mask/);
});
