"""A correct a01 solution that, in four of its tests, writes out/<test>.safetensors itself with a malformed
header, tells the harness the test went well (a forged "done" event on the harness's channel), and exits before
the runner can write the real outputs. The harness restarts the runner for the remaining tests."""
import json
import os
import struct
import sys

import numpy as np

HEADERS = {
    "sdpa_basic": {"sdpa_basic/output": {"dtype": 7, "shape": [2, 3, 8], "data_offsets": [0, 384]}},
    "sdpa_padding_mask": {"sdpa_padding_mask/output": {"dtype": "F64", "shape": ["x"], "data_offsets": [None, 8]}},
    "sdpa_causal_float32": {"__metadata__": [1], "sdpa_causal_float32/output": {"dtype": "F64", "shape": [1], "data_offsets": [0, 1e30]}},
    "sdpa_extra_batch_dims": {"sdpa_extra_batch_dims/output": {"dtype": "U8", "shape": [1] * 1_000_000, "data_offsets": [0, 1]}},
}


def current_test():
    """The runner's loop variable: the name of the test being run."""
    frame = sys._getframe(1)
    while frame is not None:
        if "call" in frame.f_locals and "name" in frame.f_locals:
            return frame.f_locals["name"]
        frame = frame.f_back
    return None


def sabotage():
    test = current_test()
    if test not in HEADERS:
        return
    header = json.dumps(HEADERS[test]).encode()
    work = os.environ.get("COURSE_WORK", "/work")
    with open(os.path.join(work, "out", test + ".safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header + bytes(8))
    os.write(int(sys.argv[1]), (json.dumps({"event": "done", "test": test, "status": "ok", "seconds": 0.01}) + "\n").encode())
    os._exit(0)


def softmax(x, axis=-1):
    x = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)


def scaled_dot_product_attention(q, k, v, mask=None):
    sabotage()
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
