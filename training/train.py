#!/usr/bin/env python3
"""Train the PConv U-Net; resumable anywhere, checkpoints every few minutes, logs JSON lines.

  /usr/bin/python3 training/train.py --run main --config pconv-t --total 60000
  /usr/bin/python3 training/train.py --run v1 --resume training/checkpoints/pconv-t-bn.pt --total 300000

Resumes from training/runs/RUN/last.pt when it exists (full float32 state with the
optimiser; arguments given on the command line override the stored ones, so a run can be
extended). Otherwise --resume starts from a portable checkpoint (checkpoint.py: fp16
weights, batch-norm statistics, EMA weights, the schedule so far), re-warming the learning
rate over --warmup images because the optimiser state is not stored. Every save also
writes the portable checkpoint to --portable (default training/checkpoints/RUN.pt), the
file to commit. The learning rate is constant until --decay-at images, then cosine-decays
to lr/10 at --total images. An exponential moving average of the weights (--ema-decay) is
kept beside them. Every --eval-every images both are scored on eval_dev (learning curve
only: the shipped checkpoint is chosen after the decay, never the best on eval_dev).
Each invocation is a segment of the checkpoint's `schedule`, which export.py writes into
the model's `training_schedule` metadata.
"""
from __future__ import annotations

import argparse
import contextlib
import copy
import json
import math
import os
import platform
import signal
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checkpoint import load_portable, save_portable  # noqa: E402
from device_data import DeviceData  # noqa: E402
from common import (BUCKETS, CACHE, HERE, MaskBank, batch, eval_holes, eval_images, gaussian_kernel,  # noqa: E402
                    cpu_has_bf16_units, load_pack, processor_name, run_model, score_fills, ssim_loss, SCORES)
from model import CONFIGS, build, param_count  # noqa: E402
from adversarial import PatchGAN, d_loss_hinge, d_loss_r1, diff_augment, g_losses  # noqa: E402


def tv_loss(comp: torch.Tensor, hole: torch.Tensor) -> torch.Tensor:
    """Total variation over the 1-pixel dilation of the holes (the paper's region P)."""
    region = F.max_pool2d(hole, 3, 1, 1)
    dh = (comp[..., :, 1:] - comp[..., :, :-1]).abs() * region[..., :, 1:] * region[..., :, :-1]
    dv = (comp[..., 1:, :] - comp[..., :-1, :]).abs() * region[..., 1:, :] * region[..., :-1, :]
    return dh.mean() + dv.mean()


class RandomFeatures(torch.nn.Module):
    """A fixed, randomly initialised 3-stage conv net: texture statistics without ImageNet weights."""

    def __init__(self, seed: int = 7):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        chans = [3, 32, 64, 96]
        self.convs = torch.nn.ModuleList()
        for a, b in zip(chans[:-1], chans[1:]):
            conv = torch.nn.Conv2d(a, b, 3, padding=1)
            with torch.no_grad():
                conv.weight.copy_(torch.randn(conv.weight.shape, generator=g) * math.sqrt(2.0 / (a * 9)))
                conv.bias.zero_()
            conv.requires_grad_(False)
            self.convs.append(conv)

    def forward(self, x):
        feats = []
        for conv in self.convs:
            x = F.relu(conv(x))
            feats.append(x)
            x = F.avg_pool2d(x, 2)
        return feats


class PatchDiscriminator(torch.nn.Module):
    """SN-PatchGAN (DeepFill v2): six spectrally normalised 5×5 stride-2 convolutions over
    image + hole mask; every output cell judges one patch. Trained with the hinge loss."""

    def __init__(self, width: int = 64):
        super().__init__()
        chans = [4, width, 2 * width, 4 * width, 4 * width, 4 * width, 4 * width]
        self.convs = torch.nn.ModuleList(torch.nn.utils.spectral_norm(torch.nn.Conv2d(a, b, 5, 2, 2)) for a, b in zip(chans[:-1], chans[1:]))

    def forward(self, image: torch.Tensor, hole: torch.Tensor) -> torch.Tensor:
        x = torch.cat([image, hole], dim=1)
        for i, conv in enumerate(self.convs):
            x = conv(x)
            if i < len(self.convs) - 1:
                x = F.leaky_relu(x, 0.2)
        return x


def gram(f: torch.Tensor) -> torch.Tensor:
    n, c, h, w = f.shape
    f = f.reshape(n, c, h * w)
    return f @ f.transpose(1, 2) / (c * h * w)


