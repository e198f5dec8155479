"""Receives the job archive and lays out the submission, refusing anything that could escape.

The grader already checked the upload on the host; these checks run again here because the
sandbox must not trust its input either (defence in depth)."""
import json
import os
import re
import shutil
import stat
import tarfile
import unicodedata
import zipfile

# The harness's own guard while reading the job, before job.json (which carries the host's limits) is known.
MAX_JOB_BYTES = 256 * 1024 * 1024
COMPILED_SUFFIXES = (".pyc", ".pyo", ".so", ".pyd")
GET_IPYTHON = re.compile(r"\bget_ipython\b")


class SubmissionError(Exception):
    pass


def safe_name(name):
    parts = name.replace("\\", "/").split("/")
    if name.startswith("/") or any(p in ("..",) for p in parts) or ":" in parts[0]:
        raise SubmissionError(f"unsafe path in archive: {name!r}")
    return "/".join(p for p in parts if p not in ("", "."))


def receive_job(stream, work):
    """Reads the tar from stdin into work/in and prepares work/submission. Returns job.json."""
    inbox = os.path.join(work, "in")
    os.makedirs(inbox, exist_ok=True)
    total = 0
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        for member in tar:
            if not member.isfile():
                continue
            total += member.size
            if total > MAX_JOB_BYTES:
                raise SubmissionError("job archive too large")
            target = os.path.join(inbox, safe_name(member.name))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with tar.extractfile(member) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
    path = os.path.join(inbox, "job.json")
    with open(path) as f:
        job = json.load(f)
    # The result header holds the job's secret: only this process keeps it; the submission, which
    # reads job.json for its module name, gets a copy without it.
    with open(path, "w") as f:
        json.dump({k: v for k, v in job.items() if k != "result_header"}, f)
    with open(os.path.join(inbox, "calls.json")) as f:
        job["calls"] = json.load(f)
    os.makedirs(os.path.join(work, "out"), exist_ok=True)
    return job


def is_compiled(name):
    """Compiled code runs instead of the source beside it (or without one), so the source read is not what runs."""
    return name.lower().endswith(COMPILED_SUFFIXES) or "__pycache__" in name.lower().split("/")


def extract_zip(path, dest, limits):
    """Unpacks within the host's limits (job.json's limits.zip_entries and limits.zip_bytes)."""
    max_entries, max_bytes = int(limits["zip_entries"]), int(limits["zip_bytes"])
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        if len(infos) > max_entries:
            raise SubmissionError(f"the zip holds {len(infos)} entries; at most {max_entries} are accepted")
        if sum(i.file_size for i in infos) > max_bytes:
            raise SubmissionError(f"the zip unpacks to more than {max_bytes:,} bytes")
        seen = set()
        for info in infos:
            name = safe_name(info.filename)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise SubmissionError(f"the zip holds a symbolic link: {info.filename!r}")
            if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
                raise SubmissionError(f"the zip holds a special file (a device, pipe or socket): {info.filename!r}")
            if any(unicodedata.category(c) in ("Cc", "Cf") for c in info.filename):
                raise SubmissionError(f"the zip holds a file name with a control or invisible character: {info.filename!r}")
            if is_compiled(name):
                raise SubmissionError(f"the zip holds compiled code: {info.filename!r}")
            if not name or info.is_dir():
                continue
            if name in seen:
                raise SubmissionError(f"the zip holds {name!r} twice")
            seen.add(name)
            target = os.path.join(dest, name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with zf.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)


def _refuse_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise SubmissionError("the notebook gives a key twice")
    return dict(pairs)


def check_code_cell(number, source):
    for line in re.split(r"[\r\n]", source):
        text = line.strip()
        if text.startswith(("!", "%")) or GET_IPYTHON.search(text):
            shown = text[:40] + "…" if len(text) > 40 else text
            raise SubmissionError(f"cell {number} uses `{shown}`: magics and shell commands cannot run in the grader; remove them")


def notebook_source(path):
    """The code cells of a version 4 notebook, in order. What the host refuses (other versions,
    worksheets, keys given twice, magics and shell lines) is refused here too, never converted or
    dropped: the code a TA reads is the code that runs."""
    with open(path, encoding="utf-8") as f:
        try:
            nb = json.load(f, object_pairs_hook=_refuse_duplicate_keys)
        except ValueError as e:
            raise SubmissionError(f"the notebook is not valid JSON ({e})") from None
    if not isinstance(nb, dict) or type(nb.get("nbformat")) is not int or nb["nbformat"] != 4:
        raise SubmissionError("the notebook is not in format version 4")
    if "worksheets" in nb:
        raise SubmissionError("the notebook holds both version 4 cells and old-style worksheets")
    if not isinstance(nb.get("cells"), list):
        raise SubmissionError("the notebook has no list of cells")
    code = []
    for number, cell in enumerate(nb["cells"], 1):
        if not isinstance(cell, dict):
            raise SubmissionError(f"cell {number} of the notebook is not a cell")
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source")
        if isinstance(source, list) and all(isinstance(line, str) for line in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise SubmissionError(f"cell {number} of the notebook has no source text")
        check_code_cell(number, source)
        code.append(source)
    if not code:
        raise SubmissionError("the notebook has no code cells")
    return "\n\n".join(code) + "\n"


def prepare_submission(job, work):
    """Returns the directory that holds the module named by the manifest."""
    module = job["module"]
    upload = os.path.join(work, "in", "submission", job["submission_file"])
    dest = os.path.join(work, "submission")
    os.makedirs(dest, exist_ok=True)
    kind = job["submission_kind"]
    if kind == "py":
        shutil.copyfile(upload, os.path.join(dest, module))
    elif kind == "ipynb":
        with open(os.path.join(dest, module), "w", encoding="utf-8") as f:
            f.write(notebook_source(upload))
    elif kind == "zip":
        extract_zip(upload, dest, job["limits"])
        if not os.path.isfile(os.path.join(dest, module)):
            # Accept one enclosing folder, as zips made by "compress folder" have.
            tops = [d for d in os.listdir(dest) if os.path.isdir(os.path.join(dest, d))]
            candidates = [os.path.join(dest, d) for d in tops if os.path.isfile(os.path.join(dest, d, module))]
            if len(candidates) != 1:
                raise SubmissionError(f"the zip does not contain {module}")
            return candidates[0]
    else:
        raise SubmissionError(f"unknown submission kind {kind!r}")
    return dest
