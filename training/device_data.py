"""Training batches sampled on the training device (the GPU path of train.py).

The compact pack is decoded once into uint8 tensors on the device and the mask bank is
uploaded bit-packed; every batch is then cut, scaled, flipped, turned, colour-jittered and
masked there with torch ops: no CPU decode or host-to-device copy per step. The recipe is
the one of common.batch (random scale between 0.75× and 3× the crop, flips, 90° turns,
brightness / contrast / saturation ±10 %, masks flipped and turned independently); the
random stream is torch's, so batches differ from the CPU path's.

Device-agnostic: it runs on the CPU too, which is how it is tested without a GPU.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from common import MaskBank


class DeviceData:
    def __init__(self, images: list[np.ndarray], weights: np.ndarray, bank: MaskBank, device: torch.device, seed: int = 0):
        self.device = device
        self.images = [torch.from_numpy(np.ascontiguousarray(im)).to(device).permute(2, 0, 1).contiguous() for im in images]
        self.weights = torch.as_tensor(weights, dtype=torch.float64)  # sampled on the host (host_gen)
        self.masks = torch.from_numpy(bank.packed).to(device)
        self.mask_size = bank.size
        self.shifts = torch.arange(7, -1, -1, device=device, dtype=torch.uint8)
        self.gen = torch.Generator(device=device)
        self.gen.manual_seed(seed)
        # crop sizes and offsets are Python ints: drawn on the host, so no step waits on the device for them
        self.host_gen = torch.Generator()
        self.host_gen.manual_seed(seed + 1)

    def _uniform(self, n: int, lo: float, hi: float) -> torch.Tensor:
        return torch.rand(n, device=self.device, generator=self.gen) * (hi - lo) + lo

    def _int(self, lo: int, hi: int) -> int:
        """An integer in [lo, hi]."""
        return int(torch.randint(lo, hi + 1, (1,), generator=self.host_gen).item())

    def _flip_turn(self, x: torch.Tensor) -> torch.Tensor:
        n = x.shape[0]
        flip = torch.rand(n, device=self.device, generator=self.gen) < 0.5
        x = torch.where(flip.view(n, 1, 1, 1), x.flip(-1), x)
        turns = torch.randint(0, 4, (n,), generator=self.host_gen)  # on the host: no device sync per turn
        out = x.clone()
        for k in range(1, 4):
            sel = (turns == k).nonzero().flatten()
            if len(sel):
                sel = sel.to(self.device)
                out[sel] = torch.rot90(x[sel], k, dims=(2, 3))
        return out

    def batch(self, n: int, size: int) -> tuple[torch.Tensor, torch.Tensor]:
        """(image [n,3,size,size] in [0,1], valid [n,1,size,size] with 1 = keep, 0 = hole)."""
        idx = torch.multinomial(self.weights, n, replacement=True, generator=self.host_gen).tolist()
        crops = []
        for i in idx:
            img = self.images[i]
            h, w = img.shape[1:]
            short = min(h, w)
            side = self._int(min(short, int(size * 0.75)), min(short, size * 3))
            y, x = self._int(0, h - side), self._int(0, w - side)
            crop = img[:, y:y + side, x:x + side].float().div_(255.0)[None]
            mode = "area" if side > size else "bilinear"
            crops.append(F.interpolate(crop, size=(size, size), mode=mode, **({} if mode == "area" else {"align_corners": False}))[0])
        image = self._flip_turn(torch.stack(crops))
        # colour jitter: saturation, contrast, brightness within ±10 %
        s, c, b = (self._uniform(n, 0.9, 1.1).view(n, 1, 1, 1) for _ in range(3))
        gray = image.mean(dim=1, keepdim=True)
        image = gray + (image - gray) * s
        mean = image.mean(dim=(1, 2, 3), keepdim=True)
        image = ((image - mean) * c + mean) * b
        image = image.clamp_(0.0, 1.0)
        if size != self.mask_size:
            raise ValueError(f"crop {size} needs a mask bank of that size (the bank holds {self.mask_size}×{self.mask_size} masks)")
        m = torch.randint(0, self.masks.shape[0], (n,), device=self.device, generator=self.gen)
        holes = ((self.masks[m].unsqueeze(-1) >> self.shifts) & 1).view(n, 1, size, size).float()
        holes = self._flip_turn(holes)
        return image.contiguous(), (1.0 - holes).contiguous()
