"""unpack.py: the job arrives as a tar on stdin and the upload is laid out as a module, refusing
anything that could escape the work folder or run other code than the source a TA reads."""
import io
import json
import os
import re
import shutil
import stat
import tarfile
import threading
import unittest
import warnings
import zipfile
from unittest import mock

from support import LIMITS, WorkTest, job_files, tar_of, zip_of

import unpack


def notebook(*cells, **top):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells)}
    nb.update(top)
    return json.dumps(nb)


def code(source):
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source}


def markdown(source):
    return {"cell_type": "markdown", "metadata": {}, "source": source}


class ReceiveJobTests(WorkTest):
    def test_a_job_on_a_pipe_is_unpacked_into_in_and_its_calls_are_read(self):
        files = job_files("def f(x):\n    return x\n", calls=[{"name": "t1", "entry": "f", "args": [], "outputs": ["y"]}])
        r, w = os.pipe()
        writer = threading.Thread(target=lambda: (os.write(w, tar_of(files)), os.close(w)))
        writer.start()
        with os.fdopen(r, "rb") as stream:  # not seekable, like stdin
            job = unpack.receive_job(stream, self.work)
        writer.join()

        self.assertEqual("py", job["submission_kind"])
        self.assertEqual(["t1"], [c["name"] for c in job["calls"]])
        with open(self.path("in", "submission", "upload.py")) as f:
            self.assertIn("return x", f.read())
        self.assertTrue(os.path.isdir(self.path("out")))

    def test_names_that_leave_the_work_folder_are_refused(self):
        for name in ("../escape.py", "/etc/cron.d/evil", "submission/../../escape.py", "c:evil"):
            with self.subTest(name=name):
                files = dict(job_files("x = 1"), **{name: b"x"})
                with self.assertRaisesRegex(unpack.SubmissionError, "unsafe path"):
                    unpack.receive_job(io.BytesIO(tar_of(files)), self.work)

    def test_links_and_devices_in_the_job_are_skipped(self):
        extra = io.BytesIO()
        with tarfile.open(fileobj=extra, mode="w") as tar:
            for name, kind in (("passwd", tarfile.SYMTYPE), ("hard", tarfile.LNKTYPE), ("fifo", tarfile.FIFOTYPE)):
                info = tarfile.TarInfo(name)
                info.type, info.linkname = kind, "/etc/passwd"
                tar.addfile(info)
            for name, data in job_files("x = 1").items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        extra.seek(0)
        unpack.receive_job(extra, self.work)
        self.assertEqual(sorted(["job.json", "calls.json", "inputs.safetensors", "submission"]), sorted(os.listdir(self.path("in"))))

    def test_a_job_over_the_size_limit_is_refused(self):
        with mock.patch.object(unpack, "MAX_JOB_BYTES", 100):
            with self.assertRaisesRegex(unpack.SubmissionError, "too large"):
                unpack.receive_job(io.BytesIO(tar_of(job_files("x = 1" + " " * 200))), self.work)


class SecretTests(WorkTest):
    def test_the_result_header_is_returned_to_the_harness_and_left_out_of_the_submission_s_job_json(self):
        job = unpack.receive_job(io.BytesIO(tar_of(job_files("x = 1"))), self.work)

        self.assertIn("test-secret", job["result_header"])
        with open(self.path("in", "job.json")) as f:
            on_disk = f.read()
        self.assertNotIn("test-secret", on_disk)
        self.assertNotIn("result_header", json.loads(on_disk))
        self.assertEqual(LIMITS, json.loads(on_disk)["limits"])


