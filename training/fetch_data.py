#!/usr/bin/env python3
"""Fetch the photos of training/data/photos.tsv (the list and its columns: data/README.md) from Debian packages.

For every package that holds at least one row of the wanted split, run
`apt-get download PACKAGE=VERSION` (falling back to the candidate version when that
exact version is gone), `dpkg -x` it into a scratch folder, copy the `src=` files out
under the name of the `file` column, and delete the .deb and the scratch folder at once,
so that at most one package's worth of disk is in use at a time.

Usage:
    /usr/bin/python3 training/fetch_data.py [--split train] [--out training/cache/photos] [--packages a,b]

Photos inside containers are extracted (see containers.py): files in Qt resource archives
(`src=archive.rcc:/inner/path`), JPEG streams carved from Edje containers at the byte offset
the notes give, and scipy's raw face.dat (saved as PNG). Their decoded size is checked
against the row's width and height.

Idempotent: files already present are skipped, so an interrupted run resumes.
Writes `fetch_report.tsv` in the output folder: one line per row, ok or the reason.
"""
from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from containers import ContainerError, carve_jpeg, decode_face_dat, jpeg_offset, read_rcc  # noqa: E402

DEFAULT_TSV = HERE / "data" / "photos.tsv"


def read_rows(tsv: Path, split: str) -> list[dict[str, str]]:
    with tsv.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [r for r in rows if r["split"] == split]


def src_path(row: dict[str, str]) -> str:
    for part in row["notes"].split(";"):
        part = part.strip()
        if part.startswith("src="):
            return part[4:]
    raise ValueError(f"row {row['file']} has no src= in its notes")


def download(package: str, version: str, workdir: Path) -> Path:
    for spec in (f"{package}={version}", package):
        res = subprocess.run(["apt-get", "download", "-q", spec], cwd=workdir,
                             capture_output=True, text=True)
        if res.returncode == 0:
            debs = sorted(workdir.glob("*.deb"))
            if debs:
                return debs[0]
    raise RuntimeError(f"apt-get download {package} failed: {res.stderr.strip()[-300:]}")


def resolve(root: Path, path: str) -> Path:
    """`path` inside the extracted package, following one level of symlink."""
    src = root / path.lstrip("/")
    if src.is_symlink():
        target = os.readlink(src)
        src = (src.parent / target) if not target.startswith("/") else root / target.lstrip("/")
    return src


def materialise(row: dict[str, str], root: Path) -> bytes:
    """The bytes of a row's photo from its extracted package (missing → FileNotFoundError)."""
    path = src_path(row)
    archive, _, inner = path.partition(".rcc:")
    if inner:
        src = resolve(root, archive + ".rcc")
        if not src.is_file():
            raise FileNotFoundError(path)
        return read_rcc(src.read_bytes(), inner)
    src = resolve(root, path)
    if not src.is_file():
        raise FileNotFoundError(path)
    blob = src.read_bytes()
    offset = jpeg_offset(row["notes"])
    if offset is not None:
        return carve_jpeg(blob, offset)
    if path.endswith("/face.dat"):
        return decode_face_dat(blob)
    return blob


def in_container(row: dict[str, str]) -> bool:
    path = src_path(row)
    return ".rcc:" in path or jpeg_offset(row["notes"]) is not None or path.endswith("/face.dat")


def check_size(row: dict[str, str], data: bytes) -> None:
    """An extracted photo must decode to the size its row gives."""
    import cv2
    import numpy as np

    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if img is None:
        raise ContainerError("extracted bytes do not decode as an image")
    if (img.shape[1], img.shape[0]) != (int(row["width"]), int(row["height"])):
        raise ContainerError(f"extracted image is {img.shape[1]}x{img.shape[0]}, the row says "
                             f"{row['width']}x{row['height']}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tsv", type=Path, default=DEFAULT_TSV)
    ap.add_argument("--split", default="train")
    ap.add_argument("--out", type=Path, default=HERE / "cache" / "photos")
    ap.add_argument("--packages", default="", help="comma-separated: only rows of these packages (a small tuning set)")
    args = ap.parse_args()

    rows = read_rows(args.tsv, args.split)
    if args.packages:
        wanted = set(args.packages.split(","))
        rows = [r for r in rows if r["package"] in wanted]
    args.out.mkdir(parents=True, exist_ok=True)
    by_package: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_package[r["package"]].append(r)

    report: dict[str, str] = {}
    started = time.time()
    for i, (package, prow) in enumerate(sorted(by_package.items()), 1):
        todo = [r for r in prow if not (args.out / r["file"]).exists()]
        for r in prow:
            if r not in todo:
                report[r["file"]] = "ok (cached)"
        if not todo:
            continue
        with tempfile.TemporaryDirectory(prefix="fetch-", dir=args.out.parent) as tmp:
            work = Path(tmp)
            try:
                deb = download(package, prow[0]["package_version"], work)
                root = work / "root"
                subprocess.run(["dpkg", "-x", str(deb), str(root)], check=True, capture_output=True)
                deb.unlink()
                for r in todo:
                    try:
                        data = materialise(r, root)
                        if in_container(r):
                            check_size(r, data)
                    except FileNotFoundError:
                        report[r["file"]] = f"missing in package: {src_path(r)}"
                        continue
                    except ContainerError as e:
                        report[r["file"]] = f"bad container: {e}"
                        continue
                    tmp_dst = args.out / (r["file"] + ".part")
                    tmp_dst.write_bytes(data)
                    os.replace(tmp_dst, args.out / r["file"])
                    report[r["file"]] = "ok"
            except Exception as e:  # one bad package must not stop the others
                for r in todo:
                    report.setdefault(r["file"], f"error: {e}")
        done = sum(1 for v in report.values() if v.startswith("ok"))
        print(f"[{i}/{len(by_package)}] {package}: {len(todo)} files; {done}/{len(rows)} ok; "
              f"{time.time() - started:.0f}s", flush=True)

    with (args.out / "fetch_report.tsv").open("w", encoding="utf-8") as f:
        for name in sorted(report):
            f.write(f"{name}\t{report[name]}\n")
    bad = [k for k, v in report.items() if not v.startswith("ok")]
    print(f"done: {len(rows) - len(bad)}/{len(rows)} files in {args.out}; {len(bad)} failed", flush=True)
    return 0 if not bad else 1


if __name__ == "__main__":
    sys.exit(main())
