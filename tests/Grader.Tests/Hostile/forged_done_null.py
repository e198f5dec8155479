"""A correct a01 solution that forges the harness's "done" event in three tests, with fields of the wrong
types: a null message and traceback, a status that is a number or unknown, seconds that are a string or NaN.
The runner's own "done" that follows is ignored by the harness, which has moved on."""
import json
import os
import sys

import numpy as np

FORGED = {
    "sdpa_basic": {"status": "error", "message": None, "traceback": None, "seconds": "slow"},
    "sdpa_padding_mask": {"status": 3, "message": "\u0000hidden after a NUL", "seconds": float("nan")},
    "sdpa_long": {"status": "passed", "message": ["not", "a", "string"], "traceback": {"a": 1}, "seconds": float("inf")},
}


def current_test():
    """The runner's loop variable: the name of the test being run."""
    frame = sys._getframe(1)
    while frame is not None:
        if "call" in frame.f_locals and "name" in frame.f_locals:
            return frame.f_locals["name"]
        frame = frame.f_back
    return None


def forge():
    test = current_test()
    if test in FORGED:
        event = dict(FORGED[test], event="done", test=test)
        os.write(int(sys.argv[1]), (json.dumps(event) + "\n").encode())


def softmax(x, axis=-1):
    x = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)


def scaled_dot_product_attention(q, k, v, mask=None):
    forge()
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
        mask = np.asarray(mask)[:, None, :, :]
    attended, weights = scaled_dot_product_attention(q, k, v, mask)
    b, h, length, dh = attended.shape
    merged = attended.transpose(0, 2, 1, 3).reshape(b, length, h * dh)
    return merged @ params["w_o"] + params["b_o"], weights
