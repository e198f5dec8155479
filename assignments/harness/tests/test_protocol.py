"""sandbox_main.py: the event protocol with the runner child, and grade() driving a real runner.py
on small submissions, hostile ones included."""
import importlib.util
import os
import threading
import time
import unittest

import numpy as np
from support import GradingTest, call, unchecked_pyc, zip_of

import sandbox_main


class ReadEventTests(unittest.TestCase):
    def channel(self):
        r, w = os.pipe()
        stream = os.fdopen(r, "rb", buffering=0)
        self.addCleanup(stream.close)
        writer = os.fdopen(w, "wb", buffering=0)
        self.addCleanup(lambda: writer.closed or writer.close())
        return stream, writer

    def read(self, stream, seconds=5.0):
        return sandbox_main.read_event(stream, time.monotonic() + seconds)

    def test_each_json_line_is_one_event(self):
        stream, writer = self.channel()
        writer.write(b'{"event": "imported"}\n{"event": "start", "test": "t1"}\n')
        self.assertEqual({"event": "imported"}, self.read(stream))
        self.assertEqual({"event": "start", "test": "t1"}, self.read(stream))

    def test_a_line_that_is_not_json_or_not_utf8_is_garbage(self):
        stream, writer = self.channel()
        writer.write(b"hello harness\n\xff\xfe{}\n")
        self.assertEqual({"event": "garbage"}, self.read(stream))
        self.assertEqual({"event": "garbage"}, self.read(stream))

    def test_a_line_over_a_mebibyte_is_garbage_without_waiting_for_its_end(self):
        stream, writer = self.channel()
        feeder = threading.Thread(target=lambda: writer.write(b"x" * (1024 * 1024 + 16)), daemon=True)
        feeder.start()
        self.assertEqual({"event": "garbage"}, self.read(stream, seconds=60))

    def test_a_flood_without_a_newline_is_garbage_within_a_second(self):
        # Read a byte at a time, a mebibyte took longer than a test's time budget on a loaded machine: a time-out, not
        # what the submission did.
        stream, writer = self.channel()
        feeder = threading.Thread(target=lambda: writer.write(b"{" * (4 * 1024 * 1024)), daemon=True)
        feeder.start()
        began = time.monotonic()
        self.assertEqual({"event": "garbage"}, self.read(stream, seconds=60))
        self.assertLess(time.monotonic() - began, 1.0)

    def test_events_read_in_one_chunk_come_out_one_at_a_time_and_a_cut_one_waits_for_its_end(self):
        stream, writer = self.channel()
        writer.write(b'{"event": "imported"}\n{"event": "start", "test": "t1"}\n{"event": "do')
        self.assertEqual({"event": "imported"}, self.read(stream))
        self.assertEqual({"event": "start", "test": "t1"}, self.read(stream))
        self.assertEqual("timeout", self.read(stream, seconds=0.2))
        writer.write(b'ne", "test": "t1"}\n')
        self.assertEqual({"event": "done", "test": "t1"}, self.read(stream))

    def test_end_of_file_is_none_and_a_cut_line_is_dropped(self):
        stream, writer = self.channel()
        writer.write(b'{"event": "done", "te')
        writer.close()
        self.assertIsNone(self.read(stream))

    def test_silence_or_half_a_line_until_the_deadline_is_a_timeout(self):
        for first in (b"", b'{"event": "sta'):
            with self.subTest(first=first):
                stream, writer = self.channel()
                writer.write(first)
                began = time.monotonic()
                self.assertEqual("timeout", self.read(stream, seconds=0.3))
                self.assertGreaterEqual(time.monotonic() - began, 0.29)

    def test_a_deadline_already_past_is_a_timeout_even_with_data_waiting(self):
        stream, writer = self.channel()
        writer.write(b'{"event": "imported"}\n')
        self.assertEqual("timeout", self.read(stream, seconds=-1))


class CappedLogTests(unittest.TestCase):
    def test_the_first_bytes_are_kept_and_the_rest_counted(self):
        r, w = os.pipe()
        log = sandbox_main.CappedLog(1000)
        drain = threading.Thread(target=log.drain, args=(os.fdopen(r, "rb", buffering=0),))
        drain.start()
        os.write(w, "é".encode() * 1500)
        os.close(w)
        drain.join(10)
        described = log.describe()
        self.assertEqual({"total_bytes": 3000, "truncated": True}, {k: described[k] for k in ("total_bytes", "truncated")})
        self.assertEqual("é" * 500, described["text"])


STUDENT = """
import os, signal, sys, time
print("hello from the submission")

def double(x):
    return x * 2

def fail(x):
    raise ValueError("not today")

def slow(x):
    time.sleep(60)

def die(x):
    os._exit(3)

def killed(x):
    os.kill(os.getpid(), signal.SIGKILL)

def forge(x):
    os.write(int(sys.argv[1]), b"not an event\\n")
    return x
"""


