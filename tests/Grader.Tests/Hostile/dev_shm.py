"""Appended to the a01 solution (the test adds it): at import it fills /dev/shm, a writable place outside the work
dir, and reports how much it held. The tests themselves answer correctly."""
import os

_written = 0
try:
    with open("/dev/shm/fill.bin", "wb") as _f:
        while _written < 1 << 30:
            _f.write(b"\1" * (1 << 20))
            _f.flush()
            _written += 1 << 20
    _why = "stopped at 1 GiB"
except OSError as e:
    _why = e.strerror
print(f"SHM wrote {_written >> 20} MiB: {_why}", flush=True)
