#!/usr/bin/env python3
"""Write tiny ONNX graphs with the published signatures of models users bring, for the
tests of @inpaint/core's adapters (no weights: each graph fills the hole with a known colour,
written in the model's own range, dtype and mask convention, so that a wrong range, dtype or
convention in an adapter fails a test).

  /usr/bin/python3 training/make_adapter_fixtures.py   # writes packages/test-fixtures/models/

| file | inputs | output | mask | size |
|---|---|---|---|---|
| lama-carve.onnx | image f32 [1,3,512,512] in [0,1]; mask f32 [1,1,512,512] | output f32 [1,3,512,512] in [0,255] | 1 = hole | fixed 512 |
| migan-pipeline.onnx | image uint8 [1,3,H,W]; mask uint8 [1,1,H,W] | result uint8 [1,3,H,W] | 255 = keep | any |
| migan-raw.onnx | input f32 [1,4,256,256] = [mask - 0.5, image * mask], image in [-1,1] | output f32 [1,3,256,256] in [-1,1] | 1 = keep | fixed 256 |
| lama-4ch.onnx | input f32 [1,4,H,W] = [masked RGB in [0,1], mask] | output f32 [1,3,H,W] in [0,1] | 1 = hole | multiples of 32 |

Every graph blends like its model (known pixels kept, holes filled) with the fill colour
FILL = (0.2, 0.6, 0.9) in [0,1] terms.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = Path(__file__).resolve().parent.parent / "packages" / "test-fixtures" / "models"
FILL = np.array([0.2, 0.6, 0.9], dtype=np.float32).reshape(1, 3, 1, 1)


def const(name: str, value: np.ndarray) -> onnx.TensorProto:
    return numpy_helper.from_array(np.asarray(value), name)


def save(graph: onnx.GraphProto, name: str) -> None:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="inpaint-test-fixtures")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, OUT / name)
    print(f"wrote {OUT / name} ({(OUT / name).stat().st_size} bytes)")


def lama_carve() -> None:
    # output = (image * (1 - mask) + FILL * mask) * 255
    g = helper.make_graph(
        [helper.make_node("Sub", ["one", "mask"], ["keep"]),
         helper.make_node("Mul", ["image", "keep"], ["kept"]),
         helper.make_node("Mul", ["fill", "mask"], ["filled"]),
         helper.make_node("Add", ["kept", "filled"], ["blend"]),
         helper.make_node("Mul", ["blend", "s255"], ["output"])],
        "lama-carve",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, 512, 512]),
         helper.make_tensor_value_info("mask", TensorProto.FLOAT, [1, 1, 512, 512])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 3, 512, 512])],
        [const("one", np.float32(1)), const("fill", FILL), const("s255", np.float32(255))])
    save(g, "lama-carve.onnx")


def migan_pipeline() -> None:
    # result = mask == 255 ? image : round(FILL * 255), uint8 in and out
    fill_u8 = np.round(FILL * 255).astype(np.uint8)
    g = helper.make_graph(
        [helper.make_node("Equal", ["mask", "u255"], ["keep"]),
         helper.make_node("Expand", ["fill", "shape"], ["fill_full"]),
         helper.make_node("Shape", ["image"], ["shape"]),
         helper.make_node("Where", ["keep", "image", "fill_full"], ["result"])],
        "migan-pipeline",
        [helper.make_tensor_value_info("image", TensorProto.UINT8, [1, 3, "H", "W"]),
         helper.make_tensor_value_info("mask", TensorProto.UINT8, [1, 1, "H", "W"])],
        [helper.make_tensor_value_info("result", TensorProto.UINT8, [1, 3, "H", "W"])],
        [const("u255", np.uint8(255)), const("fill", fill_u8)])
    # Shape must come before Expand: topological order
    g.node.insert(0, g.node.pop(2))
    save(g, "migan-pipeline.onnx")


def migan_raw() -> None:
    # m = input[:, 0] + 0.5 (1 = keep); image = input[:, 1:4] (already image * mask, in [-1, 1])
    # output = image * m + (FILL * 2 - 1) * (1 - m)
    g = helper.make_graph(
        [helper.make_node("Split", ["input", "split"], ["m_half", "img"], axis=1),
         helper.make_node("Add", ["m_half", "half"], ["m"]),
         helper.make_node("Sub", ["one", "m"], ["hole"]),
         helper.make_node("Mul", ["img", "m"], ["kept"]),
         helper.make_node("Mul", ["fill", "hole"], ["filled"]),
         helper.make_node("Add", ["kept", "filled"], ["output"])],
        "migan-raw",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 4, 256, 256])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 3, 256, 256])],
        [const("split", np.array([1, 3], dtype=np.int64)), const("half", np.float32(0.5)), const("one", np.float32(1)),
         const("fill", FILL * 2 - 1)])
    save(g, "migan-raw.onnx")


def lama_4ch() -> None:
    # input = [masked RGB in [0,1], mask (1 = hole)]; output = rgb * (1 - mask) + FILL * mask
    g = helper.make_graph(
        [helper.make_node("Split", ["input", "split"], ["rgb", "mask"], axis=1),
         helper.make_node("Sub", ["one", "mask"], ["keep"]),
         helper.make_node("Mul", ["rgb", "keep"], ["kept"]),
         helper.make_node("Mul", ["fill", "mask"], ["filled"]),
         helper.make_node("Add", ["kept", "filled"], ["output"])],
        "lama-4ch",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 4, "H", "W"])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 3, "H", "W"])],
        [const("split", np.array([3, 1], dtype=np.int64)), const("one", np.float32(1)), const("fill", FILL)])
    save(g, "lama-4ch.onnx")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    lama_carve()
    migan_pipeline()
    migan_raw()
    lama_4ch()
