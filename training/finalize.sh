#!/usr/bin/env bash
# After training (learning rate decayed): score the raw and the EMA weights of a portable
# checkpoint on eval_dev with 3 masks per photo and bucket, export the better one with its
# provenance, and check onnxruntime against PyTorch.
#   bash training/finalize.sh VERSION [CHECKPOINT] [OUT]
#   bash training/finalize.sh 0.3.0                      # training/checkpoints/pconv-t-bn.pt → core's default model
# "Better": the higher PSNR averaged over the six buckets; SSIM breaks a tie. Both are
# printed, and the choice is written into the model's metadata (exported_weights).
# Then regenerate the published numbers through onnxruntime: `inpaint eval --per-bucket 3`,
# `inpaint bench`, `node scripts/update-readme.mjs` (see the README's Quality section).
set -euo pipefail
version=${1:?version, e.g. 0.3.0}
ckpt=${2:-training/checkpoints/pconv-t-bn.pt}
out=${3:-packages/core/models/pconv-default.onnx}
py=/usr/bin/python3
dir=training/runs/finalize; rm -rf "$dir"; mkdir -p "$dir"
# WEIGHTS=raw|ema skips the comparison (when train.py's final evaluation on the same masks
# already made it); only those weights are then scored, with the baselines, for provenance
weights=${WEIGHTS:-raw ema}
for w in $weights; do
  $py training/evaluate.py --checkpoint "$ckpt" --weights "$w" --eval-masks training/cache/eval-masks-3 \
    --json "$dir/eval-$w.json" | tee "$dir/eval-$w.txt"
done
pick=$($py - "$dir" <<'PY'
import json, os, sys
d = sys.argv[1]
score = {}
for w in [w for w in ("raw", "ema") if os.path.exists(f"{d}/eval-{w}.json")]:
    e = json.load(open(f"{d}/eval-{w}.json"))
    b = [x["methods"]["pconv"] for x in e["buckets"]]
    score[w] = (round(sum(x["psnr"] for x in b) / len(b), 3), round(sum(x["ssim"] for x in b) / len(b), 5))
    print(f"{w}: mean PSNR {score[w][0]:.3f} dB, mean SSIM {score[w][1]:.5f}", file=sys.stderr)
print(max(score, key=lambda w: score[w]))
PY
)
echo "exporting the $pick weights"
$py - "$dir" "$pick" <<'PY'
import json, sys
d, pick = sys.argv[1], sys.argv[2]
e = json.load(open(f"{d}/eval-{pick}.json"))
prov = {
    "eval_dev_protocol": f"training/cache/eval512-dev (make_eval_set.py), 20 images x 6 buckets x {e.get('masks_per_bucket', 1)} masks, evaluationMask seed 0, composited 512x512, PyTorch checkpoint ({pick} weights)",
    "eval_dev_metrics": {f"{b['range'][0]}-{b['range'][1]}": {k: round(v, 4) for k, v in b["methods"]["pconv"].items()} for b in e["buckets"]},
    "eval_dev_baselines": {f"{b['range'][0]}-{b['range'][1]}": {m: {k: round(v, 4) for k, v in b["methods"][m].items()} for m in ("telea", "ns")} for b in e["buckets"]},
}
json.dump(prov, open(f"{d}/provenance.json", "w"))
PY
$py training/export.py --checkpoint "$ckpt" --weights "$pick" --fp16 --version "$version" --out "$out" \
  --extra "$dir/provenance.json" --parity training/cache/parity
node training/check_parity.mjs "$out" training/cache/parity