class GradeTests(GradingTest):
    def test_each_test_reports_its_status_and_what_the_submission_printed(self):
        status, logs = self.grade(STUDENT, [call("ok", "double"), call("raises", "fail"), call("absent", "nowhere")])

        self.assertEqual("ok", status["ok"]["status"])
        np.testing.assert_array_equal([0, 2, 4, 6], self.output("ok"))
        self.assertEqual(("error", "ValueError: not today"), (status["raises"]["status"], status["raises"]["message"]))
        self.assertIn("in fail", status["raises"]["traceback"])
        self.assertEqual("AttributeError: the submission defines no function nowhere()", status["absent"]["message"])
        self.assertIn("hello from the submission", logs["stdout"]["text"])

    def test_an_import_that_raises_fails_every_test_with_the_traceback(self):
        status, _ = self.grade("raise RuntimeError('broken at import')", [call("a", "f"), call("b", "g")])
        for name in "ab":
            self.assertEqual("error", status[name]["status"])
            self.assertEqual("could not import the submission: RuntimeError: broken at import", status[name]["message"])
            self.assertIn("broken at import", status[name]["traceback"])

    def test_an_import_failure_is_flagged_on_every_test_and_its_traceback_has_only_the_students_frames(self):
        source = "import helper_mod\n"
        helper = "def broken():\n    raise RuntimeError('deep in the student code')\n\nbroken()\n"
        status, _ = self.grade(zip_of({"attention.py": source, "helper_mod.py": helper}), [call("a", "f"), call("b", "g")], kind="zip")
        for name in "ab":
            self.assertTrue(status[name]["import_failed"])
            tb = status[name]["traceback"]
            self.assertTrue(tb.startswith("Traceback (most recent call last):"), tb)
            self.assertIn('File "attention.py", line 1', tb)
            self.assertIn('File "helper_mod.py", line 2, in broken', tb)
            self.assertTrue(tb.rstrip().endswith("RuntimeError: deep in the student code"), tb)
            for harness_frame in ("runner.py", "importlib", self.work, "sandbox_main"):
                self.assertNotIn(harness_frame, tb)

    def test_a_syntax_error_shows_the_students_line_and_caret_without_harness_frames(self):
        status, _ = self.grade("def f(x):\n    return (x +\n\ndef g(x:\n", [call("a", "f")])
        tb = status["a"]["traceback"]
        self.assertTrue(status["a"]["import_failed"])
        self.assertIn('File "attention.py", line', tb)
        self.assertIn("^", tb)
        self.assertIn("SyntaxError", tb.splitlines()[-1])
        self.assertNotIn("runner.py", tb)
        self.assertNotIn("Traceback", tb)  # no frame of the student's ran: only the error itself

    def test_a_huge_import_error_is_capped_keeping_its_end(self):
        status, _ = self.grade("raise ValueError('x' * 100000 + 'THE END')", [call("a", "f")])
        tb = status["a"]["traceback"]
        self.assertLessEqual(len(tb), 8000)
        self.assertTrue(tb.rstrip().endswith("THE END"))
        self.assertLessEqual(len(status["a"]["message"]), 2000)

    def test_an_import_that_exits_or_hangs_fails_every_test(self):
        for source, kind, message in (("import os; os._exit(0)", "crashed", "the submission exited with code 0 while being imported"),
                                      ("import time; time.sleep(60)", "timeout", "importing the submission took longer than 1 s")):
            with self.subTest(kind=kind):
                status, _ = self.grade(source, [call("a", "f"), call("b", "g")], timeout_s=1)
                self.assertEqual([(kind, message)] * 2, [(status[n]["status"], status[n]["message"]) for n in "ab"])

    def test_a_slow_import_has_a_budget_of_its_own_larger_than_a_tests(self):
        # import torch on a loaded host: slower than one test may take, and not the student's fault.
        status, _ = self.grade("import time; time.sleep(2)\ndef f(x):\n    return x\n", [call("a", "f")], timeout_s=1, import_timeout_s=None)
        self.assertEqual("ok", status["a"]["status"])

    def test_a_test_that_hangs_or_dies_fails_alone_and_the_next_runs_in_a_new_child(self):
        began = time.monotonic()
        status, _ = self.grade(STUDENT, [call("slow", "slow"), call("after_slow", "double"), call("die", "die"),
                                         call("killed", "killed"), call("forge", "forge"), call("last", "double")], timeout_s=1)

        self.assertLess(time.monotonic() - began, 30)
        self.assertEqual(("timeout", "the call took longer than 1 s"), (status["slow"]["status"], status["slow"]["message"]))
        self.assertEqual("the submission exited with code 3 during this test", status["die"]["message"])
        self.assertEqual("the submission was killed by SIGKILL (out of memory?) during this test", status["killed"]["message"])
        self.assertEqual("the submission wrote garbage on the harness channel during this test", status["forge"]["message"])
        for name in ("die", "killed", "forge"):
            self.assertEqual("crashed", status[name]["status"])
        for name in ("after_slow", "last"):
            self.assertEqual("ok", status[name]["status"])
            np.testing.assert_array_equal([0, 2, 4, 6], self.output(name))


