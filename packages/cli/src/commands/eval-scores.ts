/**
 * The numbers of `inpaint eval`: per fill, L1 (%), PSNR and SSIM of the composited image
 * against the original, sharpness ratio and texture distance over the hole pixels, and the
 * time; their means per bucket and method.
 */
import type { RawImage } from '@inpaint/core';
import { l1, psnr, sharpnessRatio, ssim, textureDistance } from '@inpaint/core';
import type { Mask } from '@inpaint/mask-gen';

/** PSNR of an exact reconstruction is infinite; it is counted as 100 dB so that averages and JSON stay finite. */
export const PSNR_CAP = 100;

export interface MethodScore { l1: number; psnr: number; ssim: number; sharpness: number; textureDistance: number; ms: number }

const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;

/**
 * The running sums of one method in one bucket: add each fill, read the means.
 * @example
 * const totals = new ScoreTotals();
 * totals.add(fill, original, mask, 12.5);
 * const { psnr } = totals.mean();
 */
export class ScoreTotals {
  private readonly sum = { l1: 0, psnr: 0, ssim: 0, sharpness: 0, textureDistance: 0, ms: 0 };
  private n = 0;

  /** Score one fill of `mask`'s holes against the original `gt`, which took `ms`. */
  add(out: RawImage, gt: RawImage, mask: Mask, ms: number): void {
    const s = this.sum;
    s.l1 += l1(out, gt); s.psnr += Math.min(PSNR_CAP, psnr(out, gt)); s.ssim += ssim(out, gt);
    s.sharpness += sharpnessRatio(out, gt, { mask }); s.textureDistance += textureDistance(out, gt, { mask });
    s.ms += ms; this.n++;
  }

  /** The means so far: scores to 4 decimals, ms to 1 (NaN before the first fill). */
  mean(): MethodScore {
    const s = this.sum, n = this.n;
    return { l1: round(s.l1 / n), psnr: round(s.psnr / n), ssim: round(s.ssim / n), sharpness: round(s.sharpness / n), textureDistance: round(s.textureDistance / n), ms: round(s.ms / n, 1) };
  }
}

