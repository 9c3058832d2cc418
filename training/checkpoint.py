"""Portable training checkpoints: what `train.py --resume` starts from on any machine.

A portable checkpoint (committed under training/checkpoints/, 15–20 MB) holds:

  format     "inpaint-pconv-ckpt/1"
  config     model config name (model.CONFIGS)
  model      state dict, floating tensors as float16 (batch-norm statistics stay float32)
  ema        the exponential moving average of the weights, same layout (or None)
  seen, steps, wall   images seen, optimiser steps, seconds of step time so far
  schedule   the training segments so far: [{run, images: [a, b], losses, lr, data, hardware}]
  args       the training arguments of the last segment
  note       free text (how the checkpoint was made)

The optimiser state is not stored: a resumed run re-warms its learning rate (train.py
--warmup). The run-local `training/runs/RUN/last.pt` keeps the full float32 state with
the optimiser, for resuming on the same machine.

`from_onnx()` rebuilds a checkpoint from an exported model when no checkpoint survived:
the exported convolutions have their batch norm folded in, so each batch norm is
re-created as an exact identity in eval mode (γ = √(σ²+ε), β = μ with μ, σ² the
statistics of its input on training batches), which also makes it close to an identity
in training mode. The recovered network computes exactly what the ONNX model computes
(up to float16 rounding of the weights, which the ONNX model has too).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable, Iterable

import torch

from model import PConvUNet, build

FORMAT = "inpaint-pconv-ckpt/1"


def _half(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Weights and biases as float16; batch-norm statistics and integer buffers as they are."""
    out = {}
    for k, v in state.items():
        keep = not v.is_floating_point() or k.endswith(("running_mean", "running_var"))
        out[k] = v.detach().cpu().clone() if keep else v.detach().cpu().to(torch.float16)
    return out


def _full(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    return {k: (v.float() if v.is_floating_point() else v) for k, v in state.items()}


def save_portable(path: Path, *, config: str, model: PConvUNet, ema: PConvUNet | None, seen: int, steps: int,
                  wall: float, schedule: list[dict], args: dict, note: str = "") -> None:
    """Write a portable checkpoint atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"format": FORMAT, "config": config, "model": _half(model.state_dict()),
               "ema": _half(ema.state_dict()) if ema is not None else None,
               "seen": seen, "steps": steps, "wall": wall, "schedule": schedule, "args": args, "note": note}
    tmp = path.with_name(path.name + ".tmp")
    torch.save(payload, tmp)
    os.replace(tmp, path)


def load_portable(path: Path) -> dict:
    """A portable checkpoint with float32 tensors; raises ValueError for anything else."""
    state = torch.load(path, map_location="cpu", weights_only=False)
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise ValueError(f"{path} is not a portable checkpoint ({FORMAT}); run-local last.pt files resume with --run")
    state["model"] = _full(state["model"])
    if state.get("ema") is not None:
        state["ema"] = _full(state["ema"])
    return state


def _onnx_weights(onnx_path: Path) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """The exported network's weights under model.py's names, and the model's metadata.

    Convolution weights keep their names (`net.enc.0.conv.weight`, stored as `…_fp16`);
    the biases were constant-folded into `[1, C, 1, 1]` initializers, found through the Mul
    node that consumes each one, whose output is scoped by layer (`/net/enc.0/…`).
    """
    import re

    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(onnx_path))
    arrays = {(i.name[: -len("_fp16")] if i.name.endswith("_fp16") else i.name): numpy_helper.to_array(i).astype("float32")
              for i in model.graph.initializer}
    weights = {k[len("net."):]: torch.from_numpy(v) for k, v in arrays.items() if k.startswith("net.")}
    for node in model.graph.node:
        scope = re.match(r"/net/((?:enc|dec)\.\d+)/", node.output[0]) if node.op_type == "Mul" else None
        for name in node.input:
            if scope and name in arrays and not name.startswith("net.") and arrays[name].ndim == 4:
                weights.setdefault(f"{scope.group(1)}.bias", torch.from_numpy(arrays[name].reshape(-1)))
    return weights, {p.key: p.value for p in model.metadata_props}


@torch.no_grad()
def from_onnx(onnx_path: Path, batches: Iterable[tuple[torch.Tensor, torch.Tensor]]) -> tuple[PConvUNet, dict[str, str]]:
    """A trainable network equal to an exported model; `batches` (image, valid) calibrate its batch norms."""
    weights, meta = _onnx_weights(onnx_path)
    net = build(meta["variant"])
    missing = [k for k in net.state_dict() if not k.startswith(tuple(_bn_prefixes(net))) and k not in weights]
    if missing:
        raise ValueError(f"{onnx_path} lacks weights for {missing[:3]} (variant {meta['variant']})")
    net.load_state_dict({**net.state_dict(), **{k: v for k, v in weights.items() if k in net.state_dict()}})
    bns = [layer.bn for layer in list(net.enc) + list(net.dec) if layer.bn is not None]
    for bn in bns:  # identity in eval mode while the statistics are gathered
        bn.weight.fill_(1.0)
        bn.bias.zero_()
        bn.running_mean.zero_()
        bn.running_var.fill_(1.0 - bn.eps)
    sums: dict[int, list[torch.Tensor]] = {i: [] for i in range(len(bns))}
    hooks = [bn.register_forward_hook(_collect(sums[i])) for i, bn in enumerate(bns)]
    net.eval()
    for image, valid in batches:
        net(image * valid, valid)
    for h in hooks:
        h.remove()
    for i, bn in enumerate(bns):
        if not sums[i]:
            raise ValueError("from_onnx needs at least one calibration batch")
        count = sum(s[0] for s in sums[i])
        mean = sum(s[1] for s in sums[i]) / count
        var = (sum(s[2] for s in sums[i]) / count - mean * mean).clamp(min=0.0)
        bn.running_mean.copy_(mean.float())
        bn.running_var.copy_(var.float())
        bn.weight.copy_(torch.sqrt(var + bn.eps).float())
        bn.bias.copy_(mean.float())
    return net, meta


def _bn_prefixes(net: PConvUNet) -> list[str]:
    return [f"{part}.{i}.bn." for part in ("enc", "dec") for i, layer in enumerate(getattr(net, part)) if layer.bn is not None]


def _collect(store: list) -> Callable:
    def hook(_module, inputs, _output):
        x = inputs[0].double()
        n = x.numel() / x.shape[1]
        store.append((n, x.sum(dim=(0, 2, 3)), (x * x).sum(dim=(0, 2, 3))))
    return hook


def schedule_from_metadata(meta: dict[str, str]) -> list[dict]:
    return json.loads(meta["training_schedule"]) if "training_schedule" in meta else []
