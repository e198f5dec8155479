"""Reads every input and call in its sandbox and reports the tests they belong to in its feedback, as a
student fishing for hidden tests' inputs would."""
import json
import os

from safetensors.numpy import load_file


def _peek(*args, **kwargs):
    inbox = os.path.join(os.getcwd(), "in")
    tests = sorted({key.split("/")[0] for key in load_file(os.path.join(inbox, "inputs.safetensors"))})
    with open(os.path.join(inbox, "calls.json")) as f:
        calls = sorted(c["name"] for c in json.load(f))
    raise RuntimeError(f"PEEK inputs={','.join(tests)} calls={','.join(calls)}")


scaled_dot_product_attention = _peek
multi_head_attention = _peek
