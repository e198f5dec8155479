"""runner.py turns what an entry point returns into C-ordered float64 arrays saved as safetensors;
sandbox_main.py frames them, with the status, into the one result archive the grader reads."""
import io
import json
import os
import subprocess
import sys
import tarfile
import unittest
from unittest import mock

import numpy as np
import torch
from support import HARNESS, HEADER, LIMITS, GradingTest, WorkTest, call, job_files, tar_of

import runner
import sandbox_main


class ToArrayTests(unittest.TestCase):
    def test_numbers_become_c_ordered_float64_arrays_of_the_same_values(self):
        cases = {
            "float32 array": (np.array([[1.5, 2.0]], dtype=np.float32), [[1.5, 2.0]]),
            "transposed view": (np.arange(6.0).reshape(2, 3).T, [[0, 3], [1, 4], [2, 5]]),
            "int tensor": (torch.tensor([1, 2, 3]), [1, 2, 3]),
            "tensor with a graph": (torch.ones(2, requires_grad=True) * 3, [3, 3]),
            "bool array": (np.array([True, False]), [1, 0]),
            "nested list": ([[1, 2], [3, 4]], [[1, 2], [3, 4]]),
        }
        for what, (value, expected) in cases.items():
            with self.subTest(what):
                arr = runner.to_array(value, "y")
                self.assertEqual(np.float64, arr.dtype)
                self.assertTrue(arr.flags.c_contiguous)
                np.testing.assert_array_equal(expected, arr)

    def test_scalars_stay_zero_dimensional(self):
        for value in (2.5, 3, np.float32(2.5), torch.tensor(2.5), np.array(7.0)):
            with self.subTest(type(value).__name__):
                self.assertEqual((), runner.to_array(value, "loss").shape)

    def test_what_is_not_real_numbers_is_refused_by_name(self):
        for value, message in (("text", "loss is a str, which is not an array of numbers"),
                               (None, "loss is a NoneType, which is not an array of numbers"),
                               ([1, "a"], "not an array of numbers"),
                               (np.array([1 + 2j]), "loss is complex; real numbers were expected")):
            with self.subTest(message=message), self.assertRaisesRegex(TypeError, message):
                runner.to_array(value, "loss")


class CollectOutputsTests(unittest.TestCase):
    def test_returned_values_are_matched_to_output_names(self):
        for result, names in ((1.0, ["y"]), ((1.0, 2.0), ["y", "w"]), ([1.0, 2.0], ["y", "w"]),
                              ({"w": 2.0, "y": 1.0, "extra": "ignored"}, ["y", "w"])):
            with self.subTest(result=result):
                got = runner.collect_outputs(result, names)
                self.assertEqual(names, list(got))
                self.assertEqual(1.0, got["y"])

    def test_a_mismatch_says_what_was_expected_and_what_came_back(self):
        for result, names, message in (((1, 2, 3), ["a", "b"], r"expected 2 return values \(a, b\), got 3 values"),
                                       (1.0, ["a", "b"], r"expected 2 return values \(a, b\), got a float"),
                                       ((1, 2), ["y"], r"expected 1 return values \(y\), got 2 values"),
                                       ({"a": 1}, ["a", "b"], "the returned dict has no b")):
            with self.subTest(message=message), self.assertRaisesRegex(TypeError, message):
                runner.collect_outputs(result, names)


class SplitStagesTests(unittest.TestCase):
    def test_a_trailing_dict_holds_the_known_stages_and_the_rest_are_outputs(self):
        out = torch.zeros(2)
        result, stages = runner.split_stages((out, {"norm1": torch.ones(2), "mine": torch.ones(1), "attn": "text"}),
                                             ["y"], ["norm1", "attn"])
        self.assertIs(out, result)
        self.assertEqual(["norm1"], list(stages))  # unknown stages and ones that are not arrays are left out
        self.assertEqual(np.float64, stages["norm1"].dtype)

        result, stages = runner.split_stages([1.0, 2.0, {"norm1": 3.0}], ["y", "w"], ["norm1"])
        self.assertEqual([1.0, 2.0], list(result))
        self.assertEqual((), stages["norm1"].shape)

    def test_without_declared_stages_or_a_trailing_dict_the_result_is_untouched(self):
        for result, names, stages in (((1.0, {"norm1": 1.0}), ["y"], None), ((1.0, 2.0), ["y", "w"], ["norm1"]),
                                      ((1.0, 2.0), ["y"], ["norm1"])):
            with self.subTest(result=result):
                self.assertEqual((result, {}), runner.split_stages(result, names, stages))


