#!/usr/bin/env python3
"""Export a checkpoint to the ONNX model contract (packages/core/README.md, "Model contract").

  /usr/bin/python3 training/export.py --run main --out packages/core/models/pconv-default.onnx

Inputs `image` float32 [N,3,H,W] in [0,1], `mask` float32 [N,1,H,W] (1 valid, 0 hole);
output `output` float32 [N,3,H,W] clamped to [0,1]; N, H, W dynamic (H, W multiples of
`multiple`). opset 17. Weights stored as float16 with --fp16 (computation stays float32:
each weight is cast back by a Cast node that onnxruntime folds at load time).
metadata_props: architecture, multiple, training_resolution, mask_convention, version,
and provenance (data, steps, images seen, hardware, wall time, eval_dev metrics).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper, TensorProto

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import HERE  # noqa: E402
from model import architecture_of, build, fold_bn, param_count  # noqa: E402

CONTRACT_VERSION = "1"


class Exported(torch.nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, image, mask):
        return self.net(image * mask, mask).clamp(0.0, 1.0)


def weights_to_fp16(model: onnx.ModelProto) -> onnx.ModelProto:
    """Store float32 initializers as float16, each followed by a Cast back to float32."""
    g = model.graph
    new_inits, casts = [], []
    for init in g.initializer:
        arr = numpy_helper.to_array(init)
        if arr.dtype == np.float32 and arr.size > 16:
            half = numpy_helper.from_array(arr.astype(np.float16), init.name + "_fp16")
            new_inits.append(half)
            casts.append(helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT, name=init.name + "_cast"))
        else:
            new_inits.append(init)
    del g.initializer[:]
    g.initializer.extend(new_inits)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(casts + nodes)
    return model


def export(net, out: Path, metadata: dict[str, str], fp16: bool, opset: int = 17) -> None:
    net.eval()
    fold_bn(net)
    wrapped = Exported(net)
    m = net.multiple
    image = torch.rand(1, 3, m * 2, m * 2)
    mask = (torch.rand(1, 1, m * 2, m * 2) > 0.3).float()
    tmp = out.with_suffix(".tmp.onnx")
    torch.onnx.export(
        wrapped, (image, mask), str(tmp), opset_version=opset, input_names=["image", "mask"], output_names=["output"],
        dynamic_axes={"image": {0: "N", 2: "H", 3: "W"}, "mask": {0: "N", 2: "H", 3: "W"}, "output": {0: "N", 2: "H", 3: "W"}},
        do_constant_folding=True,
    )
    model = onnx.load(str(tmp))
    tmp.unlink()
    if fp16:
        model = weights_to_fp16(model)
    del model.metadata_props[:]
    for k, v in metadata.items():
        model.metadata_props.append(onnx.StringStringEntryProto(key=k, value=str(v)))
    model.producer_name = "inpaint/training"
    onnx.checker.check_model(model)
    onnx.save(model, str(out))


def write_parity(net, folder: Path) -> None:
    """Three random cases (two batch sizes, non-square) as raw float32 files plus a manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    net.eval()
    g = torch.Generator().manual_seed(5)
    m = net.multiple
    cases = []
    for i, (n, h, w) in enumerate([(1, 2 * m, 2 * m), (2, m, 3 * m), (1, 4 * m, 2 * m)]):
        image = torch.rand(n, 3, h, w, generator=g)
        mask = (torch.rand(n, 1, h // 8, w // 8, generator=g) > 0.35).float().repeat_interleave(8, 2).repeat_interleave(8, 3)
        with torch.no_grad():
            out = Exported(net).eval()(image, mask)
        for name, t in (("image", image), ("mask", mask), ("output", out)):
            t.numpy().astype("<f4").tofile(folder / f"case{i}-{name}.bin")
        cases.append({"name": f"case{i}", "dims": [n, h, w]})
    (folder / "manifest.json").write_text(json.dumps({"cases": cases}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", help="training run whose last.pt to export")
    ap.add_argument("--checkpoint", type=Path, help="a portable checkpoint (training/checkpoints/*.pt) to export")
    ap.add_argument("--weights", choices=["ema", "raw"], default="ema", help="with --checkpoint: the EMA or the raw weights")
    ap.add_argument("--config", help="export an untrained model of this config (speed tests)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--fp16", action="store_true")
    ap.add_argument("--version", default="0.1.0")
    ap.add_argument("--training-resolution", type=int, default=256)
    ap.add_argument("--extra", type=Path, help="JSON file of extra provenance keys (e.g. eval_dev metrics)")
    ap.add_argument("--parity", type=Path, help="write inputs and PyTorch outputs here for check_parity.mjs")
    args = ap.parse_args()

    if args.checkpoint:
        from checkpoint import load_portable
        state = load_portable(args.checkpoint)
        net = build(state["config"])
        net.load_state_dict(state["ema"] if args.weights == "ema" and state.get("ema") is not None else state["model"])
        sargs = state["args"]
        provenance = {
            "training_data": "train rows of training/data/photos.tsv (Debian bookworm main packages)",
            "training_steps": state["steps"],
            "training_images_seen": state["seen"],
            "training_hardware": state["schedule"][-1].get("hardware", "unknown") if state["schedule"] else "unknown",
            "training_wall_time_s": round(state["wall"]),
            "training_losses": f"valid {sargs['w_valid']}, hole {sargs['w_hole']}, tv {sargs['w_tv']}, ssim {sargs['w_ssim']}, style {sargs['w_style']}",
            "training_resolution": sargs["crop"],
            "training_schedule": json.dumps(state["schedule"]),
            "exported_weights": args.weights,
        }
        config = state["config"]
    elif args.run:
        state = torch.load(HERE / "runs" / args.run / "last.pt", map_location="cpu", weights_only=False)
        net = build(state["config"])
        net.load_state_dict(state["model"])
        sargs = state["args"]
        provenance = {
            "training_data": "train rows of training/data/photos.tsv (Debian bookworm main packages), pack "
                             + Path(sargs["pack"]).name,
            "training_steps": state["steps"],
            "training_images_seen": state["seen"],
            "training_hardware": state["host"],
            "training_wall_time_s": round(state["wall"]),
            "training_losses": f"valid {sargs['w_valid']}, hole {sargs['w_hole']}, tv {sargs['w_tv']}, "
                               f"ssim {sargs['w_ssim']}, style {sargs['w_style']}",
            "training_resolution": sargs["crop"],
        }
        lineage = HERE / "runs" / args.run / "lineage.json"
        if state.get("schedule"):  # runs since portable checkpoints carry their segments
            provenance["training_schedule"] = json.dumps(state["schedule"])
        elif lineage.exists():  # a run forked from another run's checkpoint: every segment's losses and data
            provenance["training_schedule"] = json.dumps(json.loads(lineage.read_text()))
        config = state["config"]
    else:
        net = build(args.config)
        config = args.config
        provenance = {"training_data": "none (untrained, for speed tests)", "training_steps": 0,
                      "training_images_seen": 0, "training_hardware": "none", "training_wall_time_s": 0,
                      "training_resolution": args.training_resolution}
    meta = {
        "architecture": architecture_of(config),
        "variant": config,
        "multiple": str(net.multiple),
        "mask_convention": "1=valid,0=hole",
        "version": args.version,
        "contract_version": CONTRACT_VERSION,
        "parameters": str(param_count(net)),
        "encoder_widths": ",".join(map(str, net.widths)),
        "decoder_widths": ",".join(map(str, net.dec_widths)),
        **{k: str(v) for k, v in provenance.items()},
    }
    if args.extra:
        meta.update({k: (v if isinstance(v, str) else json.dumps(v)) for k, v in json.loads(args.extra.read_text()).items()})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    export(net, args.out, meta, args.fp16)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB), {len(meta)} metadata keys")
    if args.parity:
        write_parity(net, args.parity)
    return 0


if __name__ == "__main__":
    sys.exit(main())
