"""The bad-submission corpus made from the released ps03, and helpers to run the CLI."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from pmcourse import doctor
from pmcourse.grading.course import Course, jupyter_env
from pmcourse.grading.submissions import answer_cells, fill_answers, read_notebook

REPO = Course(Path(__file__).resolve().parents[2])
PS03 = "ps03_scheduling"
TESTS = [
    "check_forward_pass",
    "check_backward_pass",
    "check_float",
    "check_critical_path",
    "check_pert",
    "check_probability",
    "check_commit_day",
]
FIRST4 = set(TESTS[:4])
ALL = set(TESTS)
TIMEOUT = 15


def autograde_flags(args: tuple[str, ...] | list[str]) -> list[str]:
    """Return ``["--no-sandbox"]`` for an autograde without a working sandbox."""
    if args and args[0] == "autograde" and "--no-sandbox" not in args:
        return ["--no-sandbox"] if doctor.missing("sandbox") else []
    return []


def run_cli(
    course: Course,
    home: Path,
    *args: str,
    cwd: Path | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess:
    """Run ``pmcourse ARGS`` as a separate process, as an instructor would.

    ``autograde`` gets ``--no-sandbox`` where the sandbox cannot run (the
    corpus is trusted); the confinement tests skip there.
    """
    cmd = [sys.executable, "-m", "pmcourse.cli"]
    args = (*args, *autograde_flags(args))
    if cwd is None:
        cmd += ["--course", str(course.root)]
    return subprocess.run(
        [*cmd, *args],
        cwd=cwd or course.root,
        env=jupyter_env(home),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _cell(nb, grade_id):
    return next(
        c
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
    )


def _set(nb, grade_id, source):
    nb = copy.deepcopy(nb)
    _cell(nb, grade_id).source = source
    return nb


def _without(nb, grade_id):
    nb = copy.deepcopy(nb)
    nb.cells = [
        c
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade_id") != grade_id
    ]
    return nb


def _stripped(nb):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    return nb


# The plan's own finish, not the 90 % date: wrong for every variant of ps03
# (each has its 90 % date at least a day after the plan's finish).
WRONG_COMMIT = "commit_day = schedule.project_finish(plan)  # the plan's own finish\n"
WRONG_VALUES = """\
es = {t: 0 for t in "ABCDEFGHI"}
ef = dict(es)
ls, lf = dict(es), dict(es)
total_float, free_float = dict(es), dict(es)
critical = ["A"]
path_mean, path_std = 1.0, 1.0
p_on_time, commit_day = 0.5, 1.0
"""
PATCH_BUILTINS = """\
import builtins
builtins.abs = lambda x: 0
builtins.all = builtins.any = lambda *args, **kwargs: True
builtins.AssertionError = type("AssertionError", (Exception,), {})
"""
PATCH_HELPERS = """\
import math
import numpy
import pandas as pd
from pmcourse import schedule
numpy.isclose = lambda *args, **kwargs: True
math.isclose = lambda *args, **kwargs: True
_fake = pd.DataFrame({"es": es, "ef": ef, "ls": ls, "lf": lf,
                      "total_float": total_float, "free_float": free_float})
schedule.cpm = lambda *args, **kwargs: _fake
schedule.critical_path = lambda *args, **kwargs: list(critical)
schedule.path_estimate = lambda *args, **kwargs: (path_mean, path_std)
schedule.probability_of_finishing_by = lambda *args, **kwargs: p_on_time
schedule.deadline_for_probability = lambda *args, **kwargs: commit_day
"""
DATA_REWRITE = """\
fake = plan.copy()
for column in ["duration", "optimistic", "most_likely", "pessimistic"]:
    fake[column] = 1
fake.to_csv("launch_plan.csv", index=False)
_r = schedule.cpm(fake)
es, ef = _r["es"].to_dict(), _r["ef"].to_dict()
ls, lf = _r["ls"].to_dict(), _r["lf"].to_dict()
total_float, free_float = _r["total_float"].to_dict(), _r["free_float"].to_dict()
critical = schedule.critical_path(fake)
path_mean, path_std = schedule.path_estimate(fake.set_index("id").loc[critical]
                                             .reset_index())
p_on_time = schedule.probability_of_finishing_by(23, path_mean, path_std)
commit_day = schedule.deadline_for_probability(0.9, path_mean, path_std)
"""
ESCAPE = """\
import os, socket
_tries = {{}}
for _path in {targets!r}:
    for _what, _do in [("read", lambda p: open(p).read()),
                       ("write", lambda p: open(p, "a").write("pwned")),
                       ("delete", os.remove)]:
        try:
            _tries[_path + " " + _what] = str(_do(_path))[:40]
        except Exception as _err:
            _tries[_path + " " + _what] = type(_err).__name__
try:
    socket.create_connection(("1.1.1.1", 80), timeout=2)
    _tries["network"] = "open"
except OSError as _err:
    _tries["network"] = type(_err).__name__
