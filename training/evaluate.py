#!/usr/bin/env python3
"""Evaluate a training run on eval_dev against OpenCV's Telea and Navier–Stokes.

  /usr/bin/python3 training/evaluate.py --run main [--json training/runs/main/eval.json]

For every eval_dev image (512×512) and each of the six buckets, the protocol's mask
(make_eval_masks.mjs: evaluationMask from @inpaint/mask-gen, seed 0); hole pixels are
zeroed before any method sees them; L1 (%), PSNR, SSIM of the composited image (the same
definitions as @inpaint/core). Also prints the run's learning curve (evals.jsonl) next to
the baselines, and how many images each method wins per bucket.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import cv2
import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BUCKETS, CACHE, HERE, SCORES, eval_holes, eval_images, run_model, score_fills  # noqa: E402
from model import build  # noqa: E402


def baseline(rgb: np.ndarray, hole: np.ndarray, flag: int) -> np.ndarray:
    bgr = cv2.cvtColor(np.where(hole[..., None] > 0, 0, rgb).astype(np.uint8), cv2.COLOR_RGB2BGR)
    out = cv2.inpaint(bgr, (hole > 0).astype(np.uint8) * 255, 3, flag)
    return cv2.cvtColor(out, cv2.COLOR_BGR2RGB)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", help="a training run (its last.pt)")
    ap.add_argument("--checkpoint", type=Path, help="or a portable checkpoint (training/checkpoints/*.pt)")
    ap.add_argument("--weights", choices=["ema", "raw"], default="ema", help="with --checkpoint: the EMA or the raw weights")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--eval-masks", type=Path, default=CACHE / "eval-masks-3",
                    help="evaluation masks; default: 3 per image and bucket (make_eval_masks.mjs --per-bucket 3)")
    args = ap.parse_args()
    torch.set_num_threads(2)
    if args.checkpoint:
        from checkpoint import load_portable
        state = load_portable(args.checkpoint)
        args.run = f"{args.checkpoint.stem} ({args.weights})"
        weights = state["ema"] if args.weights == "ema" and state.get("ema") is not None else state["model"]
    elif args.run:
        state = torch.load(HERE / "runs" / args.run / "last.pt", map_location="cpu", weights_only=False)
        weights = state["model"]
    else:
        ap.error("give --run or --checkpoint")
    net = build(state["config"]).to(memory_format=torch.channels_last)
    net.load_state_dict(weights)
    net.eval()
    names, imgs = eval_images()
    holes = eval_holes(args.eval_masks)
    repeats = holes.shape[2]
    methods = {"pconv": None, "telea": cv2.INPAINT_TELEA, "ns": cv2.INPAINT_NS}
    per = {m: np.zeros((len(BUCKETS), len(imgs) * repeats, len(SCORES))) for m in methods}
    # The baselines depend only on the photos, the masks and OpenCV: computed once per mask
    # set and kept beside the masks (they take most of an evaluation's time).
    cached = args.eval_masks / "baselines.npz"
    masks_hash = hashlib.sha256((args.eval_masks / "eval-512.bin").read_bytes()).hexdigest()
    todo = dict(methods)
    if cached.exists():
        z = np.load(cached)
        if (str(z["opencv"]) == cv2.__version__ and str(z["masks"]) == masks_hash and list(z["names"]) == list(names)
                and z["telea"].shape == per["telea"].shape):
            per["telea"], per["ns"] = z["telea"], z["ns"]
            todo = {"pconv": None}
    for m, flag in todo.items():
        fill = (lambda rgb, h: run_model(net, np.where(h[..., None] > 0, 0, rgb), h)) if flag is None else \
            (lambda rgb, h, flag=flag: baseline(rgb, h, flag))
        per[m] = score_fills(fill, imgs, holes)
    if "telea" in todo:
        np.savez(cached, telea=per["telea"], ns=per["ns"], opencv=np.array(cv2.__version__), masks=np.array(masks_hash),
                 names=np.array(names))
    res = {"run": args.run, "seen": state["seen"], "steps": state["steps"], "masks_per_bucket": repeats, "buckets": []}
    print(f"run {args.run}: {state['seen']} images seen, {state['steps']} steps")
    print(f"| holes | model L1/PSNR/SSIM/sharpness/texture | Telea | NS | model wins PSNR (of {len(imgs) * repeats}) | model wins SSIM |")
    print("|---|---|---|---|---|---|")
    for b, rng in enumerate(BUCKETS):
        row = {m: dict(zip(SCORES, map(float, per[m][b].mean(axis=0)))) for m in methods}
        best_base_psnr = np.maximum(per["telea"][b, :, 1], per["ns"][b, :, 1])
        best_base_ssim = np.maximum(per["telea"][b, :, 2], per["ns"][b, :, 2])
        wins = {"psnr": int((per["pconv"][b, :, 1] > best_base_psnr).sum()), "ssim": int((per["pconv"][b, :, 2] > best_base_ssim).sum())}
        res["buckets"].append({"range": list(rng), "methods": row, "model_wins_vs_best_baseline": wins})
        f = lambda s: f"{s['l1']:.2f} / {s['psnr']:.2f} / {s['ssim']:.4f} / {s['sharpness']:.2f} / {s['texture_distance']:.2f}"
        print(f"| {rng[0]}–{rng[1]} | {f(row['pconv'])} | {f(row['telea'])} | {f(row['ns'])} | {wins['psnr']} | {wins['ssim']} |")
    curve = HERE / "runs" / str(args.run) / "evals.jsonl"
    if curve.exists():
        print("\nlearning curve (model PSNR / SSIM per bucket):")
        for line in curve.read_text().splitlines():
            e = json.loads(line)
            print(f"{e['seen']:>7} images: " + "  ".join(f"{x['psnr']:.2f}/{x['ssim']:.4f}" for x in e["buckets"]))
    if args.json:
        args.json.write_text(json.dumps(res, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
