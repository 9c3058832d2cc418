"""Adversarial fine-tuning without pretrained networks (issue: model v2 on a lent GPU).

- `PatchGAN`: a pix2pixHD-style discriminator: 4x4 convolutions, three stride-2 layers and
  two stride-1 layers, spectral norm on every one, LeakyReLU 0.2; input RGB plus the hole
  mask (4 channels); returns the logit map (one per ~70-pixel patch) and the features of
  every layer (for feature matching).
- `diff_augment`: DiffAugment (Zhao et al. 2020): colour (brightness, saturation, contrast),
  translation (1/8 of the side, zero padded) and cutout (a square of half the side), the
  same random draw applied to a real and a fake batch and to the mask channel, so the
  discriminator sees augmented images of both kinds (1398 photos are few: an overfitted
  discriminator teaches noise).
- Losses: the non-saturating loss with an R1 penalty (LaMa: gamma 0.001, the hole pixels of
  a fake as the fake targets, its known pixels as real) and the SN-PatchGAN hinge loss
  (DeepFill v2); for the generator, the adversarial term and an L1 feature-matching loss
  between the discriminator's features of the real photo and of the composite.

The training loop lives in train.py (`--adv r1|hinge`); this module has no state.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F


class PatchGAN(torch.nn.Module):
    def __init__(self, width: int = 64, in_channels: int = 4):
        super().__init__()
        chans = [in_channels, width, 2 * width, 4 * width, 8 * width]
        strides = [2, 2, 2, 1]
        sn = torch.nn.utils.spectral_norm
        self.body = torch.nn.ModuleList(sn(torch.nn.Conv2d(a, b, 4, s, 1)) for a, b, s in zip(chans[:-1], chans[1:], strides))
        self.head = sn(torch.nn.Conv2d(chans[-1], 1, 4, 1, 1))

    def forward(self, image: torch.Tensor, hole: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        x = torch.cat([image, hole], dim=1)
        feats = []
        for conv in self.body:
            x = F.leaky_relu(conv(x), 0.2)
            feats.append(x)
        return self.head(x), feats


def _draw(n: int, device, generator: torch.Generator | None) -> dict[str, torch.Tensor]:
    r = lambda *shape: torch.rand(*shape, generator=generator, device="cpu").to(device)  # noqa: E731
    return {"bright": r(n, 1, 1, 1) - 0.5, "sat": r(n, 1, 1, 1) * 2, "contrast": r(n, 1, 1, 1) + 0.5,
            "shift": r(n, 2), "cut": r(n, 2)}


def _colour(x: torch.Tensor, d: dict[str, torch.Tensor]) -> torch.Tensor:
    x = x + d["bright"]
    mean = x.mean(dim=1, keepdim=True)
    x = (x - mean) * d["sat"] + mean
    mean = x.mean(dim=[1, 2, 3], keepdim=True)
    return (x - mean) * d["contrast"] + mean


def _translate(x: torch.Tensor, d: dict[str, torch.Tensor], ratio: float = 0.125) -> torch.Tensor:
    n, _, h, w = x.shape
    sy = ((d["shift"][:, 0] * 2 - 1) * h * ratio).round().long()
    sx = ((d["shift"][:, 1] * 2 - 1) * w * ratio).round().long()
    ys = (torch.arange(h, device=x.device)[None, :] - sy[:, None])  # n, h: source row of each output row
    xs = (torch.arange(w, device=x.device)[None, :] - sx[:, None])
    valid = ((ys >= 0) & (ys < h))[:, None, :, None] & ((xs >= 0) & (xs < w))[:, None, None, :]
    ys, xs = ys.clamp(0, h - 1), xs.clamp(0, w - 1)
    idx = torch.arange(n, device=x.device)[:, None, None]
    out = x.permute(0, 2, 3, 1)[idx, ys[:, :, None], xs[:, None, :]].permute(0, 3, 1, 2)
    return out * valid


def _cutout(x: torch.Tensor, d: dict[str, torch.Tensor], ratio: float = 0.5) -> torch.Tensor:
    n, _, h, w = x.shape
    ch, cw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    cy = (d["cut"][:, 0] * (h + 1 - ch)).long()
    cx = (d["cut"][:, 1] * (w + 1 - cw)).long()
    rows = torch.arange(h, device=x.device)[None, :]
    cols = torch.arange(w, device=x.device)[None, :]
    inside = (((rows >= cy[:, None]) & (rows < cy[:, None] + ch))[:, None, :, None]
              & ((cols >= cx[:, None]) & (cols < cx[:, None] + cw))[:, None, None, :])
    return x * (~inside)


def diff_augment(images: list[torch.Tensor], hole: torch.Tensor, policy: str = "color,translation,cutout",
                 generator: torch.Generator | None = None) -> tuple[list[torch.Tensor], torch.Tensor]:
    """The same random colour / translation / cutout for every batch in `images` (real and
    fake) and, geometry only, for the hole mask. Differentiable in the images."""
    if not policy:
        return images, hole
    d = _draw(hole.shape[0], hole.device, generator)
    out = list(images)
    for p in policy.split(","):
        if p == "color":
            out = [_colour(x, d) for x in out]
        elif p == "translation":
            out = [_translate(x, d) for x in out]
            hole = _translate(hole, d)
        elif p == "cutout":
            out = [_cutout(x, d) for x in out]
            hole = _cutout(hole, d)
        else:
            raise ValueError(f"unknown DiffAugment policy '{p}' (known: color, translation, cutout)")
    return out, hole


def _targets(hole: torch.Tensor, logits: torch.Tensor) -> torch.Tensor:
    """The hole mask at the logit map's size: 1 where a patch judges mostly hole pixels."""
    return F.interpolate(hole, size=logits.shape[-2:], mode="area")


