"""What the harness tests share: the harness on sys.path, and a work folder laid out as the grader
sends it (job.json, calls.json, inputs.safetensors and the upload, as one tar on a stream)."""
import importlib.util
import io
import json
import os
import py_compile
import shutil
import sys
import tarfile
import tempfile
import unittest
import zipfile
from unittest import mock

HARNESS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HARNESS)

import numpy as np  # noqa: E402


def tar_of(files):
    """A tar archive of {name: bytes}."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def zip_of(files):
    """A zip archive of {name: bytes or str}."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def call(name, entry, args=("x",), outputs=("y",), stages=None):
    """One entry of calls.json: the entry point called on the named input tensors."""
    c = {"name": name, "entry": entry, "args": [{"tensor": a} for a in args], "outputs": list(outputs)}
    if stages:
        c["stages"] = list(stages)
    return c


# What the host's job.json carries besides the submission (GradingPipeline writes them; these are test values).
LIMITS = {"zip_entries": 500, "zip_bytes": 32 * 1024 * 1024, "result_bytes": 48 * 1024 * 1024, "log_bytes": 1024 * 1024}
HEADER = "COURSE-RESULT 1 test-secret-0123456789abcdef\n"


def job_files(submission, kind="py", calls=(), inputs=None, timeout_s=30.0, module="attention.py", run_deadline_s=60.0,
              import_timeout_s="same"):
    from safetensors.numpy import save

    job = {"module": module, "submission_file": "upload." + kind, "submission_kind": kind, "test_timeout_s": timeout_s,
           "run_deadline_s": run_deadline_s, "limits": LIMITS, "result_header": HEADER}
    # Tests time imports with the test budget unless they are about the import budget itself (None: the harness default).
    if import_timeout_s is not None:
        job["import_timeout_s"] = timeout_s if import_timeout_s == "same" else import_timeout_s
    return {
        "job.json": json.dumps(job).encode(),
        "calls.json": json.dumps(list(calls)).encode(),
        "inputs.safetensors": save(inputs if inputs is not None else {"x": np.arange(4.0)}),
        f"submission/upload.{kind}": submission.encode() if isinstance(submission, str) else submission,
    }


def unchecked_pyc(source_path, text):
    """Writes `text` as the bytecode cache of source_path, an unchecked-hash .pyc: CPython runs it
    without looking at the source beside it. Returns the .pyc's path."""
    scratch = source_path + ".scratch.py"
    with open(scratch, "w") as f:
        f.write(text)
    cfile = importlib.util.cache_from_source(source_path)
    py_compile.compile(scratch, cfile=cfile, dfile=source_path, doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    os.remove(scratch)
    return cfile


class WorkTest(unittest.TestCase):
    """A test with its own work folder, which the harness (and the runner it starts) use as /work."""

    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="harness-test-")
        self.addCleanup(shutil.rmtree, self.work, ignore_errors=True)
        previous = os.environ.get("COURSE_WORK")
        os.environ["COURSE_WORK"] = self.work  # read by the runner child at start
        self.addCleanup(lambda: os.environ.pop("COURSE_WORK") if previous is None else os.environ.update(COURSE_WORK=previous))

    def path(self, *parts):
        return os.path.join(self.work, *parts)


class GradingTest(WorkTest):
    """Grades as the sandbox does: the job from a tar, then grade() running the real runner.py as a child."""

    def grade(self, submission, calls, kind="py", timeout_s=30.0, plant=None, run_deadline_s=60.0, import_timeout_s="same"):
        """plant, if given, runs between unpacking the job and grading: it may put files in the work folder."""
        import sandbox_main
        import unpack

        job = unpack.receive_job(io.BytesIO(tar_of(job_files(submission, kind=kind, calls=calls, timeout_s=timeout_s,
                                                              run_deadline_s=run_deadline_s, import_timeout_s=import_timeout_s))), self.work)
        if plant:
            plant()
        with mock.patch.object(sandbox_main, "WORK", self.work):
            status, logs = sandbox_main.grade(job)
        return status, {k: v.describe() for k, v in logs.items()}

    def output(self, test, name="y"):
        from safetensors.numpy import load_file

        return load_file(self.path("out", test + ".safetensors"))[f"{test}/{name}"]
