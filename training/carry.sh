#!/usr/bin/env bash
# The training data that travels to a lent GPU machine, in .carry/ (ignored: add `/.carry/`
# to .git/info/exclude). The device tool's 64 MiB counts the repository (28 MB) and every
# file of what it carries, so the pack travels as one tar and the mask bank as a compressed
# subset (3000 masks): with the repository about 61 MB.
#
#   here:  bash training/carry.sh pack       (needs make_packs.py's pack-compact and make_masks.mjs's bank)
#   there: bash training/carry.sh unpack     (gpu_chunk.sh and gpu_arms.sh do this themselves)
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-$(command -v python3)}
case ${1:?pack or unpack} in
  pack)
    mkdir -p .carry
    tar cf .carry/pack-compact.tar -C training/cache pack-compact
    "$py" training/compress_masks.py --count 3000 --out .carry/masks-gpu
    du -sh .carry/* ;;
  unpack)
    if [ ! -d training/cache/pack-compact ]; then tar xf .carry/pack-compact.tar -C training/cache; fi
    mkdir -p training/cache/masks-gpu && cp .carry/masks-gpu/* training/cache/masks-gpu/ ;;
  *) echo "pack or unpack" >&2; exit 2 ;;
esac
