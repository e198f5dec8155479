"""Appended to the a01 solution (the test adds it), so the submission is correct but for this: it, in four of its tests, writes out/<test>.safetensors itself with a malformed
header, tells the harness the test went well (a forged "done" event on the harness's channel), and exits before
the runner can write the real outputs. The harness restarts the runner for the remaining tests."""
import json
import os
import struct
import sys


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


# The solution's functions, sabotaged first (multi_head_attention reaches the new one through the module's globals).
_solution_sdpa = scaled_dot_product_attention  # noqa: F821 (defined by the solution above)


def scaled_dot_product_attention(q, k, v, mask=None):
    sabotage()
    return _solution_sdpa(q, k, v, mask)
