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

import torch
import torch.nn as nn
import torch.nn.functional as F


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
        with torch.no_grad():
            msum = None
            for c, m in zip(self.groups, ms):
                s = F.conv2d(m, self.ones, stride=self.stride, padding=self.k // 2) * c
                msum = s if msum is None else msum + s
            total = float(self.k * self.k * sum(self.groups))
            valid = (msum > 0).to(x.dtype)
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


CONFIGS = {
    "pconv-t": ([16, 32, 64, 128, 256, 256, 256], [256, 192, 96, 48, 24, 16]),
    # the same with batch norm (paper placement), folded away at export
    "pconv-t-bn": ([16, 32, 64, 128, 256, 256, 256], [256, 192, 96, 48, 24, 16]),
    # name: (encoder widths, decoder widths bottom-up)
    "pconv-s": ([32, 64, 128, 192, 256, 256, 256], [256, 256, 192, 96, 48, 24]),
    "pconv-xs": ([24, 48, 96, 192, 256, 256, 256], [256, 256, 128, 64, 32, 16]),
}


def build(name: str) -> PConvUNet:
    enc, dec = CONFIGS[name]
    return PConvUNet(enc, dec_widths=dec, bn=name.endswith("-bn"))


def fold_bn(model: PConvUNet) -> PConvUNet:
    """Fold every batch norm into its partial convolution (model must be in eval mode)."""
    for layer in list(model.enc) + list(model.dec):
        layer.fold_bn()
    return model


def param_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
