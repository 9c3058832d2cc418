#!/usr/bin/env python3
"""Rebuild a portable training checkpoint from an exported model (when no checkpoint survived).

  /usr/bin/python3 training/recover_checkpoint.py --onnx packages/core/models/pconv-default.onnx \\
      --out training/checkpoints/pconv-t-bn.pt

Batch norms are re-created from statistics of --batches training batches (train rows only,
never eval_dev) so that the network computes what the ONNX model computes: the script
checks it against the same weights with the batch norms folded away, and prints how far
training mode (batch statistics) is from it.
"""
from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checkpoint import _onnx_weights, from_onnx, save_portable, schedule_from_metadata  # noqa: E402
from common import CACHE, MaskBank, batch, load_pack  # noqa: E402
from model import build, fold_bn  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--onnx", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--pack", type=Path, default=CACHE / "pack-full")
    ap.add_argument("--masks", type=Path, default=CACHE / "masks")
    ap.add_argument("--batches", type=int, default=40)
    ap.add_argument("--batch", type=int, default=6)
    args = ap.parse_args()
    torch.set_num_threads(2)
    rng = np.random.default_rng(12345)
    images, weights, _ = load_pack(args.pack)
    bank = MaskBank(args.masks, 256)
    calib = [batch(rng, images, weights, bank, args.batch, 256) for _ in range(args.batches)]
    net, meta = from_onnx(args.onnx, calib)

    # check: eval mode equals the exported (folded) computation
    folded_weights, _ = _onnx_weights(args.onnx)
    plain = build(meta["variant"].removesuffix("-bn"))
    plain.load_state_dict(folded_weights)
    plain.eval()
    net.eval()
    probe = batch(rng, images, weights, bank, 4, 256)
    with torch.no_grad():
        ref = plain(probe[0] * probe[1], probe[1])
        eval_diff = (net(probe[0] * probe[1], probe[1]) - ref).abs().max().item()
        trained = copy.deepcopy(net).train()
        train_diff = (trained(probe[0] * probe[1], probe[1]) - ref).abs().mean().item()
        refolded = fold_bn(copy.deepcopy(net).eval())
        fold_diff = (refolded(probe[0] * probe[1], probe[1]) - ref).abs().max().item()
    print(f"eval mode vs exported weights: max |diff| {eval_diff:.2e}; folded again: {fold_diff:.2e}; "
          f"training mode (batch statistics): mean |diff| {train_diff:.2e}")
    if eval_diff > 1e-3 or fold_diff > 1e-3:
        print("recovered network does not match the exported model", file=sys.stderr)
        return 1
    seen = int(meta.get("training_images_seen", 0))
    steps = int(meta.get("training_steps", 0))
    wall = float(meta.get("training_wall_time_s", 0))
    schedule = schedule_from_metadata(meta)
    stored_args = {"config": meta["variant"], "crop": int(meta.get("training_resolution", 256)), "batch": 6, "lr": 2e-4,
                   "w_valid": 1.0, "w_hole": 6.0, "w_tv": 0.1, "w_ssim": 0.2, "w_style": 0.0, "seed": 0}
    note = (f"recovered from {args.onnx.name} v{meta.get('version')} (fp16 weights, batch norms re-created from "
            f"{args.batches}×{args.batch} training crops); no optimiser state, no EMA history")
    save_portable(args.out, config=meta["variant"], model=net, ema=net, seen=seen, steps=steps, wall=wall,
                  schedule=schedule, args=stored_args, note=note)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB): {seen} images, {steps} steps, "
          f"{len(schedule)} segments")
    return 0


if __name__ == "__main__":
    sys.exit(main())
