/**
 * The form fields of POST /api/select, declared once (the OpenAPI document shows these
 * schemas) and parsed into a Selection: `box` as JSON `[x, y, w, h]` in the image's pixels,
 * `strokes` as JSON `[{ "mode": "keep" | "remove", "size": px, "points": [[x, y], …] }, …]`,
 * `grow` in full-size pixels (negative shrinks).
 */
import { Schema, invalidParameterError, parseOptionText } from '@inpaint/core';
import type { Selection, SelectStroke } from './grabcut.js';

/** The fields besides the image. */
export const SELECT_FIELD_SCHEMA = {
  box: Schema.String({ minLength: 1, description: 'the box around the object, JSON [x, y, w, h] in the image\'s pixels (w, h > 0)' }),
  strokes: Schema.String({ description: 'optional keep / remove strokes, JSON [{ "mode": "keep" | "remove", "size": px, "points": [[x, y], …] }, …]: remove marks the object, keep the background' }),
  grow: Schema.Integer({ minimum: -256, maximum: 256, default: 0, 'x-unit': 'pixels', description: 'grow (> 0) or shrink (< 0) the selection, in full-size pixels' }),
};

function json(name: string, text: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidParameterError(name, expected, text.length > 80 ? `${text.slice(0, 80)}…` : text);
  }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function parseBox(text: string): Selection['box'] {
  const expected = 'JSON [x, y, w, h]: four finite numbers in the image\'s pixels, w and h > 0';
  const box = json('box', text, expected);
  if (!Array.isArray(box) || box.length !== 4 || !box.every(finite) || box[2] <= 0 || box[3] <= 0) throw invalidParameterError('box', expected, text);
  return box as unknown as Selection['box'];
}

function parseStrokes(text: string): SelectStroke[] {
  const expected = 'JSON [{ "mode": "keep" | "remove", "size": px > 0, "points": [[x, y], …] }, …]';
  const strokes = json('strokes', text, expected);
  if (!Array.isArray(strokes)) throw invalidParameterError('strokes', expected, text);
  return strokes.map((s: unknown, i) => {
    const { mode, size, points } = (s ?? {}) as { mode?: unknown; size?: unknown; points?: unknown };
    const ok = (mode === 'keep' || mode === 'remove') && finite(size) && size > 0 && Array.isArray(points) && points.length > 0
      && points.every((p) => Array.isArray(p) && p.length === 2 && p.every(finite));
    if (!ok) throw invalidParameterError(`strokes[${i}]`, expected, JSON.stringify(s));
    return { mode, size, points: (points as [number, number][]).map(([x, y]) => ({ x, y })) } as SelectStroke;
  });
}

/**
 * The selection a form asks for; an unknown field, a missing box or a malformed value is an
 * InvalidParameterError naming the field (a 400).
 * @example
 * parseSelection({ box: '[10, 20, 200, 150]', grow: '4' }); // { box: [10, 20, 200, 150], strokes: [], grow: 4 }
 */
export function parseSelection(fields: Readonly<Record<string, string>>): Required<Selection> {
  for (const k of Object.keys(fields)) {
    if (!Object.hasOwn(SELECT_FIELD_SCHEMA, k)) throw invalidParameterError(k, `one of the fields image, ${Object.keys(SELECT_FIELD_SCHEMA).join(', ')}`, 'an unknown field');
  }
  if (!fields.box) throw invalidParameterError('box', 'JSON [x, y, w, h] in the multipart field box', 'nothing');
  return {
    box: parseBox(fields.box),
    strokes: fields.strokes ? parseStrokes(fields.strokes) : [],
    grow: fields.grow ? parseOptionText('grow', SELECT_FIELD_SCHEMA.grow, fields.grow) as number : 0,
  };
}
