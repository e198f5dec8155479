import os
import sys

# 4 GiB of output, as fast as the pipe takes it.
chunk = b"spam" * (1 << 18)
for _ in range(4096):
    os.write(1, chunk)


def scaled_dot_product_attention(q, k, v, mask=None):
    sys.stdout.write("x" * 10_000_000)
    raise RuntimeError("still here")
