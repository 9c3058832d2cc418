// The selection thread's task, called here directly: the mask's bytes wrapped for a move
// (Piscina.move), the same bytes as segmentObject's; the selector's test runs it on its thread.
import test from 'ava';
import { Piscina } from 'piscina';
import sharp from 'sharp';
import { segmentObject } from '../../src/serve/grabcut.js';
import selectOnThread from '../../src/serve/select-thread.js';
import { SELECTION_CASES } from './selection-truth.js';

test('the task answers the mask bytes of segmentObject, wrapped to be moved rather than copied', async (t) => {
  const c = SELECTION_CASES.nose;
  const { data, info } = await sharp(c.photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const image = { data, width: info.width, height: info.height, channels: 3 as const };
  const moved = await selectOnThread({ image, selection: { box: c.box } }) as unknown as Record<symbol, unknown>;
  const bytes = moved[Piscina.valueSymbol] as Uint8Array;
  t.true(bytes instanceof Uint8Array);
  t.is(bytes.length, info.width * info.height);
  t.truthy(moved[Piscina.transferableSymbol], 'its buffer is transferred');
  t.true(Buffer.from(bytes).equals(Buffer.from((await segmentObject(image, { box: c.box })).data)));
});
