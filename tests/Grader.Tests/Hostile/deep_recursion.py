"""Appended to the a01 solution (the test adds it): lifts the recursion limit and recurses without end, through
Python calls in sdpa_basic and through C (map) in sdpa_padding_mask, so the interpreter's stack (not the memory limit)
is what stops it. The other tests answer correctly."""
import sys


def _down(n):
    return _down(n + 1) + 1


def _down_through_c(n):
    return list(map(_down_through_c, [n + 1]))


def _current_test():
    frame = sys._getframe(1)
    while frame is not None:
        if "call" in frame.f_locals and "name" in frame.f_locals:
            return frame.f_locals["name"]
        frame = frame.f_back
    return None


_solution_sdpa = scaled_dot_product_attention  # noqa: F821 (defined by the solution above)


def scaled_dot_product_attention(q, k, v, mask=None):
    test = _current_test()
    if test in ("sdpa_basic", "sdpa_padding_mask"):
        sys.setrecursionlimit(1_000_000_000)
        return _down(0) if test == "sdpa_basic" else _down_through_c(0)
    return _solution_sdpa(q, k, v, mask)