print(_tries)
"""


@dataclass
class Case:
    """One submission of the corpus and what grading it must give."""

    student: str
    status: str
    passing: set[str] = field(default_factory=set)
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Corpus:
    course: Course
    home: Path
    cases: dict[str, Case]
    import_run: subprocess.CompletedProcess
    grade_run: subprocess.CompletedProcess
    seconds: float
    before: dict[str, str]
    after: dict[str, str]
    canaries: list[Path]


def _nb_bytes(nb) -> bytes:
    return nbformat.writes(nb).encode()


def build_cases(course: Course, targets: list[str]) -> list[Case]:
    """Make every submission of the corpus from the released ps03."""
    release = read_notebook(course.release_dir(PS03) / f"{PS03}.ipynb")
    source = read_notebook(course.source_dir(PS03) / f"{PS03}.ipynb")
    solved = fill_answers(release, answer_cells(source))
    wrong_commit = _set(solved, "answer_commit_day", WRONG_COMMIT)
    name = f"{PS03}.ipynb"
    edited = copy.deepcopy(solved)
    _cell(edited, "setup").source += "\nplan = plan.head(3)\n"
    wrong_all = _set(release, "answer_forward_pass", WRONG_VALUES)
    for gid in answer_cells(release):
        if gid not in ("answer_forward_pass", "answer_sponsor_message"):
            wrong_all = _set(wrong_all, gid, "pass\n")
    builtins = _set(wrong_all, "answer_forward_pass", PATCH_BUILTINS + WRONG_VALUES)
    helpers = _set(wrong_all, "answer_forward_pass", WRONG_VALUES + PATCH_HELPERS)
    rewrite = _set(wrong_all, "answer_forward_pass", DATA_REWRITE)
    escape = _set(
        solved,
        "answer_forward_pass",
        ESCAPE.format(targets=targets) + answer_cells(source)["answer_forward_pass"],
    )
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}
    nb = _nb_bytes
    return [
        Case("solution", "graded", ALL, {name: nb(solved)}),
        Case("unchanged", "graded", set(), {name: nb(release)}),
        Case("wrong", "graded", ALL - {"check_commit_day"}, {name: nb(wrong_commit)}),
        Case("locked_edited", "tampered", ALL, {name: nb(edited)}),
        Case(
            "test_deleted",
            "tampered",
            ALL - {"check_commit_day"},
            {name: nb(_without(wrong_commit, "check_commit_day"))},
        ),
        Case(
            "test_replaced",
            "tampered",
            ALL - {"check_commit_day"},
            {name: nb(_set(wrong_commit, "check_commit_day", "pass"))},
        ),
        Case(
            "infinite_loop",
            "timed-out",
            FIRST4,
            {name: nb(_set(solved, "answer_pert", "while True:\n    pass\n"))},
        ),
        Case(
            "os_exit",
            "crashed",
            FIRST4,
            {name: nb(_set(solved, "answer_pert", "import os\nos._exit(0)\n"))},
        ),
        Case(
            "system_exit",
            "graded",
            FIRST4,
            {name: nb(_set(solved, "answer_pert", "raise SystemExit('done')\n"))},
        ),
        Case("builtins_patched", "graded", set(), {name: nb(builtins)}),
        Case("helpers_patched", "graded", set(), {name: nb(helpers)}),
        Case(
            "memory_bomb",
            "memory-limit",
            FIRST4,
            {
                name: nb(
                    _set(
                        solved,
                        "answer_pert",
                        "hog = []\nwhile True:\n    hog.append(bytearray(10**7))\n",
                    )
                )
            },
        ),
        Case("escape", "graded", ALL, {name: nb(escape)}),
        Case("data_rewrite", "graded", set(), {name: nb(rewrite)}),
        Case("metadata_stripped", "tampered", ALL, {name: nb(_stripped(solved))}),
        Case("invalid_json", "invalid", set(), {name: b'{"cells": [ not json'}),
        Case("nbformat3", "invalid", set(), {name: json.dumps(v3).encode()}),
        Case("empty_file", "invalid", set(), {name: b""}),
        Case("wrong_name", "invalid", set(), {"ps03.ipynb": nb(solved)}),
        Case("duplicate", "graded", ALL, {name: nb(solved)}),
    ]


def canvas_zip(cases: list[Case], release_nb: bytes) -> tuple[bytes, str]:
    """Return a Canvas-style download of the corpus and its roster CSV."""
    buffer = io.BytesIO()
    roster = ["student_id,lms_id,name"]
    with zipfile.ZipFile(buffer, "w") as archive:
        for uid, case in enumerate(cases, start=1001):
            letters = "".join(c for c in case.student if c.isalpha())
            roster.append(f"{case.student},{uid},{letters.title()} Student")
            if case.student == "duplicate":  # an older attempt, then the real one
                archive.writestr(f"{letters}_{uid}_500_{PS03}.ipynb", release_nb)
            for filename, content in case.files.items():
                stem, ext = filename.rsplit(".", 1)
                suffix = "-1" if case.student == "duplicate" else ""
                archive.writestr(f"{letters}_{uid}_600_{stem}{suffix}.{ext}", content)
        archive.writestr("__MACOSX/._junk", b"junk")
    return buffer.getvalue(), "\n".join(roster) + "\n"


def hash_tree(paths: list[Path], skip: set[Path]) -> dict[str, str]:
    """Hash every file under the given paths except those in skip."""
    out = {}
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in files:
            if path.is_file() and not any(s == path or s in path.parents for s in skip):
                out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out
