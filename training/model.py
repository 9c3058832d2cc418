"""Partial-Convolution U-Net (Liu et al., ECCV 2018), scaled to our compute.

Every layer is a partial convolution: W^T (X ⊙ M) · sum(1)/sum(M) + b where sum(M) > 0,
else 0, and the updated mask is 1 where sum(M) > 0. Masks are carried as one channel
per *group* of feature channels: in the encoder one group, in the decoder two (the
upsampled features and the skip features, each with its own mask, exactly as the paper's
concatenation of features and masks). With groups g of c_g channels and a k×k kernel:

    sum(1) = k² Σ c_g,     sum(M) = Σ c_g · conv(m_g, ones(k×k))

which equals the paper's per-channel rule for masks that are constant across a group's
channels (they always are: the image mask is one channel broadcast over RGB).

Encoder: stride-2 partial convolutions with kernels 7, 5, 5, 3, 3, …, ReLU.
Decoder: nearest-neighbour 2× upsampling of features and mask, skip concatenation,
3×3 partial convolution, LeakyReLU(0.2); the last layer sees the input image and mask
and has no activation. No normalisation layer: batch statistics over holes are
unreliable at the small batches we can afford, and nothing needs folding on export.
"""
from __future__ import annotations

import contextlib

import torch
import torch.nn as nn
import torch.nn.functional as F


def full_precision(x: torch.Tensor) -> contextlib.AbstractContextManager:
    """Mask sums and renormalisation ratios in float32 even under bf16 autocast: the
    ratio multiplies every output, and bf16's 8-bit mantissa would add up to 0.4 % noise
    that inference (float32 in onnxruntime) does not have."""
    on = torch.is_autocast_enabled() if x.is_cuda else torch.is_autocast_cpu_enabled()
    return torch.autocast(device_type=x.device.type, enabled=False) if on else contextlib.nullcontext()


