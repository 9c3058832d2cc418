import test from 'ava';
import { MASK_OPTION_SCHEMA } from '@inpaint/core';
import { BATCH_OPTION_SCHEMA, OUTPUT_FORMATS } from '@inpaint/files';
import { inpaintFormSchema, inpaintRouteSchema } from '../../src/serve/openapi.js';

type Form = { required: string[]; properties: Record<string, { type?: string; enum?: string[]; maximum?: number; format?: string }> };

test('the form is the two files plus every batch option, choices as enums, ranges from the schema', (t) => {
  const form = inpaintFormSchema(1000) as unknown as Form;
  t.deepEqual(form.required, ['image', 'mask']);
  t.deepEqual(Object.keys(form.properties), ['image', 'mask', ...Object.keys(BATCH_OPTION_SCHEMA)]);
  t.is(form.properties.image.format, 'binary');
  t.deepEqual(form.properties.format.enum, [...OUTPUT_FORMATS]);
  t.is(form.properties.format.type, 'string');
  t.is(form.properties.dilate.maximum, MASK_OPTION_SCHEMA.dilate.maximum);
  t.is(form.properties.invert.type, 'boolean');
});

test('the answers: 401 only with a token; limits named in the descriptions', (t) => {
  const open = inpaintRouteSchema({ maxPixels: 1234, maxBody: 5678, token: false }) as { response: Record<string, { description: string }> };
  t.deepEqual(Object.keys(open.response).sort(), ['200', '400', '408', '413', '503']);
  t.regex(open.response[413].description, /1234 pixels.*5678 bytes/);
  const locked = inpaintRouteSchema({ maxPixels: 1, maxBody: 1, token: true }) as { response: Record<string, unknown> };
  t.true('401' in locked.response);
});