def evaluate(model, masks: Path = CACHE / "eval-masks") -> dict:
    """eval_dev scores per bucket, averaged over every image and every mask of the bucket."""
    _, imgs = eval_images()
    model.eval()
    scores = score_fills(lambda rgb, hole: run_model(model, rgb, hole), imgs, eval_holes(masks))
    model.train()
    return {"buckets": [{"range": BUCKETS[b], **dict(zip(SCORES, map(float, scores[b].mean(axis=0))))}
                        for b in range(len(BUCKETS))]}


def lr_at(args, seen: int, warm_from: int | None = None) -> float:
    """Constant, then cosine to lr/10 from decay_at to total; linear re-warm over args.warmup after a cold resume."""
    scale = 1.0
    if warm_from is not None and args.warmup > 0 and seen < warm_from + args.warmup:
        scale = max(0.01, (seen - warm_from) / args.warmup)
    if seen < args.decay_at:
        return args.lr * scale
    f = min(1.0, (seen - args.decay_at) / max(1, args.total - args.decay_at))
    return scale * args.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * f)))


def losses_text(args) -> str:
    return (f"valid {args.w_valid:g}, hole {args.w_hole:g}, tv {args.w_tv:g}, ssim {args.w_ssim:g}"
            + (f", style {args.w_style:g}" if args.w_style else "")
            + (f", adversarial {args.w_adv:g} ({ADV_NAMES[getattr(args, 'adv', 'snpatch')]})" if getattr(args, "w_adv", 0.0) else "")
            + (f", feature matching {args.w_fm:g}" if getattr(args, "w_fm", 0.0) else ""))


ADV_NAMES = {"snpatch": "SN-PatchGAN hinge", "r1": "PatchGAN, non-saturating + R1, DiffAugment", "hinge": "PatchGAN hinge, DiffAugment"}


def lr_text(args, re_warmed: bool) -> str:
    return f"{args.lr:g} to {args.decay_at}, cosine to {args.lr / 10:g} at {args.total}" + (
        f", batch {args.batch}" if args.batch != 6 else "") + (
        f" (re-warmed over {args.warmup} images)" if re_warmed and args.warmup else "")


