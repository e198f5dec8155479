"""Known-wrong variant of the a01 solution: see the line marked MUTANT."""
import numpy as np


def softmax(x, axis=-1):
    x = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)


def scaled_dot_product_attention(q, k, v, mask=None):
    d = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d)
    if mask is not None:
        scores = np.where(np.asarray(mask).astype(bool), scores, -np.inf)
    weights = softmax(scores, axis=-1)
    return weights @ v, weights


def split_heads(x, num_heads):
    b, length, d = x.shape
    return x.reshape(b, length, num_heads, d // num_heads).transpose(0, 2, 1, 3)


def multi_head_attention(query, key, value, params, num_heads, mask=None):
    q = split_heads(query @ params["w_q"] + params["b_q"], num_heads)
    k = split_heads(key @ params["w_k"] + params["b_k"], num_heads)
    v = split_heads(value @ params["w_v"] + params["b_v"], num_heads)
    if mask is not None:
        mask = np.asarray(mask)[:, None, :, :]  # the same mask for every head
    attended, weights = scaled_dot_product_attention(q, k, v, mask)
    b, h, length, dh = attended.shape
    merged = attended.transpose(0, 2, 3, 1).reshape(b, length, h * dh)  # MUTANT: heads interleaved
    return merged @ params["w_o"] + params["b_o"], weights
