"""Independent check of the TorchSharp reference for a01: recompute every golden with PyTorch's
own F.scaled_dot_product_attention and nn.MultiheadAttention (same weights copied in).

crosscheck.py reads the goldens and compares to within 1e-10."""
import torch

import crosscheck


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


def scaled_dot_product_attention(q, k, v, mask):
    out, weights = sdpa(q, k, v, mask)
    return {"output": out, "weights": weights}


def multi_head_attention(query, key, value, p, num_heads, mask):
    out, weights = mha(query, key, value, p, num_heads, mask)
    return {"output": out, "weights": weights}


crosscheck.run(globals())