@torch.no_grad()
def update_ema(ema, model, decay: float) -> None:
    for e, p in zip(ema.parameters(), model.parameters()):
        e.mul_(decay).add_(p.detach(), alpha=1.0 - decay)
    for e, b in zip(ema.buffers(), model.buffers()):
        e.copy_(b)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True)
    ap.add_argument("--config", default="pconv-t", choices=sorted(CONFIGS))
    ap.add_argument("--pack", type=Path, default=CACHE / "pack-full")
    ap.add_argument("--masks", type=Path, default=CACHE / "masks")
    ap.add_argument("--crop", type=int, default=256)
    ap.add_argument("--batch", type=int, default=6, help="images per step; 0 = sized to the GPU's memory")
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--total", type=int, default=60000, help="images to see in all")
    ap.add_argument("--decay-at", type=int, default=None, help="images after which the lr decays (default 0.75·total)")
    ap.add_argument("--w-valid", type=float, default=1.0)
    ap.add_argument("--w-hole", type=float, default=6.0)
    ap.add_argument("--w-tv", type=float, default=0.1)
    ap.add_argument("--w-ssim", type=float, default=1.0)
    ap.add_argument("--w-style", type=float, default=0.0)
    ap.add_argument("--w-adv", type=float, default=0.0, help="adversarial loss weight (0: off)")
    ap.add_argument("--adv", choices=["snpatch", "r1", "hinge"], default="snpatch",
                    help="snpatch: SN-PatchGAN hinge (DeepFill v2, six 5x5 layers); r1: PatchGAN (pix2pixHD, adversarial.py) with the "
                         "non-saturating loss, R1 and the hole as fake targets (LaMa); hinge: that PatchGAN with the hinge loss")
    ap.add_argument("--w-fm", type=float, default=0.0, help="discriminator feature-matching loss weight (PatchGAN arms; LaMa: 100 against a known-region L1 of 10)")
    ap.add_argument("--r1-gamma", type=float, default=0.001, help="R1 penalty weight of the r1 arm (LaMa: 0.001)")
    ap.add_argument("--diffaug", default="color,translation,cutout", help="DiffAugment policy on the discriminator's inputs (PatchGAN arms; '' = none)")
    ap.add_argument("--compile", action="store_true", help="torch.compile(mode='reduce-overhead'): CUDA graphs for the generator's step (torch 2)")
    ap.add_argument("--fused-adam", action="store_true", help="fused Adam kernels (CUDA)")
    ap.add_argument("--eval-every", type=int, default=10000)
    ap.add_argument("--eval-masks", type=Path, default=CACHE / "eval-masks",
                    help="evaluation masks (make_eval_masks.mjs; --per-bucket 3 → training/cache/eval-masks-3)")
    ap.add_argument("--ckpt-minutes", type=float, default=5.0)
    ap.add_argument("--resume", type=Path, help="portable checkpoint to start from when the run has no last.pt")
    ap.add_argument("--portable", type=Path, help="where every save also writes the portable checkpoint "
                                                   "(default training/checkpoints/RUN.pt)")
    ap.add_argument("--warmup", type=int, default=3000, help="images of linear lr warm-up after a --resume")
    ap.add_argument("--ema-decay", type=float, default=0.999)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--precision", choices=["auto", "bf16", "fp32"], default="auto",
                    help="bf16 autocast (float32 weights and losses) or plain float32; auto: bf16 on CUDA and on "
                         "CPUs with bf16 matrix units (AMX or AVX512-BF16), else fp32")
    ap.add_argument("--data", choices=["host", "device"], help="where batches are sampled (default: device on CUDA, host on the CPU)")
    ap.add_argument("--no-final-eval", action="store_true",
                    help="skip the evaluation at --total (a GPU machine has no eval_dev photos: score the checkpoint at home)")
    ap.add_argument("--max-minutes", type=float, default=0.0,
                    help="stop (with a checkpoint) after this many minutes of this invocation: chunks on a lent GPU")
    cli = ap.parse_args()
    # options spelled out on this command line override the stored ones (even when equal to a default)
    flags = {a.split("=")[0] for a in sys.argv[1:] if a.startswith("--")}
    given = {act.dest for act in ap._actions if flags & set(act.option_strings)}

    torch.set_num_threads(cli.threads)
    out = HERE / "runs" / cli.run
    out.mkdir(parents=True, exist_ok=True)
    ckpt_path = out / "last.pt"
    state = torch.load(ckpt_path, map_location="cpu", weights_only=False) if ckpt_path.exists() else None
    cold = None
    if state is None and cli.resume:
        cold = load_portable(cli.resume)
    args = cli
    stored_args = state["args"] if state else (cold["args"] if cold else None)
    if stored_args:  # stored arguments, overridden by what this command line sets
        stored = argparse.Namespace(**{**vars(cli), **stored_args})
        # a run continued from its own last.pt keeps writing the portable file it wrote before;
        # a cold start from a portable checkpoint writes only where this command line says
        for k in given | {"run", "resume"} | (set() if state else {"portable"}):
            setattr(stored, k, getattr(cli, k))
        stored.device = cli.device
        for k in ("pack", "masks", "eval_masks", "portable", "resume"):  # stored as text in checkpoints
            if isinstance(getattr(stored, k, None), str):
                setattr(stored, k, Path(getattr(stored, k)))
        args = stored
    if cold and "decay_at" not in given:
        args.decay_at = None  # a new segment decays relative to its own --total
    if args.decay_at is None:
        args.decay_at = int(args.total * 0.75)
    portable = args.portable or (HERE / "checkpoints" / f"{args.run}.pt")

    device = torch.device(args.device)
    cuda = device.type == "cuda"
    if args.batch == 0:  # 256² crops of a 4 M-parameter net: the batch is bounded by activations
        gib = torch.cuda.get_device_properties(device).total_memory / 2**30 if cuda else 0
        args.batch = 128 if gib >= 60 else 64 if gib >= 30 else 32 if cuda else 6
    if cuda:
        torch.backends.cudnn.benchmark = True
    bf16 = args.precision == "bf16" or (args.precision == "auto" and (cuda or cpu_has_bf16_units()))

    def amp() -> contextlib.AbstractContextManager:
        return torch.autocast(device_type=device.type, dtype=torch.bfloat16) if bf16 else contextlib.nullcontext()
    # channels_last helps oneDNN as much as cuDNN (2 cores, float32: 38 against 18-25 images/s; bench_step.py)
    model = build(args.config).to(device).to(memory_format=torch.channels_last)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, **({"fused": True} if args.fused_adam and cuda else {}))
    seen, steps, wall = 0, 0, 0.0
    schedule: list[dict] = []
    ema_state = None
    warm_from = None
    if state:
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        seen, steps, wall = state["seen"], state["steps"], state["wall"]
        schedule, ema_state = state.get("schedule", []), state.get("ema")
        warm_from = state.get("warm_from")
    elif cold:
        model.load_state_dict(cold["model"])
        seen, steps, wall = cold["seen"], cold["steps"], cold["wall"]
        schedule, ema_state = list(cold["schedule"]), cold.get("ema")
        warm_from = seen
    else:
        args.warmup = 0
    ema = copy.deepcopy(model)
    if ema_state is not None:
        ema.load_state_dict(ema_state)
    ema.requires_grad_(False)
    host = (f"{platform.node()} {processor_name(args.device)} {torch.get_num_threads()} threads {args.device}"
            f"{' bf16' if bf16 else ''}")
    segment = {"run": args.run, "images": [seen, seen], "losses": losses_text(args), "lr": lr_text(args, warm_from is not None and seen < warm_from + args.warmup),
               "data": args.pack.name, "hardware": host}
    if not (schedule and {k: v for k, v in schedule[-1].items() if k != "images"} == {k: v for k, v in segment.items() if k != "images"}
            and schedule[-1]["images"][1] == seen):
        schedule.append(segment)
    rng = np.random.default_rng(args.seed + steps)
    log = (out / "log.jsonl").open("a", encoding="utf-8")
    print(f"run {args.run}: {args.config}, {param_count(model) / 1e6:.2f} M params, resume at {seen} images; "
          f"loading {args.pack.name} …", flush=True)
    images, weights, _ = load_pack(args.pack)
    bank = MaskBank(args.masks, args.crop)
    on_device = (args.data or ("device" if cuda else "host")) == "device"
    device_data = DeviceData(images, weights, bank, device, seed=args.seed + steps) if on_device else None
    win = gaussian_kernel(device)
    feats = RandomFeatures().to(device) if args.w_style > 0 else None
    adv_kind = getattr(args, "adv", "snpatch")
    disc = None
    if getattr(args, "w_adv", 0.0) > 0 or getattr(args, "w_fm", 0.0) > 0:
        disc = (PatchDiscriminator() if adv_kind == "snpatch" else PatchGAN()).to(device).to(memory_format=torch.channels_last)
    forward = model
    if getattr(args, "compile", False):
        if not hasattr(torch, "compile"):
            raise SystemExit(f"--compile needs torch 2 (this is torch {torch.__version__})")
        forward = torch.compile(model, mode="reduce-overhead")
    opt_d = torch.optim.Adam(disc.parameters(), lr=args.lr, betas=(0.5, 0.999)) if disc is not None else None
    if disc is not None and state and state.get("disc"):
        disc.load_state_dict(state["disc"])
        opt_d.load_state_dict(state["opt_d"])
    print(f"{len(images)} images, {bank.count} masks; batch {args.batch}, data on the {'device' if on_device else 'host'}"
          f"{', bf16 autocast' if bf16 else ''}, channels_last; training to {args.total} images", flush=True)
    started = time.time()

    def save():
        schedule[-1]["images"][1] = seen
        stored = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
        tmp = ckpt_path.with_suffix(".tmp")
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "ema": ema.state_dict(), "seen": seen,
                    **({"disc": disc.state_dict(), "opt_d": opt_d.state_dict()} if disc is not None else {}),
                    "steps": steps, "wall": wall, "args": stored, "config": args.config, "schedule": schedule,
                    "warm_from": warm_from, "host": host}, tmp)
        os.replace(tmp, ckpt_path)
        save_portable(portable, config=args.config, model=model, ema=ema, seen=seen, steps=steps, wall=wall,
                      schedule=schedule, args=stored, note=f"train.py run {args.run}")

    last_ckpt = time.time()
    next_eval = (seen // args.eval_every + 1) * args.eval_every
    window = []
    stop_requested: list[int] = []  # SIGTERM / SIGINT: finish the step, save, exit
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, _frame: stop_requested.append(signum))
    model.train()
    while seen < args.total:
        if stop_requested:
            save()
            print(f"stopped by signal {stop_requested[0]} at {seen} images: checkpoint saved, resume with the same command", flush=True)
            return 0
        if args.max_minutes and time.time() - started > args.max_minutes * 60:
            print(f"--max-minutes {args.max_minutes} reached at {seen} images: checkpoint saved, resume with the same command", flush=True)
            break
        t0 = time.time()
        if device_data is not None:
            image, valid = device_data.batch(args.batch, args.crop)
        else:
            image, valid = batch(rng, images, weights, bank, args.batch, args.crop)
            image, valid = image.to(device), valid.to(device)
        image, valid = image.to(memory_format=torch.channels_last), valid.to(memory_format=torch.channels_last)
        for g in opt.param_groups:
            g["lr"] = lr_at(args, seen, warm_from)
        with amp():
            out_img = forward(image * valid, valid)
        out_img = out_img.float()  # losses in float32
        hole = 1.0 - valid
        comp = out_img * hole + image * valid
        l_valid = (valid * (out_img - image)).abs().mean()
        l_hole = (hole * (out_img - image)).abs().mean()
        l_tv = tv_loss(comp, hole)
        loss = args.w_valid * l_valid + args.w_hole * l_hole + args.w_tv * l_tv
        l_ssim = ssim_loss(comp.clamp(0, 1), image, win) if args.w_ssim > 0 else torch.zeros(())
        loss = loss + args.w_ssim * l_ssim
        l_style = torch.zeros(())
        if feats is not None:
            fg = feats(image)
            for fo, fc, ft in zip(feats(out_img), feats(comp), fg):
                gt = gram(ft)
                l_style = l_style + (gram(fo) - gt).abs().mean() + (gram(fc) - gt).abs().mean()
            loss = loss + args.w_style * l_style
        l_adv = torch.zeros(())
        l_fm = torch.zeros(())
        if disc is not None and adv_kind == "snpatch":
            # discriminator step on the real photo and the (detached) composite, hinge loss
            opt_d.zero_grad(set_to_none=True)
            with amp():
                real, fake = disc(image, hole).float(), disc(comp.detach(), hole).float()
            loss_d = F.relu(1.0 - real).mean() + F.relu(1.0 + fake).mean()
            loss_d.backward()
            opt_d.step()
            with amp():
                l_adv = -disc(comp, hole).float().mean()
            loss = loss + args.w_adv * l_adv
        elif disc is not None:
            # PatchGAN arms: both players see the same DiffAugment draw of the photo and the composite
            (real_a, fake_a), hole_a = diff_augment([image, comp], hole, args.diffaug)
            opt_d.zero_grad(set_to_none=True)
            loss_d = d_loss_r1(disc, real_a, fake_a, hole_a, args.r1_gamma)[0] if adv_kind == "r1" else d_loss_hinge(disc, real_a, fake_a, hole_a)
            loss_d.backward()
            opt_d.step()
            l_adv, l_fm = g_losses(disc, real_a, fake_a, hole_a, kind="hinge" if adv_kind == "hinge" else "r1")
            loss = loss + args.w_adv * l_adv + args.w_fm * l_fm
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        update_ema(ema, model, args.ema_decay)
        seen += args.batch
        steps += 1
        dt = time.time() - t0
        wall += dt
        window.append(dt)
        if steps % 25 == 0:
            rate = args.batch * len(window) / sum(window)
            window = []
            rec = {"step": steps, "seen": seen, "lr": lr_at(args, seen, warm_from), "loss": loss.item(), "valid": l_valid.item(),
                   "hole": l_hole.item(), "tv": l_tv.item(), "ssim": l_ssim.item(), "style": l_style.item(), "adv": l_adv.item(), "fm": l_fm.item(),
                   "img_s": round(rate, 2), "wall_s": round(wall)}
            log.write(json.dumps(rec) + "\n")
            log.flush()
            eta = (args.total - seen) / rate / 60
            print(f"step {steps} seen {seen}/{args.total} loss {loss.item():.4f} hole {l_hole.item():.4f} "
                  f"ssim {l_ssim.item():.4f} {rate:.1f} img/s, eta {eta:.0f} min", flush=True)
        if time.time() - last_ckpt > args.ckpt_minutes * 60:
            save()
            last_ckpt = time.time()
        if seen >= next_eval:
            save()
            record_eval(out, model, ema, seen, steps, wall, masks=args.eval_masks)
            next_eval += args.eval_every
    save()
    if seen >= args.total and not cli.no_final_eval:
        record_eval(out, model, ema, seen, steps, wall, final=True, masks=args.eval_masks)
    print("done", seen, flush=True)
    return 0


def record_eval(out: Path, model, ema, seen: int, steps: int, wall: float, final: bool = False, masks: Path = CACHE / "eval-masks") -> None:
    """Score the raw and the EMA weights on eval_dev and append both to evals.jsonl."""
    for name, net in (("raw", model), ("ema", ema)):
        ev = evaluate(net, Path(masks))
        ev.update({"weights": name, "seen": seen, "steps": steps, "wall_s": round(wall), **({"final": True} if final else {})})
        (out / "evals.jsonl").open("a", encoding="utf-8").write(json.dumps(ev) + "\n")
        print("eval", name, seen, " ".join(f"{b['range'][1]}: {b['psnr']:.2f}/{b['ssim']:.4f}/{b['sharpness']:.2f}"
                                            for b in ev["buckets"]), flush=True)


if __name__ == "__main__":
    sys.exit(main())
