import test from 'ava';
import { readFileSync } from 'node:fs';
import { readOnnxMetadata } from '../src/onnx-metadata.js';
import { TINY_MODEL } from './helpers.js';

/** Protocol-buffer wire format, by hand: a varint, and a length-delimited field. */
const varint = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...varint(Math.floor(n / 128))]);
const bytesField = (num: number, payload: number[]): number[] => [...varint(num * 8 + 2), ...varint(payload.length), ...payload];
const text = (s: string): number[] => [...Buffer.from(s, 'utf8')];
/** ModelProto: ir_version (1, varint), graph (7, here empty), metadata_props (14: StringStringEntryProto { key = 1, value = 2 }). */
function model(entries: [string, string][], graph = true): Uint8Array {
  return Uint8Array.from([...varint(1 * 8 + 0), 8, ...(graph ? bytesField(7, []) : []), ...entries.flatMap(([k, v]) => bytesField(14, [...bytesField(1, text(k)), ...bytesField(2, text(v))]))]);
}

test('metadata_props of a hand-built ModelProto come back as a record', (t) => {
  t.deepEqual(readOnnxMetadata(model([['architecture', 'pconv-unet'], ['note', 'ü'.repeat(100)]])), { architecture: 'pconv-unet', note: 'ü'.repeat(100) });
  t.deepEqual(readOnnxMetadata(model([])), {});
});

test('bytes that are not a ModelProto give null, never a throw', (t) => {
  const good = model([['a', 'b']]);
  t.is(readOnnxMetadata(good.subarray(0, good.length - 1)), null, 'truncated');
  t.is(readOnnxMetadata(Uint8Array.from([0x07, 0x01])), null, 'wire type 7');
  t.is(readOnnxMetadata(Buffer.from('<html>not a model</html>')), null);
  t.is(readOnnxMetadata(model([['a', 'b']], false)), null, 'no graph: some other protobuf message');
});

test('the test model carries the contract keys', (t) => {
  const meta = readOnnxMetadata(readFileSync(TINY_MODEL));
  t.is(meta?.architecture, 'pconv-unet');
  t.truthy(meta?.mask_convention);
});
