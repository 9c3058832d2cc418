/** The Markdown table `inpaint eval` prints from a run's result. */
import type { EvalResult } from './eval.js';

/**
 * The table printed by `inpaint eval`: one row per bucket, per method L1 % / PSNR / SSIM /
 * sharpness / texture distance / ms, and a note when G'MIC's fills are not deterministic.
 * @example
 * console.log(formatTable(await evaluate({ images: 'eval/', perBucket: 1, seed: 0, size: 512, baselines: [], strategy: 'full' })));
 */
export function formatTable(r: EvalResult): string {
  const methods = Object.keys(r.buckets[0].methods);
  const head = `| holes | ${methods.map((m) => `${m} L1 % / PSNR / SSIM / sharpness / texture distance / ms`).join(' | ')} |`;
  const sep = `|---|${methods.map(() => '---').join('|')}|`;
  const rows = r.buckets.map((b) => `| ${b.label} | ${methods.map((m) => {
    const s = b.methods[m];
    return `${s.l1.toFixed(2)} / ${s.psnr.toFixed(2)} / ${s.ssim.toFixed(4)} / ${s.sharpness.toFixed(2)} / ${s.textureDistance.toFixed(2)} / ${s.ms.toFixed(0)}`;
  }).join(' | ')} |`);
  const notes = r.nondeterministic?.length ? ['', `${r.nondeterministic.join(', ')}: G'MIC's fills are not deterministic; another run gives other numbers.`] : [];
  return [head, sep, ...rows, ...notes].join('\n');
}
