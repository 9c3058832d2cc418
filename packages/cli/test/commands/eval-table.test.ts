import test from 'ava';
import type { EvalResult } from '../../src/commands/eval.js';
import { formatTable } from '../../src/commands/eval-table.js';

const score = (l1: number, ms: number) => ({ l1, psnr: 30.123, ssim: 0.91234, sharpness: 0.876, textureDistance: 5.5, ms });
const result = (nondeterministic?: string[]): EvalResult => ({
  protocol: 'native',
  buckets: [
    { kind: 'strokes', label: 'strokes 0.02–0.05', range: [0.02, 0.05], methods: { 'model-texture': score(1.234, 12.3), 'gmic-patch': score(2, 900.6) } },
    { kind: 'objects', label: 'objects 0.03–0.08', range: [0.03, 0.08], methods: { 'model-texture': score(3.5, 20), 'gmic-patch': score(4, 1000) } },
  ],
  ...(nondeterministic ? { nondeterministic } : {}),
  command: 'inpaint eval', images: ['a.png'], size: 0, seed: 0, perBucket: 1, strategy: 'auto', model: {}, machine: { cpu: 'x', cores: 2, memoryGiB: 1, os: 'linux', node: 'v20' },
});

test('one row per bucket, a column per method: L1 % / PSNR / SSIM / sharpness / texture distance / ms', (t) => {
  const lines = formatTable(result()).split('\n');
  t.deepEqual(lines, [
    '| holes | model-texture L1 % / PSNR / SSIM / sharpness / texture distance / ms | gmic-patch L1 % / PSNR / SSIM / sharpness / texture distance / ms |',
    '|---|---|---|',
    '| strokes 0.02–0.05 | 1.23 / 30.12 / 0.9123 / 0.88 / 5.50 / 12 | 2.00 / 30.12 / 0.9123 / 0.88 / 5.50 / 901 |',
    '| objects 0.03–0.08 | 3.50 / 30.12 / 0.9123 / 0.88 / 5.50 / 20 | 4.00 / 30.12 / 0.9123 / 0.88 / 5.50 / 1000 |',
  ]);
});

test('methods that are not deterministic get a note under the table', (t) => {
  const text = formatTable(result(['gmic-patch']));
  t.true(text.endsWith('\n\ngmic-patch: G\'MIC\'s fills are not deterministic; another run gives other numbers.'), text);
});
