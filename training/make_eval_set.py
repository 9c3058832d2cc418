#!/usr/bin/env python3
"""Make the 512x512 evaluation set from the fetched eval_dev originals.

Each `eval_dev` row of training/data/photos.tsv becomes one PNG named after the row's file
(`PACKAGE__original-name` with the extension `.png`): the largest centred square of the
original (offsets rounded down), resized to 512x512 with Pillow's Lanczos filter, as RGB.
The pixels are taken as stored (no EXIF rotation), as in the set the README's tables were
measured on.

Usage:
    /usr/bin/python3 training/fetch_data.py --split eval_dev --out training/cache/eval-dev-originals
    /usr/bin/python3 training/make_eval_set.py [--originals training/cache/eval-dev-originals] [--out training/cache/eval512-dev]

Needs Pillow (Debian: apt-get install python3-pil). Idempotent: every file is rewritten,
atomically (a .part file renamed into place).
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_TSV = HERE / "data" / "photos.tsv"
DEFAULT_ORIGINALS = HERE / "cache" / "eval-dev-originals"
DEFAULT_OUT = HERE / "cache" / "eval512-dev"
SIZE = 512


def eval_rows(tsv: Path) -> list[dict[str, str]]:
    """The `eval_dev` rows of the photo list, in its order."""
    with tsv.open(newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f, delimiter="\t") if r["split"] == "eval_dev"]


def output_name(file: str) -> str:
    """The evaluation file's name for a row's `file`: its stem with `.png`."""
    return Path(file).stem + ".png"


def centre_square(width: int, height: int) -> tuple[int, int, int, int]:
    """The largest centred square of a width x height image as a (left, top, right, bottom) box."""
    side = min(width, height)
    left, top = (width - side) // 2, (height - side) // 2
    return left, top, left + side, top + side


def square_image(image, size: int = SIZE):
    """A Pillow image as RGB, cropped to its centre square and resized to size x size (Lanczos)."""
    from PIL import Image

    rgb = image.convert("RGB")
    return rgb.crop(centre_square(*rgb.size)).resize((size, size), Image.LANCZOS)


def make_eval_set(rows: list[dict[str, str]], originals: Path, out: Path, size: int = SIZE) -> list[Path]:
    """Write the square PNG of every row to `out`; a missing original raises FileNotFoundError naming it and how to fetch it."""
    from PIL import Image

    missing = [r["file"] for r in rows if not (originals / r["file"]).is_file()]
    if missing:
        raise FileNotFoundError(
            f"{len(missing)} eval_dev original(s) missing in {originals} ({', '.join(missing[:3])}"
            f"{', …' if len(missing) > 3 else ''}): fetch them with /usr/bin/python3 training/fetch_data.py "
            f"--split eval_dev --out {originals}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for r in rows:
        dst = out / output_name(r["file"])
        part = dst.with_name(dst.name + ".part")
        with Image.open(originals / r["file"]) as im:
            square_image(im, size).save(part, format="PNG")
        os.replace(part, dst)
        written.append(dst)
    return written


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tsv", type=Path, default=DEFAULT_TSV)
    ap.add_argument("--originals", type=Path, default=DEFAULT_ORIGINALS)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--size", type=int, default=SIZE)
    args = ap.parse_args()
    try:
        written = make_eval_set(eval_rows(args.tsv), args.originals, args.out, args.size)
    except FileNotFoundError as e:
        print(f"make_eval_set: {e}", file=sys.stderr)
        return 1
    print(f"{len(written)} images of {args.size}x{args.size} in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
