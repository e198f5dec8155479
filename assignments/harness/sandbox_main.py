"""Grading harness: the trusted first process of the student sandbox.

Reads a tar archive of the job from stdin (job.json, calls.json, inputs.safetensors and the
submission), runs the student's code in a child process (runner.py) one test at a time with a
time budget per test, and writes one framed tar archive of results to stdout:

    header + 8-byte little-endian length + tar(status.json, outputs/<test>.safetensors)

The header, the caps and the time limits come from the host in job.json (the host defines them,
once). The header carries a per-job secret that the submission never sees (it is taken out of
job.json before the submission starts, and this process is undumpable), so nothing the submission
writes, in its outputs or anywhere else, can pass for the result.

The child's stdout and stderr go to pipes that this process drains, keeping the first MiB of
each, so a submission that prints gigabytes cannot fill anything. Expected outputs never enter
the sandbox: comparing is done by the grader outside.
"""
import ctypes
import io
import json
import os
import select
import signal
import subprocess
import sys
import tarfile
import threading
import time
import weakref

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # -I leaves the script's folder off sys.path
import unpack  # noqa: E402

WORK = os.environ.get("COURSE_WORK", "/work")


def make_undumpable():
    """Keeps the student's process (same uid) out of /proc/<this pid>/fd, where our stdout lives."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except Exception:
        pass


class CappedLog:
    """Keeps the first `cap` bytes of a stream and counts the rest."""

    def __init__(self, cap):
        self.cap, self.data, self.total, self.lock = cap, bytearray(), 0, threading.Lock()

    def drain(self, pipe):
        try:
            while True:
                chunk = os.read(pipe.fileno(), 65536)
                if not chunk:
                    break
                with self.lock:
                    room = self.cap - len(self.data)
                    if room > 0:
                        self.data += chunk[:room]
                    self.total += len(chunk)
        except OSError:
            pass
        finally:
            pipe.close()

    def describe(self):
        with self.lock:
            text = self.data.decode("utf-8", "replace")
            return {"text": text, "total_bytes": self.total, "truncated": self.total > len(self.data)}


def run_child(job, names, logs):
    """Runs runner.py on the named tests; yields (event, payload) as the child reports."""
    r, w = os.pipe()
    child = subprocess.Popen(
        # -u: -I ignores PYTHONUNBUFFERED, and a buffered print is lost when the child is killed.
        [sys.executable, "-I", "-u", os.path.join(os.path.dirname(__file__), "runner.py"), str(w), json.dumps(names)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        pass_fds=(w,), start_new_session=True, cwd=WORK)
    os.close(w)
    for pipe, log in ((child.stdout, logs["stdout"]), (child.stderr, logs["stderr"])):
        threading.Thread(target=log.drain, args=(pipe,), daemon=True).start()
    return child, os.fdopen(r, "rb", buffering=0)


def start_child(job, names, logs):
    """Starts the runner, retrying while killed processes free their pids."""
    for attempt in range(20):
        try:
            return run_child(job, names, logs)
        except (OSError, RuntimeError):  # RuntimeError: "can't start new thread" at the pids limit
            if attempt == 19:
                raise
            reap_orphans()
            time.sleep(0.25)


MAX_EVENT_BYTES = 1024 * 1024
# Bytes read from each channel past its last whole line: the channel is read in chunks, not a byte at a time, so a
# submission that floods it with a line without end is found out in milliseconds rather than in a time-out.
_pending = weakref.WeakKeyDictionary()


def read_event(stream, deadline):
    """One JSON line from the child, None at EOF, or 'timeout' when the deadline passes."""
    line = _pending.setdefault(stream, bytearray())
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return "timeout"
        end = line.find(b"\n", 0, MAX_EVENT_BYTES + 1)
        if end >= 0:
            text = bytes(line[:end])
            del line[:end + 1]
            try:
                return json.loads(text.decode("utf-8"))
            except ValueError:
                return {"event": "garbage"}
        if len(line) > MAX_EVENT_BYTES:
            return {"event": "garbage"}
        ready, _, _ = select.select([stream], [], [], left)
        if not ready:
            return "timeout"
        chunk = os.read(stream.fileno(), 65536)
        if not chunk:
            return None
        line += chunk


def kill_group(child):
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        child.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    reap_orphans()


def reap_orphans():
    """We are PID 1 of the container: orphans of the student's processes become ours, and their
    zombies would hold the pids limit until reaped."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def describe_exit(child):
    code = child.poll()
    if code is None:
        return "did not exit"
    if code < 0:
        name = signal.Signals(-code).name
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"was killed by {name}{hint}"
    return f"exited with code {code}"


IMPORT_BUDGET_S = 60.0