class ExtractZipTests(WorkTest):
    limits = LIMITS

    def extract(self, data):
        with open(self.path("upload.zip"), "wb") as f:
            f.write(data)
        dest = self.path("submission")
        os.makedirs(dest, exist_ok=True)
        unpack.extract_zip(self.path("upload.zip"), dest, self.limits)
        return dest

    def test_files_and_folders_are_laid_out_as_zipped(self):
        dest = self.extract(zip_of({"attention.py": "x = 1", "lib/": "", "lib/util.py": "y = 2", "./a//b.py": "z"}))
        self.assertTrue(os.path.isfile(os.path.join(dest, "attention.py")))
        self.assertTrue(os.path.isfile(os.path.join(dest, "lib", "util.py")))
        self.assertTrue(os.path.isfile(os.path.join(dest, "a", "b.py")))

    def test_unsafe_names_are_refused(self):
        for name in ("../evil.py", "/abs.py", "a/../../evil.py", "a\\..\\..\\evil.py"):
            with self.subTest(name=name), self.assertRaisesRegex(unpack.SubmissionError, "unsafe path"):
                self.extract(zip_of({"attention.py": "x = 1", name: "evil"}))

    def test_a_symbolic_link_is_refused(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("attention.py", "x = 1")
            link = zipfile.ZipInfo("data")
            link.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(link, "/etc/passwd")
        with self.assertRaisesRegex(unpack.SubmissionError, "symbolic link: 'data'"):
            self.extract(buf.getvalue())

    def test_a_device_pipe_or_socket_is_refused(self):
        for kind in (stat.S_IFIFO, stat.S_IFCHR, stat.S_IFBLK, stat.S_IFSOCK):
            with self.subTest(kind=kind):
                buf = io.BytesIO()
                with zipfile.ZipFile(buf, "w") as zf:
                    zf.writestr("attention.py", "x = 1")
                    special = zipfile.ZipInfo("dev")
                    special.external_attr = (kind | 0o666) << 16
                    zf.writestr(special, "")
                with self.assertRaisesRegex(unpack.SubmissionError, r"special file \(a device, pipe or socket\): 'dev'"):
                    self.extract(buf.getvalue())

    def test_a_name_with_a_control_or_invisible_character_is_refused(self):
        for name in ("notes\nattention.py", "a\x1b[2Jb.py", "evil\u202eyp.txt"):
            with self.subTest(name=name):
                with self.assertRaisesRegex(unpack.SubmissionError, "control or invisible character"):
                    self.extract(zip_of({"attention.py": "x = 1", name: "x = 2"}))

    def test_too_many_entries_are_refused(self):
        self.limits = dict(LIMITS, zip_entries=3)
        with self.assertRaisesRegex(unpack.SubmissionError, "holds 4 entries; at most 3"):
            self.extract(zip_of({f"f{i}.py": "" for i in range(4)}))

    def test_more_than_the_unpacked_limit_is_refused_before_anything_is_written(self):
        self.limits = dict(LIMITS, zip_bytes=1000)
        with self.assertRaisesRegex(unpack.SubmissionError, "unpacks to more than 1,000 bytes"):
            self.extract(zip_of({"attention.py": "x = 1", "big.bin": b"\0" * 2000}))
        self.assertEqual([], os.listdir(self.path("submission")))

    def test_compiled_code_is_refused_naming_the_entry(self):
        for name in ("__pycache__/attention.cpython-313.pyc", "hw/__pycache__/", "helpers.pyc", "helpers.PYO",
                     "fast.cpython-313-x86_64-linux-gnu.so", "fast.pyd"):
            with self.subTest(name=name), self.assertRaisesRegex(unpack.SubmissionError, re.escape(f"compiled code: {name!r}")):
                self.extract(zip_of({"attention.py": "x = 1", name: "compiled"}))

    def test_a_file_given_twice_is_refused(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate it writes
            data = zip_of({"attention.py": "x = 1", "./attention.py": "x = 2"})
        with self.assertRaisesRegex(unpack.SubmissionError, "'attention.py' twice"):
            self.extract(data)


class NotebookSourceTests(WorkTest):
    def source(self, text):
        with open(self.path("upload.ipynb"), "w") as f:
            f.write(text)
        return unpack.notebook_source(self.path("upload.ipynb"))

    def test_code_cells_are_joined_in_order_and_other_cells_left_out(self):
        text = notebook(markdown("# Title"), code("import numpy as np"), {"cell_type": "raw", "source": "raw"},
                        code(["def f(x):\n", "    return x % 2\n"]))
        self.assertEqual("import numpy as np\n\ndef f(x):\n    return x % 2\n\n", self.source(text))

    def test_magics_and_shell_lines_are_refused_naming_the_cell(self):
        for line, shown in (("!pip install torch", "!pip install torch"), ("  %matplotlib inline", "%matplotlib inline"),
                            ("%%time", "%%time"), ("ip = get_ipython()", "ip = get_ipython()"),
                            ("!" + "x" * 60, "!" + "x" * 39 + "…")):
            with self.subTest(line=line), self.assertRaisesRegex(unpack.SubmissionError, "cell 3 uses `" + re.escape(shown) + "`: magics"):
                self.source(notebook(markdown("# t"), code("x = 1"), code(f"y = 2\r\n{line}\nz = 3")))

    def test_versions_other_than_4_are_refused(self):
        v3 = json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {},
                         "worksheets": [{"cells": [{"cell_type": "code", "input": "x = 2"}]}]})
        for text in (v3, notebook(code("x = 1"), nbformat="4"), json.dumps([code("x = 1")])):
            with self.subTest(text=text[:40]), self.assertRaisesRegex(unpack.SubmissionError, "not in format version 4"):
                self.source(text)

    def test_worksheets_beside_v4_cells_are_refused(self):
        with self.assertRaisesRegex(unpack.SubmissionError, "worksheets"):
            self.source(notebook(code("x = 1"), worksheets=[{"cells": [code("x = 2")]}]))

    def test_a_key_given_twice_is_refused(self):
        text = '{"nbformat": 4, "cells": [{"cell_type": "code", "source": "x = 1", "source": "x = 2"}]}'
        with self.assertRaisesRegex(unpack.SubmissionError, "key twice"):
            self.source(text)

    def test_broken_notebooks_are_refused(self):
        for text, message in (("{cells: [", "not valid JSON"), (notebook(markdown("# only prose")), "no code cells"),
                              (notebook(7), "cell 1 of the notebook is not a cell"),
                              (notebook({"cell_type": "code", "source": 3}), "cell 1 of the notebook has no source")):
            with self.subTest(message=message), self.assertRaisesRegex(unpack.SubmissionError, message):
                self.source(text)


