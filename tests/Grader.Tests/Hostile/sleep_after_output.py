"""Appended to the a01 solution (the test adds it): in the padding-mask and causal tests it computes the right
answer, writes it where the harness would (out/<test>.safetensors), prints a plausible "passed" line, and then sleeps
past the test's time limit instead of returning. The other tests answer correctly."""
import os
import sys
import time

from safetensors.numpy import save_file


def _current_test():
    frame = sys._getframe(1)
    while frame is not None:
        if "call" in frame.f_locals and "name" in frame.f_locals:
            return frame.f_locals["name"]
        frame = frame.f_back
    return None


_solution_sdpa = scaled_dot_product_attention  # noqa: F821 (defined by the solution above)


def scaled_dot_product_attention(q, k, v, mask=None):
    out, weights = _solution_sdpa(q, k, v, mask)
    test = _current_test()
    if test in ("sdpa_padding_mask", "sdpa_causal_float32"):
        save_file({f"{test}/output": out.astype("float64"), f"{test}/weights": weights.astype("float64")},
                  os.path.join(os.getcwd(), "out", test + ".safetensors"))
        print(f"{test}: passed (10/10)", flush=True)
        time.sleep(3600)
    return out, weights
