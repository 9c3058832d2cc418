#!/usr/bin/env bash
# Model arms at equal compute: each arm trains for the same wall time on the same machine,
# then is scored on eval_dev with 3 masks per photo and bucket (PSNR, SSIM, blur diagnostic).
#   bash training/arms.sh MINUTES [ARM…]      arms: base large gated adv ctl (default: large gated adv)
#   bash training/arms.sh 120 large gated     (on a GPU: several gpu_chunk-sized calls)
#
#   large  pconv-l-bn from scratch (11.5 M parameters, 126 ms per 512² on 2 cores)
#   gated  gated-t from scratch (DeepFill v2 gating in every layer, 8.1 M, 56 ms)
#   adv    the committed checkpoint continued for ADV_IMAGES images (default 15000) at the
#          main line's learning rate with an SN-PatchGAN hinge loss (weight ADV_WEIGHT,
#          default 0.01: small enough to keep PSNR within 0.1 dB); scored at its end
#   ctl    the same continuation without the adversarial loss: adv's control. It sees the
#          same batches as adv (same seed and step count), and so does the main line when
#          it resumes from the same checkpoint: where the main line's own evaluation falls
#          on the same image count, it is the control and ctl need not run
# A from-scratch arm should be compared with the main line trained from scratch for the
# same time (run `bash training/arms.sh MINUTES base`), not with the long-trained checkpoint.
set -euo pipefail
minutes=${1:?minutes per arm}; shift || true
arms=${*:-large gated adv}
here=$(cd "$(dirname "$0")" && pwd)
py=${PYTHON:-/usr/bin/python3}
common=(--total 100000000 --decay-at 100000000 --eval-every 100000000 --w-ssim 0.2 --max-minutes "$minutes"
        --eval-masks "$here/cache/eval-masks-3")
# adv and ctl fork from FORK_FROM (default: the committed checkpoint; the main line rewrites
# that file at every save, so a fork taken while it trains should use a copy: git show HEAD:…)
from=${FORK_FROM:-$here/checkpoints/pconv-t-bn.pt}
seen=$("$py" -c "import sys; sys.path.insert(0, '$here'); from checkpoint import load_portable; print(load_portable('$from')['seen'])" 2>/dev/null)
fork=(--resume "$from" --total $((seen + ${ADV_IMAGES:-15000})) --decay-at 100000000
      --eval-every 100000000 --eval-masks "$here/cache/eval-masks-3")
for arm in $arms; do
  run="arm-$arm"; mkdir -p "$here/runs/$run"
  own=(--portable "$here/runs/$run/portable.pt")  # never the committed checkpoint
  case $arm in
    base) "$py" "$here/train.py" --run "$run" --config pconv-t-bn "${common[@]}" "${own[@]}" ;;
    large) "$py" "$here/train.py" --run "$run" --config pconv-l-bn "${common[@]}" "${own[@]}" ;;
    gated) "$py" "$here/train.py" --run "$run" --config gated-t "${common[@]}" "${own[@]}" ;;
    adv) "$py" "$here/train.py" --run "$run" "${fork[@]}" --w-adv "${ADV_WEIGHT:-0.01}" "${own[@]}" ;;
    ctl) "$py" "$here/train.py" --run "$run" "${fork[@]}" "${own[@]}" ;;
    *) echo "unknown arm $arm (base, large, gated, adv, ctl)" >&2; exit 2 ;;
  esac >> "$here/runs/$run/stdout.log" 2>&1
  "$py" "$here/evaluate.py" --run "$run" --eval-masks "$here/cache/eval-masks-3" --json "$here/runs/$run/eval.json" | tee "$here/runs/$run/eval.txt"
done
