import test from 'ava';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Inpainter, MASK_CONVENTION, ModelCorruptError, ModelNotFoundError, ModelRefusedError, REQUIRED_METADATA, loadModel,
  parseModelInfo, readOnnxMetadata,
} from '../src/index.js';
import { TINY_MODEL, fixture } from './helpers.js';

const GOOD: Record<string, string> = {
  architecture: 'pconv-unet', multiple: '128', training_resolution: '256', mask_convention: '1=valid,0=hole', version: '1.0.0',
  training_data: 'photos', training_steps: '10', training_images_seen: '60',
};

test('metadata is read from the ONNX bytes', (t) => {
  const meta = readOnnxMetadata(readFileSync(TINY_MODEL));
  t.is(meta?.architecture, 'pconv-unet');
  t.is(meta?.multiple, '8');
  t.is(readOnnxMetadata(new TextEncoder().encode('not a model at all')), null);
});

test('parseModelInfo accepts the contract and refuses each missing key by name', (t) => {
  const info = parseModelInfo(GOOD);
  t.is(info.multiple, 128);
  t.is(info.trainingResolution, 256);
  for (const key of REQUIRED_METADATA) {
    const { [key]: _drop, ...rest } = GOOD;
    const err = t.throws(() => parseModelInfo(rest), { instanceOf: ModelRefusedError });
    t.is(err.key, key);
    t.regex(err.message, new RegExp(`'${key}' is missing`));
  }
});

test('a refusal says where the contract is written down, and that place exists in the package', (t) => {
  const err = t.throws(() => parseModelInfo({ ...GOOD, mask_convention: '0=valid,1=hole' }), { instanceOf: ModelRefusedError });
  t.regex(err.message, /^Model refused: unknown mask_convention .* Models must follow the model contract \(the 'Model contract' section of @inpaint\/core's README\.md\); re-export with the repository's training\/export\.py/);
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Model contract\n'));
  t.truthy(section, "README.md has a '## Model contract' section");
  for (const key of [...REQUIRED_METADATA, 'gated-unet', 'pconv-unet', MASK_CONVENTION]) t.true(section!.includes(`\`${key}\``), `the section names ${key}`);
});

test('every known architecture runs through the same contract; others are refused', (t) => {
  for (const architecture of ['pconv-unet', 'gated-unet'] as const) t.is(parseModelInfo({ ...GOOD, architecture }).architecture, architecture);
  t.throws(() => parseModelInfo({ ...GOOD, architecture: 'lama' }), { instanceOf: ModelRefusedError, message: /unknown architecture 'lama' \(known: pconv-unet, gated-unet\)/ });
});

test('unknown values are refused naming the key', (t) => {
  const cases: [string, string][] = [['architecture', 'gan-9000'], ['multiple', '96'], ['mask_convention', '0=valid,1=hole'], ['training_resolution', '4']];
  for (const [key, value] of cases) {
    const err = t.throws(() => parseModelInfo({ ...GOOD, [key]: value }), { instanceOf: ModelRefusedError });
    t.is(err.key, key);
  }
});

test('loading: a good model, a missing file, a corrupt file, no metadata, wrong inputs', async (t) => {
  const { info, session } = await loadModel(TINY_MODEL, { threads: 1 });
  t.is(info.multiple, 8);
  await session.release();
  const missing = await t.throwsAsync(loadModel('/nonexistent/model.onnx'), { instanceOf: ModelNotFoundError });
  t.regex(missing.message, /Cannot read model file \/nonexistent\/model.onnx \(ENOENT\)/);
  const dir = mkdtempSync(join(tmpdir(), 'inpaint-'));
  const corrupt = join(dir, 'corrupt.onnx');
  writeFileSync(corrupt, readFileSync(TINY_MODEL).subarray(0, 5000));
  await t.throwsAsync(loadModel(corrupt), { instanceOf: ModelCorruptError, message: /is not an ONNX model/ });
  const noMeta = await t.throwsAsync(loadModel(fixture('refused-no-metadata.onnx')), { instanceOf: ModelRefusedError });
  t.is(noMeta.key, 'architecture');
  const wrongIo = await t.throwsAsync(loadModel(fixture('refused-wrong-inputs.onnx')), { instanceOf: ModelRefusedError });
  t.is(wrongIo.key, 'input:image');
  await t.throwsAsync(loadModel(TINY_MODEL, { threads: 0 }), { message: /Expected an integer between 1 and 256 for threads but received number 0/ });
});

test('a model given as bytes works like a path', async (t) => {
  const a = await Inpainter.create({ model: readFileSync(TINY_MODEL), threads: 1 });
  t.is(a.model.version, '0.0.0-test');
  await a.dispose();
});
