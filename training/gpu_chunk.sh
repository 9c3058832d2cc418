#!/usr/bin/env bash
# One chunk of training on a lent GPU machine (the device tool's command runs this in the
# repository root; at most 10 minutes a call). Resumes the main line from the committed
# portable checkpoint, trains for MINUTES and writes the new portable checkpoint to $OUT, to
# be copied back to training/checkpoints/ and committed.
#
#   here, once: bash training/carry.sh pack
#   carry: .carry
#   command: bash training/gpu_chunk.sh v1c 8.5 32 4e-4 0.3
#
# The chunk sizes itself: a first segment of PROBE minutes at the constant rate measures
# images/s, then the rest of the chunk is one segment whose --total is what that rate reaches
# in the time left and whose cosine decay covers its last DECAY fraction of images. On a warm
# machine that still has training/runs/RUN/last.pt, a second call continues from it (with the
# optimiser state) rather than from the portable file.
set -euo pipefail
run=${1:-v1c}; minutes=${2:-8.5}; batch=${3:-32}; lr=${4:-4e-4}; decay=${5:-0.3}
probe=${PROBE:-1.5}
out=${OUT:-training/cache/out}
py=${PYTHON:-$(command -v python3)}
bash training/carry.sh unpack
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
"$py" -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
mkdir -p "$out" "training/runs/$run"
common=(--run "$run" --resume training/checkpoints/pconv-t-bn.pt --portable "$out/pconv-t-bn.pt"
        --pack training/cache/pack-compact --masks training/cache/masks-gpu --data device
        --batch "$batch" --lr "$lr" --eval-every 1000000000 --threads 4 --no-final-eval)
started=$(date +%s)
export PYTHONUNBUFFERED=1
"$py" training/train.py "${common[@]}" --total 1000000000 --decay-at 1000000000 --max-minutes "$probe" 2>&1 | tee "$out/stdout.log"
# images/s over the probe's last records (the first ones include cuDNN's autotuning), and from
# them the rest of the chunk: what that rate reaches in the time left, decayed over its last part
read -r seen rate left total decay_at < <("$py" -c "
import json
recs = [json.loads(l) for l in open('training/runs/$run/log.jsonl')]
tail = recs[-max(1, len(recs) // 2):]
seen, rate = recs[-1]['seen'], sum(r['img_s'] for r in tail) / len(tail)
left = max(0.2, $minutes - ($(date +%s) - $started) / 60 - 0.4)
total = int(seen + rate * 60 * left)
print(seen, round(rate, 1), round(left, 2), total, int(total - $decay * (total - seen)))")
echo "probe: $seen images seen, $rate images/s; training to $total, decay from $decay_at, $left min left" | tee -a "$out/stdout.log"
"$py" training/train.py "${common[@]}" --total "$total" --decay-at "$decay_at" --max-minutes "$left" 2>&1 | tee -a "$out/stdout.log"
cp "training/runs/$run/log.jsonl" "$out/log.jsonl"
