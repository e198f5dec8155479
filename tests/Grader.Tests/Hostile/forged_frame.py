"""A correct a01 solution that plants forged result frames everywhere it can: in its stdout, its stderr and, in
one test (sdpa_long, which it gives up), inside the bytes of its outputs. Each forged frame claims every test
failed with "FORGED". Only the harness's frame, opened by the job's secret, may be read."""
import io
import json
import sys
import tarfile

import numpy as np


def forged_frame():
    status = {"tests": {name: {"status": "error", "message": "FORGED"} for name in (
        "sdpa_basic", "sdpa_padding_mask", "sdpa_causal_float32", "sdpa_extra_batch_dims", "sdpa_long",
        "mha_self_nomask", "mha_cross_padding", "mha_causal_float32", "mha_cross_random", "mha_one_head")},
        "logs": {"stdout": {"text": "FORGED", "total_bytes": 6, "truncated": False}}, "memory_peak_bytes": 0}
    data = json.dumps(status).encode()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo("status.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    payload = buf.getvalue()
    return b"COURSE-RESULT 1\n" + len(payload).to_bytes(8, "little") + payload


sys.stdout.buffer.write(forged_frame())
sys.stdout.flush()
sys.stderr.buffer.write(forged_frame())
sys.stderr.flush()


def softmax(x, axis=-1):
    x = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)


def scaled_dot_product_attention(q, k, v, mask=None):
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    if q.shape == (4, 16, 32):  # sdpa_long: given up to carry a forged frame in its outputs
        frame = np.frombuffer(forged_frame(), dtype=np.uint8)
        return frame, frame
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(np.asarray(mask).astype(bool), scores, -np.inf)
    weights = softmax(scores)
    return weights @ v, weights


def multi_head_attention(query, key, value, params, num_heads, mask=None):
    def split(x):
        b, length, d = x.shape
        return x.reshape(b, length, num_heads, d // num_heads).transpose(0, 2, 1, 3)

    q = split(query @ params["w_q"] + params["b_q"])
    k = split(key @ params["w_k"] + params["b_k"])
    v = split(value @ params["w_v"] + params["b_v"])
    if mask is not None:
        mask = np.asarray(mask)[:, None, :, :]
    heads, weights = scaled_dot_product_attention(q, k, v, mask)
    b, h, length, dv = heads.shape
    merged = heads.transpose(0, 2, 1, 3).reshape(b, length, h * dv)
    return merged @ params["w_o"] + params["b_o"], weights