def _judge(disc: PatchGAN, real: torch.Tensor, fake: torch.Tensor, hole: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Real and fake logits from one forward pass (spectral norm's power iteration moves at
    every training-mode call: two calls would judge them with different weights)."""
    logits, _ = disc(torch.cat([real, fake]), torch.cat([hole, hole]))
    return logits[: real.shape[0]], logits[real.shape[0]:]


def d_loss_r1(disc: PatchGAN, real: torch.Tensor, fake: torch.Tensor, hole: torch.Tensor, gamma: float = 0.001,
              mask_as_fake_target: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """Non-saturating discriminator loss plus gamma/2 * E||grad_x D(real)||^2. With
    `mask_as_fake_target`, a fake's known pixels count as real (they are the photo's) and
    its hole pixels as fake. Returns (loss, r1 penalty)."""
    real = real.detach().requires_grad_(gamma > 0)
    real_logits, fake_logits = _judge(disc, real, fake.detach(), hole)
    loss_real = F.softplus(-real_logits).mean()
    if mask_as_fake_target:
        t = _targets(hole, fake_logits)
        loss_fake = (F.softplus(fake_logits) * t + F.softplus(-fake_logits) * (1 - t)).mean()
    else:
        loss_fake = F.softplus(fake_logits).mean()
    r1 = torch.zeros((), device=real.device)
    if gamma > 0:
        grad, = torch.autograd.grad(real_logits.sum(), real, create_graph=True)
        r1 = grad.pow(2).sum(dim=[1, 2, 3]).mean()
    return loss_real + loss_fake + gamma / 2 * r1, r1.detach()


def d_loss_hinge(disc: PatchGAN, real: torch.Tensor, fake: torch.Tensor, hole: torch.Tensor) -> torch.Tensor:
    """SN-PatchGAN's hinge loss for the discriminator."""
    real_logits, fake_logits = _judge(disc, real, fake.detach(), hole)
    return F.relu(1 - real_logits).mean() + F.relu(1 + fake_logits).mean()


def g_losses(disc: PatchGAN, real: torch.Tensor, fake: torch.Tensor, hole: torch.Tensor, kind: str = "r1") -> tuple[torch.Tensor, torch.Tensor]:
    """(adversarial, feature matching) for the generator: the non-saturating loss over the
    hole's patches ('r1') or the hinge generator loss -D(fake) ('hinge'); L1 between the
    discriminator's features of the real photo (no gradient) and of the fake."""
    logits, feats = disc(torch.cat([fake, real.detach()]), torch.cat([hole, hole]))
    n = fake.shape[0]
    fake_logits = logits[:n]
    fake_feats, real_feats = [f[:n] for f in feats], [f[n:].detach() for f in feats]
    if kind == "hinge":
        adv = -fake_logits.mean()
    else:
        t = _targets(hole, fake_logits)
        adv = (F.softplus(-fake_logits) * t).sum() / t.sum().clamp_min(1e-6)
    fm = sum((a - b).abs().mean() for a, b in zip(fake_feats, real_feats)) / len(fake_feats)
    return adv, fm
