"""Appended to the a01 solution (the test adds it), so the submission is correct but for this: it forges the harness's "done" event in three tests, with fields of the wrong
types: a null message and traceback, a status that is a number or unknown, seconds that are a string or NaN.
The runner's own "done" that follows is ignored by the harness, which has moved on."""
import json
import os
import sys


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


# The solution's functions, forging first (multi_head_attention reaches the new one through the module's globals).
_solution_sdpa = scaled_dot_product_attention  # noqa: F821 (defined by the solution above)


def scaled_dot_product_attention(q, k, v, mask=None):
    forge()
    return _solution_sdpa(q, k, v, mask)
