"""Shared pieces of training and evaluation: data packs, mask banks, metrics."""
from __future__ import annotations

import csv
import json
import math
import platform
from collections import Counter
from pathlib import Path

import numpy as np

try:  # OpenCV (Debian's python3-opencv) here; a lent GPU machine may have only Pillow
    import cv2
except ImportError:  # pragma: no cover - exercised on machines without OpenCV
    cv2 = None
import torch
import torch.nn.functional as F

from texture_metrics import sharpness_ratio, texture_distance  # noqa: E402

HERE = Path(__file__).resolve().parent
CACHE = HERE / "cache"
# the 20 eval_dev photos at 512x512, made by make_eval_set.py from the fetched originals
EVAL_512 = CACHE / "eval512-dev"


# ---------------------------------------------------------------- machine
def _cpuinfo() -> str:
    try:
        return Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def processor_name(device: torch.device | str = "cpu") -> str:
    """What ran the numbers: the GPU's name on CUDA, else the CPU's model name from
    /proc/cpuinfo ("AMD EPYC", "Intel(R) Xeon(R) …"), so logs and benchmarks from
    different machines are not mistaken for one another."""
    device = torch.device(device)
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    for line in _cpuinfo().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def cpu_has_bf16_units() -> bool:
    """AMX or AVX512-BF16 (Sapphire Rapids and later, Zen 4): oneDNN runs bf16 convolutions
    on them faster than float32 (forward and backward of pconv-t-bn on 2 cores, batch 6 at
    256², channels_last: 48 against 38 images/s on a Xeon with AMX, 37 against 29 on an AMD
    EPYC with AVX512-BF16; bench_step.py)."""
    flags = _cpuinfo()
    return torch.backends.mkldnn.is_available() and ("amx_bf16" in flags or "avx512_bf16" in flags)


# ---------------------------------------------------------------- data

