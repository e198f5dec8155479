"""Appended to the a01 solution (the test adds it): each scaled-dot-product test returns something other than an
array of real numbers of a sane size: objects, complex numbers, a broadcast view of 2**40 elements (no memory until
copied), 3 million float64s (24 MB: more than the test's 16 MiB work dir holds) and an empty array with dimensions of 2**28.
The multi-head tests answer correctly."""
import sys

import numpy as np


def _current_test():
    frame = sys._getframe(1)
    while frame is not None:
        if "call" in frame.f_locals and "name" in frame.f_locals:
            return frame.f_locals["name"]
        frame = frame.f_back
    return None


_HOSTILE = {
    "sdpa_basic": lambda: np.array([object(), None], dtype=object),
    "sdpa_padding_mask": lambda: np.ones((2, 5, 4), dtype=np.complex128),
    "sdpa_causal_float32": lambda: np.broadcast_to(np.float64(1), (1 << 20, 1 << 20)),
    "sdpa_extra_batch_dims": lambda: np.broadcast_to(np.float64(1), (3_000_000,)),
    "sdpa_long": lambda: np.zeros((0, 1 << 28, 1 << 28)),
}

_solution_sdpa = scaled_dot_product_attention  # noqa: F821 (defined by the solution above)


def scaled_dot_product_attention(q, k, v, mask=None):
    hostile = _HOSTILE.get(_current_test())
    if hostile is not None:
        out = hostile()
        return out, np.zeros(1)
    return _solution_sdpa(q, k, v, mask)
