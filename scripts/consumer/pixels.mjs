// Shared by the consumer scripts: compare an in-painted output with its input, hole by hole.
import sharp from 'sharp';

/** Decode to 8-bit RGB raw pixels. */
export async function rgb(input) {
  const { data, info } = await sharp(input).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Pixels inside and outside the mask's holes that differ between input and output, and their
 * mean absolute difference. `exact`: every pixel outside the holes must be identical.
 */
export async function compareHoles(inputPath, maskPath, output, { exact }) {
  const a = await rgb(inputPath);
  const b = await rgb(output);
  if (a.width !== b.width || a.height !== b.height) throw new Error(`${output}: ${b.width}×${b.height}, expected ${a.width}×${a.height}`);
  const m = await sharp(maskPath).resize(a.width, a.height, { fit: 'fill', kernel: 'nearest' }).greyscale().raw().toBuffer();
  let inside = 0, outside = 0, dIn = 0, dOut = 0, changedOut = 0;
  for (let p = 0; p < m.length; p++) {
    let d = 0;
    for (let c = 0; c < 3; c++) d += Math.abs(a.data[p * 3 + c] - b.data[p * 3 + c]);
    if (m[p] >= 128) { inside++; dIn += d; } else { outside++; dOut += d; if (d) changedOut++; }
  }
  const res = { inside, outside, meanIn: dIn / inside / 3, meanOut: dOut / outside / 3, changedOut };
  if (inside === 0) throw new Error(`${maskPath} has no hole`);
  if (exact && changedOut) throw new Error(`${output}: ${changedOut} pixels outside the holes changed`);
  if (!(res.meanIn > 2 * res.meanOut + 1)) throw new Error(`${output}: the holes were not filled (mean |diff| inside ${res.meanIn.toFixed(2)}, outside ${res.meanOut.toFixed(2)})`);
  return res;
}