class PartialConv(nn.Module):
    def __init__(self, group_channels: list[int], cout: int, k: int, stride: int, bn: bool = False):
        super().__init__()
        self.groups = list(group_channels)
        self.k = k
        self.stride = stride
        self.conv = nn.Conv2d(sum(group_channels), cout, k, stride, padding=k // 2, bias=False)
        self.bias = nn.Parameter(torch.zeros(cout))
        # Batch norm after the partial convolution, then masked again: the next layer masks
        # its input anyway, so this changes nothing downstream, and it folds exactly into
        # W and b at export (see fold_bn), keeping the exported layer a plain partial conv.
        self.bn = nn.BatchNorm2d(cout) if bn else None
        self.register_buffer("ones", torch.ones(1, 1, k, k), persistent=False)
        nn.init.kaiming_normal_(self.conv.weight, a=0.2, nonlinearity="leaky_relu")

    @torch.no_grad()
    def fold_bn(self) -> None:
        """Fold the (eval-mode) batch norm into the convolution weights and bias."""
        if self.bn is None:
            return
        scale = self.bn.weight / torch.sqrt(self.bn.running_var + self.bn.eps)
        self.conv.weight.mul_(scale.view(-1, 1, 1, 1))
        self.bias.copy_((self.bias - self.bn.running_mean) * scale + self.bn.bias)
        self.bn = None

    def forward(self, xs: list[torch.Tensor], ms: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
        x = torch.cat([xi * mi for xi, mi in zip(xs, ms)], dim=1) if len(xs) > 1 else xs[0] * ms[0]
        with torch.no_grad(), full_precision(x):
            msum = None
            for c, m in zip(self.groups, ms):
                s = F.conv2d(m.float(), self.ones, stride=self.stride, padding=self.k // 2) * c
                msum = s if msum is None else msum + s
            total = float(self.k * self.k * sum(self.groups))
            valid = (msum > 0).float()
            ratio = total / msum.clamp(min=1.0) * valid
        out = self.conv(x) * ratio + self.bias.view(1, -1, 1, 1) * valid
        if self.bn is not None:
            out = self.bn(out) * valid
        return out, valid


class PConvUNet(nn.Module):
    def __init__(self, widths: list[int], kernels: list[int] | None = None, dec_widths: list[int] | None = None, bn: bool = False):
        super().__init__()
        depth = len(widths)
        kernels = kernels or ([7, 5, 5] + [3] * max(0, depth - 3))[:depth]
        # decoder layer i (from the bottom) outputs dec_widths[i]; default mirrors the encoder
        dec_widths = dec_widths or widths[:-1][::-1]
        assert len(dec_widths) == depth - 1
        self.widths, self.kernels, self.dec_widths = widths, kernels, dec_widths
        self.depth = depth
        self.enc = nn.ModuleList()
        cin = 3
        for i, (w, k) in enumerate(zip(widths, kernels)):
            self.enc.append(PartialConv([cin], w, k, 2, bn=bn and i > 0))  # no BN on the first layer (paper)
            cin = w
        self.dec = nn.ModuleList()
        skips = ([3] + widths)[:-1][::-1]  # skip channels seen by each decoder layer, bottom first
        outs = dec_widths + [3]
        for i, (skip, cout) in enumerate(zip(skips, outs)):
            self.dec.append(PartialConv([cin, skip], cout, 3, 1, bn=bn and i < len(outs) - 1))  # none on the last
            cin = cout

    @property
    def multiple(self) -> int:
        return 2 ** self.depth

    def forward(self, image: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        feats, masks = [image], [mask]
        x, m = image, mask
        for layer in self.enc:
            x, m = layer([x], [m])
            x = F.relu(x)
            feats.append(x)
            masks.append(m)
        for i, layer in enumerate(self.dec):
            skip_x, skip_m = feats[-2 - i], masks[-2 - i]
            x = F.interpolate(x, scale_factor=2, mode="nearest")
            m = F.interpolate(m, scale_factor=2, mode="nearest")
            x, m = layer([x, skip_x], [m, skip_m])
            if i < len(self.dec) - 1:
                x = F.leaky_relu(x, 0.2)
        return x


class GatedConv(nn.Module):
    """DeepFill v2 gated convolution: a feature branch times the sigmoid of a gating branch
    (one convolution with twice the outputs, split), batch norm on the features."""

    def __init__(self, cin: int, cout: int, k: int, stride: int, bn: bool, act: bool):
        super().__init__()
        self.conv = nn.Conv2d(cin, 2 * cout, k, stride, padding=k // 2)
        self.bn = nn.BatchNorm2d(cout) if bn else None
        self.act = act
        nn.init.kaiming_normal_(self.conv.weight, a=0.2, nonlinearity="leaky_relu")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        feat, gate = self.conv(x).chunk(2, dim=1)
        if self.bn is not None:
            feat = self.bn(feat)
        if self.act:
            feat = F.leaky_relu(feat, 0.2)
        return feat * torch.sigmoid(gate)


class GatedUNet(nn.Module):
    """The same U-Net shape with gated convolutions in every layer (the PConv-versus-gated
    comparison the literature makes). The mask enters as a fourth input channel (1 = hole);
    no renormalisation: the gates learn what to trust. Same ONNX contract as PConvUNet."""

    def __init__(self, widths: list[int], dec_widths: list[int]):
        super().__init__()
        depth = len(widths)
        kernels = ([7, 5, 5] + [3] * max(0, depth - 3))[:depth]
        self.widths, self.dec_widths, self.depth = widths, dec_widths, depth
        self.enc = nn.ModuleList()
        cin = 4
        for i, (w, k) in enumerate(zip(widths, kernels)):
            self.enc.append(GatedConv(cin, w, k, 2, bn=i > 0, act=True))
            cin = w
        skips = ([4] + widths)[:-1][::-1]
        self.dec = nn.ModuleList()
        for i, (skip, cout) in enumerate(zip(skips, dec_widths + [3])):
            last = i == len(dec_widths)
            self.dec.append(GatedConv(cin + skip, cout, 3, 1, bn=not last, act=not last))
            cin = cout

    @property
    def multiple(self) -> int:
        return 2 ** self.depth

    def forward(self, image: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        x = torch.cat([image * mask, 1.0 - mask], dim=1)
        feats = [x]
        for layer in self.enc:
            x = layer(x)
            feats.append(x)
        for i, layer in enumerate(self.dec):
            x = F.interpolate(x, scale_factor=2, mode="nearest")
            x = layer(torch.cat([x, feats[-2 - i]], dim=1))
        return x


CONFIGS = {
    "pconv-t": ([16, 32, 64, 128, 256, 256, 256], [256, 192, 96, 48, 24, 16]),
    # the same with batch norm (paper placement), folded away at export
    "pconv-t-bn": ([16, 32, 64, 128, 256, 256, 256], [256, 192, 96, 48, 24, 16]),
    # name: (encoder widths, decoder widths bottom-up)
    "pconv-s": ([32, 64, 128, 192, 256, 256, 256], [256, 256, 192, 96, 48, 24]),
    "pconv-xs": ([24, 48, 96, 192, 256, 256, 256], [256, 256, 128, 64, 32, 16]),
    # the "large" arm: wider where the resolution is high (≤ 400 ms per 512² on 2 cores allowed)
    "pconv-l-bn": ([32, 64, 128, 256, 384, 384, 384], [384, 384, 256, 128, 64, 32]),
    # the gated-convolution arm, at pconv-t's widths
    "gated-t": ([16, 32, 64, 128, 256, 256, 256], [256, 192, 96, 48, 24, 16]),
}

ARCHITECTURES = {"pconv": "pconv-unet", "gated": "gated-unet"}


def architecture_of(name: str) -> str:
    """The ONNX metadata `architecture` of a config (what @inpaint/core checks)."""
    return ARCHITECTURES["gated" if name.startswith("gated") else "pconv"]


def build(name: str) -> nn.Module:
    enc, dec = CONFIGS[name]
    if name.startswith("gated"):
        return GatedUNet(enc, dec)
    return PConvUNet(enc, dec_widths=dec, bn=name.endswith("-bn"))


def fold_bn(model: nn.Module) -> nn.Module:
    """Fold every batch norm into its partial convolution (model must be in eval mode);
    a gated U-Net keeps its batch norms (the exported graph runs them in eval mode)."""
    if isinstance(model, PConvUNet):
        for layer in list(model.enc) + list(model.dec):
            layer.fold_bn()
    return model


def param_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