class PrepareSubmissionTests(WorkTest):
    def prepare(self, submission, kind):
        unpack.receive_job(io.BytesIO(tar_of(job_files(submission, kind=kind))), self.work)
        with open(self.path("in", "job.json")) as f:
            return unpack.prepare_submission(json.load(f), self.work)

    def read(self, folder, name="attention.py"):
        with open(os.path.join(folder, name)) as f:
            return f.read()

    def test_a_py_file_becomes_the_module(self):
        folder = self.prepare("def f():\n    return 1\n", "py")
        self.assertEqual(self.path("submission"), folder)
        self.assertEqual("def f():\n    return 1\n", self.read(folder))

    def test_a_notebook_becomes_the_module_from_its_code_cells(self):
        folder = self.prepare(notebook(markdown("# hi"), code("x = 1"), code("y = 2")), "ipynb")
        self.assertEqual("x = 1\n\ny = 2\n", self.read(folder))

    def test_a_flat_zip_is_the_module_s_folder(self):
        folder = self.prepare(zip_of({"attention.py": "x = 1", "util.py": "y = 2"}), "zip")
        self.assertEqual(self.path("submission"), folder)
        self.assertEqual("y = 2", self.read(folder, "util.py"))

    def test_a_zip_with_one_enclosing_folder_is_accepted(self):
        folder = self.prepare(zip_of({"hw1/attention.py": "x = 1", "hw1/util.py": "y = 2", "notes/readme.txt": "hi"}), "zip")
        self.assertEqual(self.path("submission", "hw1"), folder)

    def test_a_zip_without_the_module_or_with_two_candidates_is_refused(self):
        for files in ({"other.py": "x"}, {"a/attention.py": "x", "b/attention.py": "y"}, {"a/b/attention.py": "x"}):
            with self.subTest(files=sorted(files)), self.assertRaisesRegex(unpack.SubmissionError, "does not contain attention.py"):
                shutil.rmtree(self.work)
                os.makedirs(self.work)
                self.prepare(zip_of(files), "zip")

    def test_an_unknown_kind_is_refused(self):
        with self.assertRaisesRegex(unpack.SubmissionError, "unknown submission kind 'exe'"):
            self.prepare("MZ", "exe")


if __name__ == "__main__":
    unittest.main()
