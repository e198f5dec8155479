"""Runs in the child process: imports the student's module and calls each test's entry point.

Reports to the harness over the file descriptor given as argv[1], one JSON line per event:
imported / import_failed, then start and done for each test. Outputs are saved as
work/out/<test>.safetensors. Everything the student prints goes to stdout/stderr, which the
harness captures; only the report channel is ours."""
import importlib.machinery
import importlib.util
import json
import os
import sys
import time
import traceback

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # -I leaves the script's folder off sys.path
import unpack  # noqa: E402

WORK = os.environ.get("COURSE_WORK", "/work")


class SourceOnlyLoader(importlib.machinery.SourceFileLoader):
    """Compiles a module from its source every time: a bytecode cache beside it is never read."""

    def get_code(self, fullname):
        return self.source_to_code(self.get_data(self.path), self.path)


def import_sources_only(root):
    """Modules found under root load from .py files only (no __pycache__, sourceless .pyc,
    extension modules or zips), so the source a TA reads is the code that runs. A path hook rather
    than sys.pycache_prefix, which would make every import of torch compile from source too."""
    root = os.path.realpath(root)

    def hook(path):
        real = os.path.realpath(path)
        if real != root and not real.startswith(root + os.sep):
            raise ImportError("not in the submission")
        return importlib.machinery.FileFinder(path, (SourceOnlyLoader, importlib.machinery.SOURCE_SUFFIXES))

    sys.path_hooks.insert(0, hook)


TRACEBACK_CHARS = 8000


def student_traceback(error, root):
    """The traceback as the student should read it: only the frames of their own files (under root, shown relative
    to it), then the exception itself, which for a SyntaxError names the file and line and points at the column.
    The harness's and the libraries' frames say nothing to the student. Capped, keeping the end, where the error is."""
    root = os.path.realpath(root)

    def theirs(filename):
        real = os.path.realpath(filename)
        return real.startswith(root + os.sep)

    frames = [f for f in traceback.extract_tb(error.__traceback__) if theirs(f.filename)]
    lines = traceback.format_list(frames) + traceback.format_exception_only(type(error), error)
    text = "".join(lines).replace(root + os.sep, "")
    if frames:
        text = "Traceback (most recent call last):\n" + text
    return text if len(text) <= TRACEBACK_CHARS else "…" + text[-(TRACEBACK_CHARS - 1):]


def report(channel, **event):
    channel.write((json.dumps(event) + "\n").encode())
    channel.flush()


def load_arguments(call, inputs):
    args = []
    for spec in call["args"]:
        if "tensor" in spec:
            args.append(inputs[spec["tensor"]].copy())
        elif "dict" in spec:
            args.append({k: inputs[v].copy() for k, v in spec["dict"].items()})
        else:
            args.append(spec.get("value"))
    return args


def to_array(value, what):
    if hasattr(value, "detach"):  # a torch tensor, perhaps on a GPU or with a graph
        value = value.detach().cpu().numpy()
    arr = np.asarray(value)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_):
        raise TypeError(f"{what} is a {type(value).__name__}, which is not an array of numbers")
    if np.iscomplexobj(arr):
        raise TypeError(f"{what} is complex; real numbers were expected")
    return np.array(arr, dtype=np.float64, order="C")  # ascontiguousarray would turn a scalar into shape (1,)


def split_stages(result, names, stages):
    """A model with stages may return its outputs followed by a dict of named intermediate tensors.
    Returns (outputs, {stage: array}); stages the test does not know, or that are not arrays, are left out."""
    if not stages or not isinstance(result, (tuple, list)) or len(result) != len(names) + 1 or not isinstance(result[-1], dict):
        return result, {}
    found = {}
    for stage in stages:
        if stage in result[-1]:
            try:
                found[stage] = to_array(result[-1][stage], stage)
            except (TypeError, ValueError):
                pass  # a stage is a hint for the student, never a reason to fail the test
    outputs = result[:-1]
    return (outputs[0] if len(names) == 1 else outputs), found


def collect_outputs(result, names):
    """Maps what the entry point returned onto the output names of the test."""
    if isinstance(result, dict):
        missing = [n for n in names if n not in result]
        if missing:
            raise TypeError(f"the returned dict has no {', '.join(missing)}")
        return {n: to_array(result[n], n) for n in names}
    if len(names) == 1 and not isinstance(result, (tuple, list)):
        return {names[0]: to_array(result, names[0])}
    if isinstance(result, (tuple, list)) and len(result) == len(names):
        return {n: to_array(v, n) for n, v in zip(names, result)}
    got = f"{len(result)} values" if isinstance(result, (tuple, list)) else f"a {type(result).__name__}"
    raise TypeError(f"expected {len(names)} return values ({', '.join(names)}), got {got}")


def main():
    channel = os.fdopen(int(sys.argv[1]), "wb", buffering=0)
    wanted = json.loads(sys.argv[2])
    from safetensors.numpy import load_file, save_file

    with open(os.path.join(WORK, "in", "job.json")) as f:
        job = json.load(f)
    with open(os.path.join(WORK, "in", "calls.json")) as f:
        calls = {c["name"]: c for c in json.load(f)}
    inputs = load_file(os.path.join(WORK, "in", "inputs.safetensors"))
    try:
        folder = unpack.prepare_submission(job, WORK)
        import_sources_only(os.path.join(WORK, "submission"))
        sys.path.insert(0, folder)
        module_name = os.path.splitext(job["module"])[0]
        path = os.path.join(folder, job["module"])
        spec = importlib.util.spec_from_file_location(module_name, path, loader=SourceOnlyLoader(module_name, path))
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    except BaseException as e:  # SystemExit too: a submission that exits at import is a failed import
        report(channel, event="import_failed", message=f"could not import the submission: {type(e).__name__}: {e}"[:2000],
               traceback=student_traceback(e, os.path.join(WORK, "submission")))
        return
    report(channel, event="imported")
    for name in wanted:
        call = calls[name]
        report(channel, event="start", test=name)
        began = time.monotonic()
        try:
            fn = getattr(module, call["entry"], None)
            if not callable(fn):
                raise AttributeError(f"the submission defines no function {call['entry']}()")
            result, stages = split_stages(fn(*load_arguments(call, inputs)), call["outputs"], call.get("stages"))
            outputs = collect_outputs(result, call["outputs"])
            tensors = {f"{name}/{k}": v for k, v in outputs.items()}
            tensors.update({f"{name}/stages/{k}": v for k, v in stages.items()})
            save_file(tensors, os.path.join(WORK, "out", name + ".safetensors"))
            report(channel, event="done", test=name, status="ok", seconds=time.monotonic() - began)
        except BaseException as e:
            # A save cut short (the work dir full) leaves a partial file that would take the next tests' room.
            try:
                os.remove(os.path.join(WORK, "out", name + ".safetensors"))
            except OSError:
                pass
            report(channel, event="done", test=name, status="error", seconds=time.monotonic() - began,
                   message=f"{type(e).__name__}: {e}"[:2000], traceback=traceback.format_exc(limit=-8)[-8000:])


if __name__ == "__main__":
    main()
