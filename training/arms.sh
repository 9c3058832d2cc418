#!/usr/bin/env bash
# Model arms at equal compute: each arm trains for the same wall time on the same machine,
# then is scored on eval_dev with 3 masks per photo and bucket (PSNR, SSIM, blur diagnostic).
#   bash training/arms.sh MINUTES [ARM…]      arms: large gated adv (default: all three)
#   bash training/arms.sh 120 large gated     (on a GPU: several gpu_chunk-sized calls)
#
#   large  pconv-l-bn from scratch (11.5 M parameters, 126 ms per 512² on 2 cores)
#   gated  gated-t from scratch (DeepFill v2 gating in every layer, 8.1 M, 56 ms)
#   adv    the main line's checkpoint continued with an SN-PatchGAN hinge loss
#          (weight ADV_WEIGHT, default 0.01: small enough to keep PSNR within 0.1 dB)
# A from-scratch arm should be compared with the main line trained from scratch for the
# same time (run `bash training/arms.sh MINUTES base`), not with the long-trained checkpoint.
set -euo pipefail
minutes=${1:?minutes per arm}; shift || true
arms=${*:-large gated adv}
here=$(cd "$(dirname "$0")" && pwd)
py=${PYTHON:-/usr/bin/python3}
common=(--total 100000000 --decay-at 100000000 --eval-every 100000000 --w-ssim 0.2 --max-minutes "$minutes"
        --eval-masks "$here/cache/eval-masks-3")
for arm in $arms; do
  run="arm-$arm"; mkdir -p "$here/runs/$run"
  case $arm in
    base) "$py" "$here/train.py" --run "$run" --config pconv-t-bn "${common[@]}" ;;
    large) "$py" "$here/train.py" --run "$run" --config pconv-l-bn "${common[@]}" ;;
    gated) "$py" "$here/train.py" --run "$run" --config gated-t "${common[@]}" ;;
    adv) "$py" "$here/train.py" --run "$run" --resume "$here/checkpoints/pconv-t-bn.pt" --w-adv "${ADV_WEIGHT:-0.01}" "${common[@]}" ;;
    *) echo "unknown arm $arm (base, large, gated, adv)" >&2; exit 2 ;;
  esac >> "$here/runs/$run/stdout.log" 2>&1
  "$py" "$here/evaluate.py" --run "$run" --eval-masks "$here/cache/eval-masks-3" --json "$here/runs/$run/eval.json" | tee "$here/runs/$run/eval.txt"
done
