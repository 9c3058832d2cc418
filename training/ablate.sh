#!/usr/bin/env bash
# Loss ablation: fork the checkpoint of run BASE into one run per loss variant and train each
# for the same number of images on the same batches (same seed, same step count → the same
# crops and masks), at a constant learning rate; the final eval_dev scores compare the losses.
#   bash training/ablate.sh BASE IMAGES [ARM…]     (arms: l1 ssim style; default all three)
#   bash training/ablate.sh main 6000 l1 ssim
set -euo pipefail
base=${1:?base run}; extra=${2:-6000}; shift $(( $# < 2 ? $# : 2 ))
arms=${*:-l1 ssim style}
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
seen=$($py -c "import torch,sys; print(torch.load(sys.argv[1],map_location='cpu',weights_only=False)['seen'])" "$here/runs/$base/last.pt")
total=$((seen + extra))
arm() {  # name, loss flags…
  local name=$1; shift
  if grep -qs '"final": true' "$here/runs/abl-$name/evals.jsonl"; then return; fi
  mkdir -p "$here/runs/abl-$name"
  [ -f "$here/runs/abl-$name/last.pt" ] || cp "$here/runs/$base/last.pt" "$here/runs/abl-$name/last.pt"
  $py "$here/train.py" --run "abl-$name" --total "$total" --decay-at 100000000 --eval-every 100000000 "$@" \
    >> "$here/runs/abl-$name/stdout.log" 2>&1
}
for a in $arms; do
  case $a in
    l1) arm l1 --w-ssim 0 --w-style 0 ;;
    ssim) arm ssim --w-ssim 0.2 --w-style 0 ;;
    # the random-feature Gram loss is ~5e-4 on the base checkpoint against ~0.12 for 6·L1-hole:
    # weight 50 makes it a fifth to a quarter of the loss (the paper's VGG style weight is 120)
    style) arm style --w-ssim 0 --w-style "${STYLE_WEIGHT:-50}" ;;
    *) echo "unknown arm $a (l1, ssim, style)" >&2; exit 2 ;;
  esac
done
for a in $arms; do echo "abl-$a $(tail -1 "$here/runs/abl-$a/evals.jsonl")"; done
