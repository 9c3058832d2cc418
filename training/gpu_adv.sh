#!/usr/bin/env bash
# The adversarial fine-tune from v0.4.0 on a lent GPU, prepared for one device call (at most
# 10 minutes; written and smoke-tested on the CPU, not yet run on a GPU). Three parts, each
# writing to $OUT:
#   1. a step profile: 60 steps of the plain generator at each batch size, with and without
#      --compile and --fused-adam, images/s per setting (step.jsonl): measure before changing;
#   2. the two adversarial arms from the v0.4.0 checkpoint, ARM_MINUTES each, with the best
#      step setting: r1 (PatchGAN, non-saturating + R1, hole pixels as fake targets) and
#      hinge (PatchGAN, hinge), both with feature matching and DiffAugment;
#   3. each arm's portable checkpoint and log, to be scored here with
#      `training/evaluate.py --checkpoint … --weights raw` (texture metrics per bucket) and
#      exported with finalize.sh only if it meets the bar.
#
#   here, once: bash training/carry.sh pack
#   carry: .carry
#   command: bash training/gpu_adv.sh 3 128 8e-4
set -euo pipefail
arm_minutes=${1:-3}; batch=${2:-128}; lr=${3:-8e-4}
out=${OUT:-training/cache/out}
py=${PYTHON:-$(command -v python3)}
bash training/carry.sh unpack
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
"$py" -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
mkdir -p "$out"
export PYTHONUNBUFFERED=1
common=(--resume training/checkpoints/pconv-t-bn.pt --pack training/cache/pack-compact --masks training/cache/masks-gpu
        --data device --eval-every 1000000000 --threads 4 --no-final-eval --warmup 0)
seen=$("$py" -c "import torch; print(torch.load('training/checkpoints/pconv-t-bn.pt', map_location='cpu', weights_only=False)['seen'])")

# 1. step profile: images/s of the generator step per setting (the last half of 60 steps)
for b in 32 "$batch"; do
  for flags in "" "--fused-adam" "--fused-adam --compile"; do
    name="step-b$b${flags// /}"
    # shellcheck disable=SC2086
    "$py" training/train.py "${common[@]}" --run "$name" --portable "$out/$name.pt" --batch "$b" --lr "$lr" \
      --total $((seen + 60 * b)) $flags 2>&1 | tail -n 2
    "$py" -c "
import json; recs = [json.loads(l) for l in open('training/runs/$name/log.jsonl')]
print(json.dumps({'setting': '$name', 'batch': $b, 'flags': '$flags', 'img_s': recs[-1]['img_s'] if recs else None}))" >> "$out/step.jsonl"
    rm -f "$out/$name.pt"
  done
done
cat "$out/step.jsonl"
best=$("$py" -c "
import json; rows = [json.loads(l) for l in open('$out/step.jsonl') if json.loads(l)['img_s']]
print(max(rows, key=lambda r: r['img_s'])['flags'])")
echo "best step setting: '${best}'"

# 2. the adversarial arms, ARM_MINUTES each (LaMa's weights scaled to our pixel losses: hole L1 6)
for arm in r1 hinge; do
  # shellcheck disable=SC2086
  "$py" training/train.py "${common[@]}" --run "adv-$arm" --portable "$out/adv-$arm.pt" --batch "$batch" --lr "$lr" \
    --total 1000000000 --decay-at 1000000000 --max-minutes "$arm_minutes" \
    --adv "$arm" --w-adv 0.1 --w-fm 1 --r1-gamma 0.001 --diffaug color,translation,cutout $best 2>&1 | tail -n 3
  cp "training/runs/adv-$arm/log.jsonl" "$out/adv-$arm.log.jsonl"
done
ls -la "$out"
