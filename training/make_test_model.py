#!/usr/bin/env python3
"""Write the small, deterministic ONNX fixtures that @inpaint/core's tests use.

  /usr/bin/python3 training/make_test_model.py   # writes packages/test-fixtures/models/

- pconv-tiny.onnx: a 3-level PConv U-Net (multiple 8) with weights from seed 0 and the
  full metadata of the model contract (untrained: tests check mechanics, not quality).
- pconv-layer.onnx + pconv-layer.json: one partial convolution (3→4 channels, 3×3,
  stride 1) returning its features and updated mask, and its weights, so the tests can
  compare it with a direct implementation of the paper's rule.
- refused-no-metadata.onnx, refused-wrong-inputs.onnx: contract violations.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import onnx
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export import export  # noqa: E402
from model import PConvUNet, PartialConv  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "packages" / "test-fixtures" / "models"

META = {
    "architecture": "pconv-unet", "variant": "test-tiny", "multiple": "8", "training_resolution": "64",
    "mask_convention": "1=valid,0=hole", "version": "0.0.0-test", "contract_version": "1",
    "training_data": "none (deterministic random weights, test fixture)", "training_steps": "0",
    "training_images_seen": "0", "training_hardware": "none", "training_wall_time_s": "0",
}


class Layer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.pc = PartialConv([3], 4, 3, 1)

    def forward(self, image, mask):
        return self.pc([image], [mask])


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    net = PConvUNet([8, 16, 16], dec_widths=[16, 8])
    export(net, OUT / "pconv-tiny.onnx", META, fp16=False)

    torch.manual_seed(1)
    layer = Layer().eval()
    with torch.no_grad():
        layer.pc.bias.copy_(torch.tensor([0.1, -0.2, 0.3, 0.0]))
    x, m = torch.rand(1, 3, 5, 5), torch.ones(1, 1, 5, 5)
    torch.onnx.export(layer, (x, m), str(OUT / "pconv-layer.onnx"), opset_version=17,
                      input_names=["image", "mask"], output_names=["output", "mask_out"],
                      dynamic_axes={"image": {2: "H", 3: "W"}, "mask": {2: "H", 3: "W"}})
    (OUT / "pconv-layer.json").write_text(json.dumps({
        "weight": layer.pc.conv.weight.detach().flatten().tolist(), "shape": list(layer.pc.conv.weight.shape),
        "bias": layer.pc.bias.detach().tolist(), "stride": 1, "padding": 1,
    }))

    bare = onnx.load(str(OUT / "pconv-tiny.onnx"))
    del bare.metadata_props[:]
    onnx.save(bare, str(OUT / "refused-no-metadata.onnx"))
    wrong = onnx.load(str(OUT / "pconv-tiny.onnx"))
    for inp in wrong.graph.input:
        if inp.name == "image":
            inp.name = "img"
    for node in wrong.graph.node:
        node.input[:] = ["img" if i == "image" else i for i in node.input]
    onnx.save(wrong, str(OUT / "refused-wrong-inputs.onnx"))
    for f in sorted(OUT.iterdir()):
        print(f.name, f.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