class RunDeadlineTests(GradingTest):
    def test_tests_that_time_out_alone_are_named_and_the_rest_stop_at_the_run_s_limit_before_the_host_kills_it(self):
        began = time.monotonic()
        calls = [call(f"slow{i}", "slow") for i in range(6)] + [call("never", "double")]
        status, _ = self.grade(STUDENT, calls, timeout_s=1, run_deadline_s=3.5)

        self.assertLess(time.monotonic() - began, 8)
        self.assertEqual(("timeout", "the call took longer than 1 s"), (status["slow0"]["status"], status["slow0"]["message"]))
        self.assertEqual(sorted(n["name"] for n in calls), sorted(status))
        self.assertTrue(all(s["status"] == "timeout" for s in status.values()), status)
        out_of_time = [n for n, s in status.items() if "time limit (3.5 s) ran out" in s["message"]]
        # It ran out before the last test, or while a fresh child was importing the submission for it.
        self.assertIn("never", out_of_time)


class SecretTests(GradingTest):
    def test_the_submission_finds_the_result_secret_nowhere_it_can_read(self):
        source = """
import os
import numpy as np

SECRET = b"test-" + b"secret"  # spelt apart so this file itself does not hold it


def answer(x):
    hits = []
    for root, _, files in os.walk(os.getcwd()):
        for name in files:
            try:
                with open(os.path.join(root, name), "rb") as f:
                    if SECRET in f.read():
                        hits.append(name)
            except OSError:
                pass
    for name in ("environ", "cmdline"):
        try:
            with open(f"/proc/{os.getppid()}/{name}", "rb") as f:
                if SECRET in f.read():
                    hits.append(name)
        except OSError:
            pass
    return np.array([len(hits)], dtype=np.int64)
"""
        status, _ = self.grade(source, [call("t", "answer")])
        self.assertEqual("ok", status["t"]["status"], status)
        np.testing.assert_array_equal([0], self.output("t"))


class BytecodeTests(GradingTest):
    """What is inspected is what runs: a bytecode cache or compiled module in the submission
    folder is never used, even one that got there without the host's or unpack's checks."""

    STARTER = "def answer(x):\n    return x * 0\n"
    SOLUTION = "def answer(x):\n    return x + 100\n"

    def grade_answer(self, submission, kind="py", plant=None):
        return self.grade(submission, [call("t", "answer")], kind=kind, plant=plant)

    def test_an_unchecked_pyc_beside_the_module_is_not_run(self):
        def plant():
            os.makedirs(self.path("submission"))
            source = self.path("submission", "attention.py")
            with open(source, "w") as f:
                f.write(self.STARTER)
            unchecked_pyc(source, self.SOLUTION)
            # Plain importlib would run the planted bytecode, not the starter beside it:
            spec = importlib.util.spec_from_file_location("attention_as_python_would", source)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            self.assertEqual(101, module.answer(1))

        status, _ = self.grade_answer(self.STARTER, plant=plant)
        self.assertEqual("ok", status["t"]["status"], status["t"])
        np.testing.assert_array_equal([0, 0, 0, 0], self.output("t"))

    def test_a_helper_is_imported_from_its_source_and_never_from_bytecode_alone(self):
        def plant():
            os.makedirs(self.path("submission"))
            helper = self.path("submission", "helper.py")
            with open(helper, "w") as f:
                f.write("BONUS = 0\n")
            unchecked_pyc(helper, "BONUS = 100\n")
            unchecked_pyc(self.path("submission", "sourceless.py"), "BONUS = 100\n")
            os.rename(importlib.util.cache_from_source(self.path("submission", "sourceless.py")), self.path("submission", "sourceless.pyc"))

        main = "import helper\ntry:\n    import sourceless\nexcept ImportError:\n    sourceless = None\n" \
               "def answer(x):\n    return x * 0 + helper.BONUS + (1000 if sourceless else 0)\n"
        status, _ = self.grade_answer(main, plant=plant)
        self.assertEqual("ok", status["t"]["status"], status["t"])
        np.testing.assert_array_equal([0, 0, 0, 0], self.output("t"))

    def test_helpers_packages_and_namespace_packages_in_a_zip_still_import(self):
        upload = zip_of({"hw/attention.py": "from pkg.util import ZERO\nfrom ns.mod import ONE\n"
                                            "def answer(x):\n    return x * ZERO * ONE\n",
                         "hw/pkg/__init__.py": "", "hw/pkg/util.py": "ZERO = 0\n", "hw/ns/mod.py": "ONE = 1\n"})
        status, _ = self.grade_answer(upload, kind="zip")
        self.assertEqual("ok", status["t"]["status"], status["t"])
        np.testing.assert_array_equal([0, 0, 0, 0], self.output("t"))

    def test_a_zip_with_a_bytecode_cache_fails_at_import_naming_it(self):
        upload = zip_of({"attention.py": self.STARTER, "__pycache__/attention.cpython-313.pyc": b"\0" * 16})
        status, _ = self.grade_answer(upload, kind="zip")
        self.assertEqual("error", status["t"]["status"])
        self.assertIn("compiled code: '__pycache__/attention.cpython-313.pyc'", status["t"]["message"])


if __name__ == "__main__":
    unittest.main()
