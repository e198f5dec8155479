"""Appended to the a01 solution (the test adds it): at import it tries to create a million empty files in each
writable place, the work dir, /tmp and /dev/shm (each file costs the kernel an inode and memory, not bytes of the size
cap), and reports where it stopped. With the work dir's inodes used up, no test can save its outputs."""
import os

for _folder in (os.path.join(os.getcwd(), "many"), "/tmp/many", "/dev/shm/many"):
    _made, _why = 0, "made them all"
    try:
        os.makedirs(_folder, exist_ok=True)
        for _i in range(1_000_000):
            os.close(os.open(os.path.join(_folder, str(_i)), os.O_CREAT | os.O_WRONLY, 0o600))
            _made += 1
    except OSError as e:
        _why = e.strerror
    print(f"FILES {_folder}: {_made} files: {_why}", flush=True)
