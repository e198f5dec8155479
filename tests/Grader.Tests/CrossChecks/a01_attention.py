"""Independent check of the TorchSharp reference for a01: recompute every golden with PyTorch's
own F.scaled_dot_product_attention and nn.MultiheadAttention (same weights copied in).

Reads a tar on stdin (inputs.safetensors, expected.safetensors, calls.json); prints one line per
test with the largest difference; exits 1 if any differs by more than 1e-10."""
import io
import json
import sys
import tarfile

import numpy as np
import torch
from safetensors.numpy import load

tar = tarfile.open(fileobj=io.BytesIO(sys.stdin.buffer.read()))
inputs = load(tar.extractfile("inputs.safetensors").read())
expected = load(tar.extractfile("expected.safetensors").read())
calls = json.load(tar.extractfile("calls.json"))


def arg(spec):
    if "tensor" in spec:
        return torch.from_numpy(inputs[spec["tensor"]].copy())
    if "dict" in spec:
        return {k: torch.from_numpy(inputs[v].copy()).double() for k, v in spec["dict"].items()}
    return spec.get("value")


def sdpa(q, k, v, mask):
    q, k, v = q.double(), k.double(), v.double()
    mask = None if mask is None else mask.bool()
    out = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    # With V = I the attended values are the attention weights themselves.
    eye = torch.eye(k.shape[-2], dtype=torch.float64).expand(*k.shape[:-1], k.shape[-2])
    weights = torch.nn.functional.scaled_dot_product_attention(q, k, eye, attn_mask=mask)
    return out, weights


def mha(query, key, value, p, num_heads, mask):
    d = query.shape[-1]
    m = torch.nn.MultiheadAttention(d, num_heads, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        m.in_proj_weight.copy_(torch.cat([p["w_q"].T, p["w_k"].T, p["w_v"].T]))
        m.in_proj_bias.copy_(torch.cat([p["b_q"], p["b_k"], p["b_v"]]))
        m.out_proj.weight.copy_(p["w_o"].T)
        m.out_proj.bias.copy_(p["b_o"])
    # PyTorch's boolean attn_mask is true where attending is NOT allowed: the course's inverse.
    attn_mask = None if mask is None else (~mask.bool()).repeat_interleave(num_heads, dim=0)
    with torch.no_grad():
        out, weights = m(query.double(), key.double(), value.double(), attn_mask=attn_mask,
                         need_weights=True, average_attn_weights=False)
    return out, weights


failed = False
for call in calls:
    args = [arg(a) for a in call["args"]]
    fn = {"scaled_dot_product_attention": sdpa, "multi_head_attention": mha}[call["entry"]]
    results = dict(zip(call["outputs"], fn(*args)))
    for name, value in results.items():
        want = expected[f"{call['name']}/{name}"]
        diff = float(np.max(np.abs(value.numpy() - want)))
        ok = value.shape == want.shape and diff <= 1e-10
        failed |= not ok
        print(f"{'ok' if ok else 'MISMATCH'} {call['name']}/{name} max_abs_diff={diff:.3g}")
sys.exit(1 if failed else 0)