def read_rgb(path: Path) -> np.ndarray:
    """An image file as RGB uint8 HWC (OpenCV, else Pillow)."""
    if cv2 is not None:
        return cv2.cvtColor(cv2.imread(str(path), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    from PIL import Image
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


def load_pack(pack: Path) -> tuple[list[np.ndarray], np.ndarray, list[str]]:
    """All images of a pack as RGB uint8 arrays, with sampling weights ∝ 1/sqrt(photos in the package)."""
    with (pack / "index.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    per_pkg = Counter(r["package"] for r in rows)
    images, weights, names = [], [], []
    for r in rows:
        images.append(read_rgb(pack / r["file"]))
        weights.append(1.0 / math.sqrt(per_pkg[r["package"]]))
        names.append(r["file"])
    w = np.asarray(weights)
    return images, w / w.sum(), names


class MaskBank:
    """Bit-packed masks written by make_masks.mjs (bank-SIZE.bin), or the compressed array
    that travels to a GPU machine (bank-SIZE.npz, from compress_masks.py); 1 = hole."""

    def __init__(self, folder: Path, size: int):
        self.size = size
        npz = folder / f"bank-{size}.npz"
        if npz.exists() and not (folder / f"bank-{size}.bin").exists():
            self.packed = np.load(npz)["packed"]
        else:
            meta = json.loads((folder / f"bank-{size}.json").read_text())
            raw = np.fromfile(folder / f"bank-{size}.bin", dtype=np.uint8)
            self.packed = raw.reshape(meta["count"], size * size // 8)
        self.count = self.packed.shape[0]

    def hole(self, i: int) -> np.ndarray:
        return np.unpackbits(self.packed[i]).reshape(self.size, self.size)


def random_crop(rng: np.random.Generator, img: np.ndarray, size: int) -> np.ndarray:
    """Random scale, crop, flip, 90° turn and mild colour jitter; returns float32 HWC in [0,1]."""
    h, w = img.shape[:2]
    short = min(h, w)
    lo = min(short, int(size * 0.75))
    hi = min(short, size * 3)
    side = int(rng.integers(lo, hi + 1))
    y = int(rng.integers(0, h - side + 1))
    x = int(rng.integers(0, w - side + 1))
    crop = img[y:y + side, x:x + side]
    interp = cv2.INTER_AREA if side > size else cv2.INTER_LINEAR
    crop = cv2.resize(crop, (size, size), interpolation=interp)
    if rng.random() < 0.5:
        crop = crop[:, ::-1]
    crop = np.rot90(crop, int(rng.integers(0, 4)))
    out = crop.astype(np.float32) / 255.0
    # colour jitter: brightness, contrast, saturation within ±10 %
    b, c, s = rng.uniform(0.9, 1.1, size=3)
    gray = out.mean(axis=2, keepdims=True)
    out = gray + (out - gray) * s
    out = (out - out.mean()) * c + out.mean()
    out = out * b
    return np.clip(out, 0.0, 1.0)


def random_hole(rng: np.random.Generator, bank: MaskBank) -> np.ndarray:
    m = bank.hole(int(rng.integers(0, bank.count)))
    if rng.random() < 0.5:
        m = m[:, ::-1]
    return np.rot90(m, int(rng.integers(0, 4)))


def batch(rng, images, weights, bank, n: int, size: int) -> tuple[torch.Tensor, torch.Tensor]:
    idx = rng.choice(len(images), size=n, p=weights)
    imgs = np.stack([random_crop(rng, images[i], size) for i in idx])
    holes = np.stack([random_hole(rng, bank) for _ in range(n)]).astype(np.float32)
    image = torch.from_numpy(np.ascontiguousarray(imgs.transpose(0, 3, 1, 2)))
    valid = torch.from_numpy(np.ascontiguousarray(1.0 - holes[:, None]))
    return image, valid


# ---------------------------------------------------------------- metrics
# Same definitions as @inpaint/core's metrics: 8-bit RGB, SSIM per channel (Gaussian
# 11×11, σ = 1.5, K1 = 0.01, K2 = 0.03, L = 255, windows fully inside the image) and
# averaged over channels; L1 in % of full scale; PSNR over all channels.

def _gauss_window() -> np.ndarray:
    x = np.arange(11) - 5
    g = np.exp(-(x ** 2) / (2 * 1.5 ** 2))
    g /= g.sum()
    return np.outer(g, g)


_W = _gauss_window()


def ssim_u8(a: np.ndarray, b: np.ndarray) -> float:
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    vals = []
    for ch in range(a.shape[2]):
        x, y = a[..., ch], b[..., ch]
        f = lambda z: cv2.filter2D(z, -1, _W, borderType=cv2.BORDER_CONSTANT)[5:-5, 5:-5]
        mx, my = f(x), f(y)
        sxx = f(x * x) - mx * mx
        syy = f(y * y) - my * my
        sxy = f(x * y) - mx * my
        s = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2))
        vals.append(s.mean())
    return float(np.mean(vals))


def psnr_u8(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else float(10 * np.log10(255.0 ** 2 / mse))


def l1_u8(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(np.abs(a.astype(np.float64) - b.astype(np.float64))) / 255.0 * 100.0)


# ---------------------------------------------------------------- evaluation set

BUCKETS = [(0.01, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 0.6)]


def eval_images(folder: Path = EVAL_512) -> tuple[list[str], list[np.ndarray]]:
    """The evaluation photos (make_eval_set.py writes them) as RGB uint8 arrays, sorted by name."""
    if not folder.is_dir():
        raise FileNotFoundError(f"no evaluation set at {folder}: make it with /usr/bin/python3 training/make_eval_set.py "
                                "(after training/fetch_data.py --split eval_dev --out training/cache/eval-dev-originals)")
    names = sorted(p.name for p in folder.glob("*.png"))
    return names, [read_rgb(folder / n) for n in names]


def eval_holes(folder: Path = CACHE / "eval-masks") -> np.ndarray:
    """[images, buckets, repeats, 512, 512] uint8, 1 = hole, written by make_eval_masks.mjs."""
    meta = json.loads((folder / "eval-512.json").read_text())
    raw = np.fromfile(folder / "eval-512.bin", dtype=np.uint8)
    return np.unpackbits(raw).reshape(meta["images"], meta["buckets"], meta.get("repeats", 1), 512, 512)


@torch.no_grad()
def run_model(model, rgb: np.ndarray, hole: np.ndarray) -> np.ndarray:
    """Composite of the model's prediction into the holes, as uint8 RGB (float32, channels_last)."""
    device = next(model.parameters()).device
    img = torch.from_numpy(rgb.astype(np.float32).transpose(2, 0, 1)[None] / 255.0).to(device)
    valid = torch.from_numpy((1.0 - hole.astype(np.float32))[None, None]).to(device)
    img, valid = img.to(memory_format=torch.channels_last), valid.to(memory_format=torch.channels_last)
    out = model(img * valid, valid).float().clamp(0, 1)
    pred = (out[0].cpu().numpy().transpose(1, 2, 0) * 255.0 + 0.5).astype(np.uint8)
    return np.where(hole[..., None] > 0, pred, rgb)


SCORES = ("l1", "psnr", "ssim", "sharpness", "texture_distance")


def score_fills(fill, imgs: list[np.ndarray], holes: np.ndarray) -> np.ndarray:
    """Every eval_dev fill of one method, scored: [buckets, images × repeats, 5] with L1 %,
    PSNR (capped at 100 dB for exact fills), SSIM, the sharpness ratio and the texture
    distance (texture_metrics.py, one definition with @inpaint/core) per fill.
    fill(rgb, hole) returns the composited uint8 RGB image."""
    scores = np.zeros((holes.shape[1], len(imgs) * holes.shape[2], len(SCORES)))
    for b in range(holes.shape[1]):
        for i, rgb in enumerate(imgs):
            for r in range(holes.shape[2]):
                h = holes[i, b, r]
                out = fill(rgb, h)
                scores[b, i * holes.shape[2] + r] = (l1_u8(out, rgb), min(100.0, psnr_u8(out, rgb)), ssim_u8(out, rgb),
                                                     sharpness_ratio(out, rgb, h), texture_distance(out, rgb, h))
    return scores


def gaussian_kernel(device=None) -> torch.Tensor:
    return torch.from_numpy(_W.astype(np.float32))[None, None].to(device)


def ssim_loss(a: torch.Tensor, b: torch.Tensor, win: torch.Tensor) -> torch.Tensor:
    """1 − SSIM over [0,1] images (per channel, Gaussian 11×11). The window is separable
    (an outer product), so the five local moments go through one 11×1 and one 1×11
    depthwise convolution: same values, a third less time than the 2-D window on 2 cores."""
    n, c, h, w = a.shape
    g = win.reshape(11, 11).sum(dim=0)  # the 1-D Gaussian whose outer product is win
    z = torch.cat([a, b, a * a, b * b, a * b], dim=1)
    z = F.conv2d(z, g.view(1, 1, 11, 1).expand(5 * c, 1, 11, 1), groups=5 * c)
    z = F.conv2d(z, g.view(1, 1, 1, 11).expand(5 * c, 1, 1, 11), groups=5 * c)
    ma, mb, paa, pbb, pab = z.split(c, dim=1)
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    saa = paa - ma * ma
    sbb = pbb - mb * mb
    sab = pab - ma * mb
    s = ((2 * ma * mb + c1) * (2 * sab + c2)) / ((ma * ma + mb * mb + c1) * (saa + sbb + c2))
    return 1.0 - s.mean()
