#!/usr/bin/env bash
# After a training run: evaluate, export with provenance, check parity, and regenerate
# the project's published numbers (README tables, figure, model card inputs).
#   bash training/finalize.sh RUN VERSION
set -euo pipefail
run=${1:-main}
version=${2:-0.1.0}
py=/usr/bin/python3
$py training/evaluate.py --run "$run" --json "training/runs/$run/eval.json" | tee "training/runs/$run/eval.txt"
$py - "$run" <<'PY'
import json, sys
run = sys.argv[1]
e = json.load(open(f"training/runs/{run}/eval.json"))
prov = {
    "eval_dev_protocol": f"shared/data/eval512-dev, 20 images x 6 buckets x {e.get('masks_per_bucket', 1)} masks, evaluationMask seed 0, composited 512x512, PyTorch checkpoint",
    "eval_dev_metrics": {f"{b['range'][0]}-{b['range'][1]}": {k: round(v, 4) for k, v in b["methods"]["pconv"].items()} for b in e["buckets"]},
    "eval_dev_baselines": {f"{b['range'][0]}-{b['range'][1]}": {m: {k: round(v, 4) for k, v in b["methods"][m].items()} for m in ("telea", "ns")} for b in e["buckets"]},
}
json.dump(prov, open(f"training/runs/{run}/provenance.json", "w"))
PY
$py training/export.py --run "$run" --fp16 --version "$version" --out packages/core/models/pconv-default.onnx \
  --extra "training/runs/$run/provenance.json" --parity training/cache/parity
node training/check_parity.mjs packages/core/models/pconv-default.onnx training/cache/parity
