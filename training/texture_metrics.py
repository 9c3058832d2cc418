"""Texture metrics over hole pixels, one definition with @inpaint/core's texture-metrics.ts
(packages/test-fixtures/texture/texture-metrics.json holds numbers both must give):

- luma = 0.299 R + 0.587 G + 0.114 B in [0, 1];
- gradient magnitude = hypot of the 3x3 Sobel responses, borders mirrored without repeating
  the edge pixel (OpenCV's BORDER_REFLECT_101, numpy's pad mode 'reflect');
- sharpness_ratio: mean gradient magnitude over the hole pixels, fill / photo (1 when the
  photo is flat there);
- texture_distance: Wasserstein-1 distance between the gradient magnitudes of fill and photo
  over the hole pixels, at full scale and at half scale (2x2 box mean of luma; a half-scale
  pixel is a hole when any of its four is; an odd last row or column dropped), averaged, x 100.

numpy only, so that the unit tests run without PyTorch or OpenCV.
"""
from __future__ import annotations

import numpy as np


def luma(rgb: np.ndarray) -> np.ndarray:
    x = rgb.astype(np.float64)
    if x.ndim == 2:
        return x / 255.0
    return (0.299 * x[..., 0] + 0.587 * x[..., 1] + 0.114 * x[..., 2]) / 255.0


def sobel_magnitude(p: np.ndarray) -> np.ndarray:
    q = np.pad(p, 1, mode="reflect") if min(p.shape) > 1 else np.pad(p, 1, mode="edge")
    gx = (q[:-2, 2:] + 2 * q[1:-1, 2:] + q[2:, 2:]) - (q[:-2, :-2] + 2 * q[1:-1, :-2] + q[2:, :-2])
    gy = (q[2:, :-2] + 2 * q[2:, 1:-1] + q[2:, 2:]) - (q[:-2, :-2] + 2 * q[:-2, 1:-1] + q[:-2, 2:])
    return np.sqrt(gx * gx + gy * gy)


def _half(p: np.ndarray) -> np.ndarray:
    h, w = p.shape[0] // 2 * 2, p.shape[1] // 2 * 2
    q = p[:h, :w]
    return (q[0::2, 0::2] + q[0::2, 1::2] + q[1::2, 0::2] + q[1::2, 1::2]) / 4


def _half_mask(m: np.ndarray) -> np.ndarray:
    h, w = m.shape[0] // 2 * 2, m.shape[1] // 2 * 2
    q = m[:h, :w]
    return q[0::2, 0::2] | q[0::2, 1::2] | q[1::2, 0::2] | q[1::2, 1::2]


def wasserstein1(a: np.ndarray, b: np.ndarray) -> float:
    if a.size == 0:
        return 0.0
    return float(np.mean(np.abs(np.sort(a) - np.sort(b))))


def sharpness_ratio(fill: np.ndarray, photo: np.ndarray, hole: np.ndarray) -> float:
    m = hole > 0
    gb = sobel_magnitude(luma(photo))[m].sum()
    return float(sobel_magnitude(luma(fill))[m].sum() / gb) if gb > 0 else 1.0


def texture_distance(fill: np.ndarray, photo: np.ndarray, hole: np.ndarray) -> float:
    m = hole > 0
    a, b = luma(fill), luma(photo)
    full = wasserstein1(sobel_magnitude(a)[m], sobel_magnitude(b)[m])
    ha, hb, hm = _half(a), _half(b), _half_mask(m)
    half = wasserstein1(sobel_magnitude(ha)[hm], sobel_magnitude(hb)[hm]) if ha.size else full
    return (full + half) / 2 * 100
