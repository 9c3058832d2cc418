#!/usr/bin/env bash
# The from-scratch model arms at equal compute on a lent GPU machine: each arm trains for the
# same MINUTES on the same GPU with the main line's losses, batch and learning rate, one after
# the other, and its EMA weights come back through $OUT to be scored at home (evaluate.py
# --checkpoint F --weights ema), where the eval_dev photos and OpenCV baselines are.
#
#   here, once: bash training/carry.sh pack
#   carry: .carry
#   command: bash training/gpu_arms.sh 2.6 32 4e-4 base large gated
#
#   base   pconv-t-bn (the default's architecture, 4.05 M parameters)
#   large  pconv-l-bn (11.5 M, 126 ms per 512² on 2 cores)
#   gated  gated-t (DeepFill v2 gating in every layer, 8.1 M)
# Only the EMA weights travel back (the raw ones would take the large arm over the 64 MB that
# $OUT returns); a file over 15 MB is split into parts: `cat F.part-* > F` at home.
set -euo pipefail
minutes=${1:?minutes per arm}; batch=${2:-32}; lr=${3:-4e-4}; shift 3 || true
arms=${*:-base large gated}
out=${OUT:-training/cache/out}
py=${PYTHON:-$(command -v python3)}
export PYTHONUNBUFFERED=1
bash training/carry.sh unpack
mkdir -p "$out"
declare -A config=([base]=pconv-t-bn [large]=pconv-l-bn [gated]=gated-t)
for arm in $arms; do
  run="gpu-arm-$arm"; mkdir -p "training/runs/$run"
  "$py" training/train.py --run "$run" --config "${config[$arm]}" --w-ssim 0.2 --batch "$batch" --lr "$lr" \
    --total 1000000000 --decay-at 1000000000 --eval-every 1000000000 --max-minutes "$minutes" --threads 4 \
    --pack training/cache/pack-compact --masks training/cache/masks-gpu --data device --no-final-eval \
    --portable "training/runs/$run/portable.pt" 2>&1 | tee "training/runs/$run/stdout.log" | grep -v "^step" || true
  tail -n 2 "training/runs/$run/stdout.log"
  # the EMA weights as a portable checkpoint of their own (model = EMA, no second copy)
  "$py" - "training/runs/$run/portable.pt" "$out/$run-ema.pt" <<'EOF'
import sys, torch
state = torch.load(sys.argv[1], map_location="cpu", weights_only=False)
state["model"], state["ema"] = state["ema"], None
state["note"] = state.get("note", "") + " (EMA weights only)"
torch.save(state, sys.argv[2])
EOF
  if [ "$(stat -c %s "$out/$run-ema.pt")" -gt 15000000 ]; then
    split -b 15000000 -d "$out/$run-ema.pt" "$out/$run-ema.pt.part-" && rm "$out/$run-ema.pt"
  fi
done
tar czf "$out/arms-logs.tgz" training/runs/gpu-arm-*/log.jsonl training/runs/gpu-arm-*/stdout.log
ls -la "$out"