STAGED = """
import torch

def model(x):
    w = torch.tensor(x, dtype=torch.float32, requires_grad=True)
    hidden = w * 2
    loss = (hidden ** 2).sum()
    return hidden, loss, {"hidden": hidden, "note": "ignored"}
"""


class SavedOutputsTests(GradingTest):
    def test_outputs_and_stages_are_saved_as_float64_under_the_test_s_name(self):
        status, _ = self.grade(STAGED, [call("t", "model", outputs=("hidden", "loss"), stages=("hidden", "note"))])

        self.assertEqual("ok", status["t"]["status"], status["t"])
        from safetensors.numpy import load_file

        saved = load_file(self.path("out", "t.safetensors"))
        self.assertEqual(["t/hidden", "t/loss", "t/stages/hidden"], sorted(saved))
        self.assertTrue(all(a.dtype == np.float64 for a in saved.values()))
        np.testing.assert_array_equal([0, 2, 4, 6], saved["t/hidden"])
        self.assertEqual((), saved["t/loss"].shape)
        self.assertEqual(56.0, float(saved["t/loss"]))


def untar(data):
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar}


class ResultArchiveTests(WorkTest):
    def setUp(self):
        super().setUp()
        os.makedirs(self.path("out"))
        patch = mock.patch.object(sandbox_main, "WORK", self.work)
        patch.start()
        self.addCleanup(patch.stop)
        self.logs = {"stdout": sandbox_main.CappedLog(10), "stderr": sandbox_main.CappedLog(10)}

    def write_output(self, name, size=64):
        with open(self.path("out", name + ".safetensors"), "wb") as f:
            f.write(b"s" * size)

    def test_the_archive_holds_the_status_and_the_outputs_of_tests_that_passed(self):
        self.write_output("a")
        self.write_output("failed")
        os.symlink("/etc/passwd", self.path("out", "linked.safetensors"))
        status = {"a": {"status": "ok"}, "missing": {"status": "ok"}, "linked": {"status": "ok"},
                  "failed": {"status": "error", "message": "ValueError"}}

        files = untar(sandbox_main.result_archive(status, self.logs, LIMITS["result_bytes"]))

        self.assertEqual(["outputs/a.safetensors", "status.json"], sorted(files))
        report = json.loads(files["status.json"])
        self.assertEqual("ok", report["tests"]["a"]["status"])
        for name in ("missing", "linked"):
            self.assertEqual({"status": "error", "message": "the harness found no outputs for this test"}, report["tests"][name])
        self.assertEqual("ValueError", report["tests"]["failed"]["message"])
        self.assertEqual({"text": "", "total_bytes": 0, "truncated": False}, report["logs"]["stdout"])
        self.assertIn("memory_peak_bytes", report)

    def test_outputs_past_the_cap_are_refused_test_by_test(self):
        self.write_output("a", 600)
        self.write_output("b", 600)
        files = untar(sandbox_main.result_archive({"a": {"status": "ok"}, "b": {"status": "ok"}}, self.logs, 1000))
        self.assertIn("outputs/a.safetensors", files)
        self.assertEqual("outputs are larger than the grader accepts", json.loads(files["status.json"])["tests"]["b"]["message"])


class FramingTests(WorkTest):
    def test_stdout_carries_exactly_one_framed_archive_and_the_submission_s_prints_go_to_the_log(self):
        job = tar_of(job_files("print('to stdout')\ndef double(x):\n    return x * 2\n", calls=[call("t", "double")]))
        run = subprocess.run([sys.executable, "-I", os.path.join(HARNESS, "sandbox_main.py")], input=job,
                             capture_output=True, timeout=120, env=dict(os.environ, COURSE_WORK=self.work))

        self.assertEqual(0, run.returncode, run.stderr.decode(errors="replace"))
        out = run.stdout
        header = HEADER.encode()
        self.assertTrue(out.startswith(header), out[:60])
        length = int.from_bytes(out[len(header):len(header) + 8], "little")
        self.assertEqual(len(header) + 8 + length, len(out))
        files = untar(out[len(header) + 8:])
        self.assertEqual(["outputs/t.safetensors", "status.json"], sorted(files))
        report = json.loads(files["status.json"])
        self.assertEqual("ok", report["tests"]["t"]["status"])
        self.assertEqual("to stdout\n", report["logs"]["stdout"]["text"])


if __name__ == "__main__":
    unittest.main()
