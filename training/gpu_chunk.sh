#!/usr/bin/env bash
# One chunk of training on a lent GPU machine (the device tool's command runs this in the
# repository root; at most 10 minutes a call). Resumes from the committed portable checkpoint
# and writes the new one to $OUT, to be copied back to training/checkpoints/ and committed.
#
#   carry: training/cache/pack-compact training/cache/masks-gpu
#   command: bash training/gpu_chunk.sh v1 600000 520000 7
#
# Make the carried data here first: make_packs.py (pack-compact, 40.7 MB) and
# compress_masks.py --count 6000 (masks-gpu, 5.6 MB); together under the 64 MiB carry limit.
set -euo pipefail
run=${1:-v1}; total=${2:-600000}; decay=${3:-520000}; minutes=${4:-7}
out=${OUT:-training/cache/out}
py=$(command -v python3)
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
"$py" -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
mkdir -p "$out" "training/runs/$run"
ckpt=training/checkpoints/pconv-t-bn.pt
# the whole chunk's log goes back with the checkpoint; images/s are in log.jsonl
"$py" training/train.py --run "$run" --resume "$ckpt" --portable "$out/pconv-t-bn.pt" \
  --pack training/cache/pack-compact --masks training/cache/masks-gpu --batch 0 --data device \
  --total "$total" --decay-at "$decay" --eval-every 100000000 --max-minutes "$minutes" --threads 8 \
  2>&1 | tee "$out/stdout.log"
cp "training/runs/$run/log.jsonl" "$out/log.jsonl"
