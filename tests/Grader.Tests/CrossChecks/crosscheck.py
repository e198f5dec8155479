"""Shared by the cross-check scripts: reads the golden tar from stdin and compares what an
independent implementation computes with every expected tensor, to within 1e-10: absolutely for values up to 1,
relatively beyond (1e-10 absolute is below one unit in the last place of a 1e24 FLOP count).

A script defines functions named after the test entry points, each returning a dict of
output and stage name -> tensor, and ends with `crosscheck.run(globals())`."""
import io
import json
import sys
import tarfile

import numpy as np
import torch
from safetensors.numpy import load

TOLERANCE = 1e-10


def _read():
    tar = tarfile.open(fileobj=io.BytesIO(sys.stdin.buffer.read()))
    inputs = load(tar.extractfile("inputs.safetensors").read())
    expected = load(tar.extractfile("expected.safetensors").read())
    calls = json.load(tar.extractfile("calls.json"))
    return inputs, expected, calls


def _arg(spec, inputs):
    if "tensor" in spec:
        return torch.from_numpy(inputs[spec["tensor"]].copy())
    if "dict" in spec:
        return {k: torch.from_numpy(inputs[v].copy()).double() for k, v in spec["dict"].items()}
    return spec.get("value")


def run(functions):
    inputs, expected, calls = _read()
    failed = False
    for call in calls:
        results = functions[call["entry"]](*[_arg(a, inputs) for a in call["args"]])
        keys = [f"{call['name']}/{n}" for n in call["outputs"]] + [f"{call['name']}/stages/{s}" for s in call.get("stages", [])]
        for key in keys:
            name = key.split("/", 1)[1].replace("stages/", "")
            value = results.get(name)
            want = expected[key]
            got = None if value is None else np.asarray(value.detach().double().numpy() if hasattr(value, "detach") else value, dtype=np.float64)
            ok = got is not None and got.shape == want.shape
            diff = float(np.max(np.abs(got - want) / np.maximum(1.0, np.abs(want)))) if ok and want.size else 0.0
            ok = ok and diff <= TOLERANCE
            failed |= not ok
            print(f"{'ok' if ok else 'MISMATCH'} {key} max_diff={diff:.3g}"
                  + ("" if got is None or got.shape == want.shape else f" shape {got.shape} vs {want.shape}"))
    sys.exit(1 if failed else 0)