def grade(job, started=None):
    budget = float(job["test_timeout_s"])
    # Importing is mostly the libraries' work, not the student's: `import torch` takes a few seconds on an idle core and
    # several times that on a loaded host. The import gets its own budget (the manifest's import_timeout_s, by default
    # 60 s; at least IMPORT_BUDGET_S when the host sends none); each test keeps test_timeout_s. Both stay inside the
    # run's deadline.
    import_budget = float(job.get("import_timeout_s", max(budget, IMPORT_BUDGET_S)))
    # The whole run's limit: past it the host kills the container, so stop just before and report
    # which tests timed out on their own and which never ran.
    run_limit = float(job["run_deadline_s"])
    run_end = (started if started is not None else time.monotonic()) + run_limit
    tests = [t["name"] for t in job["calls"]]
    status = {}
    log_cap = int(job["limits"]["log_bytes"])
    logs = {"stdout": CappedLog(log_cap), "stderr": CappedLog(log_cap)}
    remaining = list(tests)
    while remaining:
        if time.monotonic() >= run_end:
            for name in remaining:
                status[name] = {"status": "timeout", "message": f"not run: the sandbox's time limit ({run_limit:g} s) "
                                "ran out before this test"}
            break
        try:
            child, events = start_child(job, remaining, logs)
        except (OSError, RuntimeError) as e:
            for name in remaining:
                status[name] = {"status": "crashed", "message": f"the sandbox could not start the submission again ({e}); "
                                "it may have left processes behind"}
            break
        current, imported = None, False
        deadline = min(time.monotonic() + import_budget, run_end)
        while True:
            ev = read_event(events, deadline)
            if ev == "timeout":
                kill_group(child)
                out_of_run = deadline >= run_end
                if current is None:
                    msg = (f"the sandbox's time limit ({run_limit:g} s) ran out while importing the submission" if out_of_run
                           else f"importing the submission took longer than {import_budget:g} s")
                    for name in remaining:
                        status[name] = {"status": "timeout", "message": msg}
                    remaining = []
                else:
                    status[current] = {"status": "timeout", "message":
                                       f"the sandbox's time limit ({run_limit:g} s) ran out during this test" if out_of_run
                                       else f"the call took longer than {budget:g} s"}
                    remaining.remove(current)
                break
            if ev is None or ev.get("event") == "garbage":
                kill_group(child)
                why = "wrote garbage on the harness channel" if ev else describe_exit(child)
                if not imported:
                    for name in remaining:
                        status[name] = {"status": "crashed", "message": f"the submission {why} while being imported"}
                    remaining = []
                elif current is not None:
                    status[current] = {"status": "crashed", "message": f"the submission {why} during this test"}
                    remaining.remove(current)
                break
            kind = ev.get("event")
            if kind == "imported":
                imported = True
            elif kind == "import_failed":
                # Every test that did not run carries the error and the flag that says why: the grader shows it once,
                # at the top, and the tests as not run (a grader that does not know the flag shows it under each).
                for name in remaining:
                    status[name] = {"status": "error", "message": ev.get("message", ""), "traceback": ev.get("traceback", ""),
                                    "import_failed": True}
                remaining = []
                kill_group(child)
                break
            elif kind == "start" and ev.get("test") in remaining:
                current = ev["test"]
                deadline = min(time.monotonic() + budget, run_end)
            elif kind == "done" and ev.get("test") == current:
                status[current] = {k: ev.get(k) for k in ("status", "message", "traceback", "seconds") if k in ev}
                remaining.remove(current)
                current = None
                deadline = min(time.monotonic() + budget, run_end)
                if not remaining:
                    kill_group(child)
                    break
        events.close()
    time.sleep(0.05)  # let the drain threads take what the last child wrote
    return status, logs


def memory_peak_bytes():
    """The container's peak memory use, from its cgroup (v2 or v1); None where neither is readable."""
    for path in ("/sys/fs/cgroup/memory.peak", "/sys/fs/cgroup/memory/memory.max_usage_in_bytes"):
        try:
            with open(path) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            continue
    return None


def result_archive(status, logs, result_cap):
    outputs = {}
    out_dir, total = os.path.join(WORK, "out"), 0
    for name in sorted(status):
        path = os.path.join(out_dir, name + ".safetensors")
        if status[name].get("status") != "ok":
            continue
        if not os.path.isfile(path) or os.path.islink(path):
            status[name] = {"status": "error", "message": "the harness found no outputs for this test"}
            continue
        total += os.path.getsize(path)
        if total > result_cap:
            status[name] = {"status": "error", "message": "outputs are larger than the grader accepts"}
            continue
        with open(path, "rb") as f:
            outputs[f"outputs/{name}.safetensors"] = f.read()
    report = {"tests": status, "logs": {k: v.describe() for k, v in logs.items()}, "memory_peak_bytes": memory_peak_bytes()}
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in [("status.json", json.dumps(report).encode())] + sorted(outputs.items()):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def main():
    started = time.monotonic()
    make_undumpable()
    out = os.fdopen(os.dup(1), "wb")
    # Nothing else of ours goes to stdout: it is the result channel.
    os.dup2(2, 1)
    os.umask(0o077)
    job = unpack.receive_job(sys.stdin.buffer, WORK)
    header = job.pop("result_header").encode()
    try:
        status, logs = grade(job, started)
    except Exception as e:  # the submission exhausted the sandbox (pids, memory): report, don't vanish
        logs = {"stdout": CappedLog(0), "stderr": CappedLog(0)}
        status = {c["name"]: {"status": "crashed", "message": f"the sandbox ran out of resources: {type(e).__name__}: {e}"}
                  for c in job["calls"]}
    data = result_archive(status, logs, int(job["limits"]["result_bytes"]))
    out.write(header + len(data).to_bytes(8, "little") + data)
    out.flush()


if __name__ == "__main__":
    main()
