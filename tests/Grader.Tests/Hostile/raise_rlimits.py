"""Appended to the a01 solution (the test adds it): at import it tries to lift its own hard limits (processes, open
files, file size, address space, CPU time) and to lower the harness's (PID 1) so that the harness cannot open a file,
poll its pipes or use the CPU any more. The limits it is allowed to touch are its own, lowered."""
import os
import resource

NAMES = ("RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_FSIZE", "RLIMIT_AS", "RLIMIT_CPU")
answers = []
for name in NAMES:
    which = getattr(resource, name)
    soft, hard = resource.getrlimit(which)
    try:
        resource.setrlimit(which, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        answers.append(f"raise {name}=ok")
    except (ValueError, OSError) as e:
        answers.append(f"raise {name}={type(e).__name__}")
for name, value in (("RLIMIT_NOFILE", 1), ("RLIMIT_CPU", 1), ("RLIMIT_AS", 1 << 20), ("RLIMIT_NPROC", 1)):
    try:
        resource.prlimit(1, getattr(resource, name), (value, value))
        answers.append(f"lower harness {name}=ok")
    except (ValueError, OSError) as e:
        answers.append(f"lower harness {name}={type(e).__name__}")
print("RLIMITS " + " ".join(answers), flush=True)
