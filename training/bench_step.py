#!/usr/bin/env python3
"""Training-step throughput of a model configuration per memory layout and precision.

  /usr/bin/python3 training/bench_step.py [--config pconv-t-bn] [--batch 6] [--json out.json]

Times forward + L1 loss + backward + Adam on random 256² batches (no data loading, no
other losses) for contiguous/channels_last × float32/bf16 autocast, in one process, so
the ratios compare. Prints a Markdown table and, with --json, writes the numbers with the
machine and the command. Run it on an otherwise idle machine.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import platform
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import processor_name  # noqa: E402
from model import CONFIGS, build  # noqa: E402


def images_per_second(config: str, batch: int, crop: int, channels_last: bool, bf16: bool, device: torch.device,
                      steps: int) -> float:
    torch.manual_seed(0)
    layout = torch.channels_last if channels_last else torch.contiguous_format
    model = build(config).to(device).to(memory_format=layout)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    image = torch.rand(batch, 3, crop, crop, device=device).to(memory_format=layout)
    valid = (torch.rand(batch, 1, crop, crop, device=device) > 0.3).float().to(memory_format=layout)
    times = []
    for _ in range(steps + 2):  # two warm-up steps
        t0 = time.perf_counter()
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16) if bf16 else contextlib.nullcontext():
            out = model(image * valid, valid)
        loss = (out.float() - image).abs().mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if device.type == "cuda":
            torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    times = sorted(times[2:])
    return batch / times[len(times) // 2]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", default="pconv-t-bn", choices=sorted(CONFIGS))
    ap.add_argument("--batch", type=int, default=6)
    ap.add_argument("--crop", type=int, default=256)
    ap.add_argument("--steps", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    rows = []
    print(f"| {args.config}, batch {args.batch} of {args.crop}² | images/s |\n|---|---:|")
    for channels_last in (False, True):
        for bf16 in (False, True):
            rate = images_per_second(args.config, args.batch, args.crop, channels_last, bf16, device, args.steps)
            rows.append({"channels_last": channels_last, "bf16": bf16, "images_per_s": round(rate, 1)})
            print(f"| {'channels_last' if channels_last else 'contiguous'}, {'bf16 autocast' if bf16 else 'float32'} | {rate:.1f} |",
                  flush=True)
    if args.json:
        machine = {"node": platform.node(), "processor": processor_name(device),
                   "threads": torch.get_num_threads(), "device": str(device), "torch": torch.__version__}
        args.json.write_text(json.dumps({"command": " ".join(sys.argv), "machine": machine, "config": args.config,
                                         "batch": args.batch, "crop": args.crop, "results": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
