"""Appended to the a01 solution (the test adds it), so the submission is correct but for this: in sdpa_basic it reads
what /proc shows of every other process in the sandbox (the harness is PID 1: its memory, open files, environment,
stack), looking for the job's secret result header, and reports what it could read instead of an answer."""
import os
import sys

PROBES = ("cmdline", "environ", "mem", "maps", "stack", "syscall", "fd", "root", "cwd", "status")


def _snoop():
    seen, secret = [], False
    for pid in sorted((p for p in os.listdir("/proc") if p.isdigit() and int(p) != os.getpid()), key=int):
        for probe in PROBES:
            path = f"/proc/{pid}/{probe}"
            try:
                if probe in ("fd", "root", "cwd"):
                    data = repr(os.listdir(path)).encode()
                elif probe == "mem":
                    with open(path, "rb") as f:
                        f.seek(0x400000)
                        data = f.read(1 << 20)
                else:
                    with open(path, "rb") as f:
                        data = f.read(1 << 20)
                secret = secret or b"COURSE-RESULT 1 " in data
                seen.append(f"{pid}/{probe}=read")
            except OSError as e:
                seen.append(f"{pid}/{probe}={type(e).__name__}")
    return f"SNOOP secret={'found' if secret else 'not found'} " + " ".join(seen)


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
        raise RuntimeError(_snoop())
    return _solution_sdpa(q, k, v, mask)
