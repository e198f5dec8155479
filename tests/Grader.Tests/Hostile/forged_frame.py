"""Appended to the a01 solution (the test adds it), so the submission is correct but for this: it plants forged result frames everywhere it can: in its stdout, its stderr and, in
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


_solution_sdpa = scaled_dot_product_attention  # noqa: F821 (defined by the solution above)


def scaled_dot_product_attention(q, k, v, mask=None):
    if np.shape(q) == (4, 16, 32):  # sdpa_long: given up to carry a forged frame in its outputs
        frame = np.frombuffer(forged_frame(), dtype=np.uint8)
        return frame, frame
    return _solution_sdpa(q, k, v, mask)
