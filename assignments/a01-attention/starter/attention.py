"""a01-attention: scaled dot-product attention and multi-head attention.

Fill in the two functions below. Arrays arrive as NumPy arrays; you may return NumPy arrays or
PyTorch tensors. Read README.md for the exact shapes, the mask convention and how grading works.
"""
import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    """q: (..., Lq, d), k: (..., Lk, d), v: (..., Lk, dv); mask broadcastable to (..., Lq, Lk),
    true where a query may attend. Returns (output (..., Lq, dv), weights (..., Lq, Lk))."""
    raise NotImplementedError("scaled_dot_product_attention is not written yet")


def multi_head_attention(query, key, value, params, num_heads, mask=None):
    """query: (B, Lq, D), key and value: (B, Lk, D); params holds w_q, b_q, w_k, b_k, w_v, b_v,
    w_o, b_o, applied as x @ w + b. Returns (output (B, Lq, D), weights (B, num_heads, Lq, Lk))."""
    raise NotImplementedError("multi_head_attention is not written yet")
