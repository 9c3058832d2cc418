#!/usr/bin/env python3
"""Write a compressed subset of the training mask bank, small enough to travel to a GPU
machine with the compact pack (the working tree that travels holds at most 64 MiB).

  /usr/bin/python3 training/compress_masks.py [--count 3000] [--out training/cache/masks-gpu]

Takes a seeded random subset of bank-256.bin (not every k-th mask: the bank cycles through
its six buckets and four kinds, so a stride of 4 or 6 would keep one kind or a few buckets),
and stores the bit-packed rows with np.savez_compressed (bank-256.npz).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, MaskBank  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--masks", type=Path, default=CACHE / "masks")
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--out", type=Path, default=CACHE / "masks-gpu")
    args = ap.parse_args()
    bank = MaskBank(args.masks, args.size)
    pick = np.sort(np.random.default_rng(0).choice(bank.count, size=min(args.count, bank.count), replace=False))
    packed = np.ascontiguousarray(bank.packed[pick])
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / f"bank-{args.size}.npz", packed=packed)
    size = (args.out / f"bank-{args.size}.npz").stat().st_size
    print(f"wrote {args.out / f'bank-{args.size}.npz'}: {packed.shape[0]} masks, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
