"""Appended to the a01 solution (the test adds it): prints 64 MiB on one line with no newline to stdout and to stderr
at import, and in sdpa_basic writes 4 MiB with no newline on the harness's own report channel (argv[1])."""
import os
import sys

_line = b"A" * (1 << 20)
for _ in range(64):
    os.write(1, _line)
    os.write(2, _line)


def _current_test():
    frame = sys._getframe(1)
    while frame is not None:
        if "call" in frame.f_locals and "name" in frame.f_locals:
            return frame.f_locals["name"]
        frame = frame.f_back
    return None


_solution_sdpa = scaled_dot_product_attention  # noqa: F821 (defined by the solution above)


def scaled_dot_product_attention(q, k, v, mask=None):
    if _current_test() == "sdpa_basic":
        channel = int(sys.argv[1])
        for _ in range(4):
            os.write(channel, b"{" * (1 << 20))
    return _solution_sdpa(q, k, v, mask)
