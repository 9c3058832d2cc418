import test from 'ava';
import { INPAINT_QUERY, inpaintImportOf } from '../src/inpaint-id.js';

test('an ?inpaint id: image, mask relative to the image, format and options', (t) => {
  t.deepEqual(inpaintImportOf('/app/src/hero.jpg?inpaint=./masks/hero.png&format=webp&inpaintDilate=4'), {
    image: '/app/src/hero.jpg', mask: '/app/src/masks/hero.png', format: 'webp', options: { dilate: 4 },
  });
  t.deepEqual(inpaintImportOf('/app/hero.jpg?inpaint'), { image: '/app/hero.jpg', mask: undefined, format: undefined, options: {} });
  t.is(inpaintImportOf('/app/hero.png?w=10&inpaint=alpha')?.mask, 'alpha');
  t.is(inpaintImportOf('/app/hero.jpg'), null);
  t.is(inpaintImportOf('/app/hero.jpg?inpainting=1'), null);
  t.false(INPAINT_QUERY.test('/app/inpaint.jpg'));
});

test('a bad format or option names the directive', (t) => {
  t.throws(() => inpaintImportOf('/app/hero.jpg?inpaint&format=bmp'), { message: /format/ });
  t.throws(() => inpaintImportOf('/app/hero.jpg?inpaint&inpaintFeather=x'), { message: /inpaintFeather/ });
});
