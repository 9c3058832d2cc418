/**
 * Reads `metadata_props` from ONNX model bytes. onnxruntime-node does not expose a
 * model's custom metadata, so this walks the protobuf wire format of the top-level
 * ModelProto, skipping every field but 14 (repeated StringStringEntryProto: 1 key,
 * 2 value). Only varint and length-delimited fields occur at that level; anything else
 * means the bytes are not an ONNX model.
 */

class WireError extends Error {}

function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new WireError('truncated varint');
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7;
    if (shift > 63) throw new WireError('varint too long');
  }
}

interface Field {
  number: number;
  /** For length-delimited fields: [start, end) of the payload. */
  start: number;
  end: number;
  wireType: number;
}

function* fields(buf: Uint8Array, from: number, to: number): Generator<Field> {
  let pos = from;
  while (pos < to) {
    const [key, p1] = readVarint(buf, pos);
    const number = Math.floor(key / 8);
    const wireType = key & 7;
    if (number === 0) throw new WireError('field number 0');
    if (wireType === 0) {
      const [, p2] = readVarint(buf, p1);
      yield { number, wireType, start: p1, end: p2 };
      pos = p2;
    } else if (wireType === 2) {
      const [len, p2] = readVarint(buf, p1);
      if (p2 + len > to) throw new WireError('length past end');
      yield { number, wireType, start: p2, end: p2 + len };
      pos = p2 + len;
    } else if (wireType === 1) {
      pos = p1 + 8;
    } else if (wireType === 5) {
      pos = p1 + 4;
    } else {
      throw new WireError(`unexpected wire type ${wireType}`);
    }
  }
  if (pos !== to) throw new WireError('field past end');
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The `metadata_props` of an ONNX model as a plain object, or `null` when the bytes are
 * not a well-formed ModelProto.
 * @example
 * const meta = readOnnxMetadata(await readFile('model.onnx')); // { architecture: 'pconv-unet', … }
 */
export function readOnnxMetadata(bytes: Uint8Array): Record<string, string> | null {
  try {
    const out: Record<string, string> = {};
    let sawGraph = false;
    for (const f of fields(bytes, 0, bytes.length)) {
      if (f.number === 7 && f.wireType === 2) sawGraph = true;
      if (f.number !== 14 || f.wireType !== 2) continue;
      let key = '';
      let value = '';
      for (const g of fields(bytes, f.start, f.end)) {
        if (g.wireType !== 2) continue;
        const text = decoder.decode(bytes.subarray(g.start, g.end));
        if (g.number === 1) key = text;
        else if (g.number === 2) value = text;
      }
      out[key] = value;
    }
    return sawGraph ? out : null;
  } catch (e) {
    if (e instanceof WireError || e instanceof TypeError) return null;
    throw e;
  }
}
