#!/usr/bin/env python3
"""Build the training packs from the fetched originals (train rows only).

  full     longest side 1024, JPEG q95: for training on this machine's CPU (decoded
           into RAM once at start).
  compact  longest side 400, JPEG q80: under 30 MB, so it travels to a GPU machine with the
           repository (28 MB) and the mask subset (3.3 MB) within the 64 MiB that a device
           call carries (carry.sh).

Each pack is a folder of JPEGs plus index.tsv (file, package, width, height).
Usage: /usr/bin/python3 training/make_packs.py [--photos training/cache/photos]
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

import cv2

HERE = Path(__file__).resolve().parent
TSV = HERE / "data" / "photos.tsv"
PACKS = {"full": (1024, 95), "compact": (400, 80)}
COMPACT_LIMIT = 30e6  # the working tree that travels to a GPU machine holds at most 64 MiB, the repository included


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--photos", type=Path, default=HERE / "cache" / "photos")
    ap.add_argument("--out", type=Path, default=HERE / "cache")
    ap.add_argument("--only", choices=sorted(PACKS), help="build one pack")
    ap.add_argument("--limit", type=int, default=0, help="first N rows only (smoke tests)")
    args = ap.parse_args()
    with TSV.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["split"] == "train"]
    if args.limit:
        rows = rows[: args.limit]
    for name, (longest, quality) in PACKS.items():
        if args.only and name != args.only:
            continue
        out = args.out / f"pack-{name}"
        out.mkdir(parents=True, exist_ok=True)
        index = []
        total = 0
        for r in rows:
            src = args.photos / r["file"]
            img = cv2.imread(str(src), cv2.IMREAD_COLOR) if src.exists() else None
            if img is None:
                print(f"skip {r['file']}: missing or unreadable", file=sys.stderr)
                continue
            h, w = img.shape[:2]
            s = min(1.0, longest / max(h, w))
            if s < 1:
                img = cv2.resize(img, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA)
            dst = out / (Path(r["file"]).stem + ".jpg")
            ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
            assert ok
            tmp = dst.with_suffix(".part")
            tmp.write_bytes(buf.tobytes())
            os.replace(tmp, dst)
            total += len(buf)
            index.append((dst.name, r["package"], img.shape[1], img.shape[0]))
        with (out / "index.tsv").open("w", encoding="utf-8") as f:
            f.write("file\tpackage\twidth\theight\n")
            for row in index:
                f.write("\t".join(map(str, row)) + "\n")
        print(f"pack-{name}: {len(index)} images, {total / 1e6:.1f} MB")
        if name == "compact" and total > COMPACT_LIMIT:
            print(f"pack-compact is over {COMPACT_LIMIT / 1e6:.0f} MB: lower its size or quality in PACKS",
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
