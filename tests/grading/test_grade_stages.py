"""The last stages of grading on in-memory work: the status, the gradebook.

The earlier stages (read, tampering, restore, plan) are tested in
test_prepare_stages.py and the answer check in test_checks.py; here the
submission's status and what nbgrader's gradebook receives are tested
without running a notebook, as nbgrader tests its preprocessors: a notebook
built in memory, registered in a gradebook by nbgrader's own ``SaveCells``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.preprocessors import SaveCells
from nbgrader.utils import compute_checksum

from pmcourse.grading.autograde import (
    PRECEDENCE,
    Work,
    submission_status,
    write_grades,
)
from pmcourse.grading.course import Course, jupyter_env
from pmcourse.grading.execution import NotebookRun


def _work(invalid=False, tampered=False) -> Work:
    work = Work("ana", Path("."), "")
    if invalid:
        work.invalid["ps"] = "ps.ipynb: missing"
    work.prepared["ps"] = SimpleNamespace(
        tampering=["a locked cell"] if tampered else []
    )
    return work


@pytest.mark.parametrize(
    ("invalid", "tampered", "events", "status"),
    [
        (True, True, ["memory-limit"], "invalid"),
        (False, True, ["memory-limit"], "tampered"),
        (False, False, ["crashed", "memory-limit"], "memory-limit"),
        (False, False, ["crashed", "timed-out"], "timed-out"),
        (False, False, ["crashed", ""], "crashed"),
        (False, False, ["", ""], "graded"),
    ],
)
def test_the_gravest_status_wins(invalid, tampered, events, status):
    """Does a submission get the first status of PRECEDENCE that applies?"""
    runs = [NotebookRun(f"nb{i}", event=e) for i, e in enumerate(events)]
    assert submission_status(_work(invalid, tampered), runs) == status
    assert status in PRECEDENCE


def _cell(kind, grade_id, source, **flags):
    make = (
        nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    )
    cell = make(source)
    meta = {"grade_id": grade_id, "schema_version": 3, "grade": False}
    meta |= {"solution": False, "locked": False, "task": False} | flags
    cell.metadata["nbgrader"] = meta
    cell.metadata["nbgrader"]["checksum"] = compute_checksum(cell)
    return cell


def _released():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        _cell("code", "answer_x", "x = None", solution=True),
        _cell("code", "check_x", "assert x == 2", grade=True, locked=True, points=2),
        _cell("markdown", "memo", "Write here.", solution=True, grade=True, points=3),
    ]
    return nb


@pytest.fixture(scope="module")
def registered(tmp_path_factory):
    """A gradebook file with the released notebook in it (made once: nbgrader
    creates a gradebook by running ``alembic`` from PATH, a second or two)."""
    path = tmp_path_factory.mktemp("gradebook") / "gradebook.db"
    url = f"sqlite:///{path}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PATH", jupyter_env(base={"PATH": os.environ["PATH"]})["PATH"])
        with Gradebook(url) as gb:
            gb.add_assignment("ps")
        resources = {"nbgrader": {"db_url": url, "assignment": "ps", "notebook": "ps"}}
        SaveCells().preprocess(_released(), resources)
    return path


@pytest.fixture
def gradebook(registered, tmp_path):
    """A fresh copy of the registered gradebook for one test."""
    path = tmp_path / "gradebook.db"
    shutil.copy2(registered, path)
    with Gradebook(f"sqlite:///{path}") as gb:
        yield gb


def _checked(answer="x = 2", passed=True):
    nb = _released()
    nb.cells[0].source = answer
    nb.cells[2].source = "The memo a sponsor reads."
    if not passed:
        nb.cells[1].outputs = [
            nbformat.v4.new_output("error", ename="AssertionError", evalue="")
        ]
    return nb


def _grade(gb, gid):
    return gb.find_grade(gid, "ps", "ps", "ana")


def test_scores_come_from_nbgraders_determine_grade(gradebook, tmp_path):
    """Does a passing test earn its points, a failing one 0, a written answer
    wait for a person, and one left as released earn 0?"""
    course = Course(tmp_path)
    write_grades(gradebook, course, "ps", _work(), {"ps": _checked()})
    assert _grade(gradebook, "check_x").auto_score == 2
    memo = _grade(gradebook, "memo")
    assert memo.auto_score is None and memo.needs_manual_grade
    failed = _checked(passed=False)
    failed.cells[2].source = _released().cells[2].source
    write_grades(gradebook, course, "ps", _work(), {"ps": failed})
    assert _grade(gradebook, "check_x").auto_score == 0
    assert _grade(gradebook, "memo").auto_score == 0


def test_a_hand_mark_survives_a_regrade(gradebook, tmp_path):
    """Does a marker's score (and its flag) stay when the work is graded again?"""
    course = Course(tmp_path)
    write_grades(gradebook, course, "ps", _work(), {"ps": _checked()})
    memo = _grade(gradebook, "memo")
    memo.manual_score, memo.needs_manual_grade = 2.5, False
    gradebook.db.commit()
    write_grades(gradebook, course, "ps", _work(), {"ps": _checked()})
    memo = _grade(gradebook, "memo")
    assert (memo.manual_score, memo.needs_manual_grade) == (2.5, False)


def test_a_missing_notebook_earns_nothing(gradebook, tmp_path):
    """Does an invalid or missing notebook score 0 in every graded cell?"""
    course = Course(tmp_path)
    write_grades(gradebook, course, "ps", _work(invalid=True), {})
    assert _grade(gradebook, "check_x").auto_score == 0
    assert _grade(gradebook, "memo").auto_score == 0


def test_an_answer_left_as_released_is_noted(gradebook, tmp_path):
    """Is an answer cell left as released commented "No response.", and an
    answered one not?"""
    course = Course(tmp_path)
    write_grades(gradebook, course, "ps", _work(), {"ps": _checked("x = None")})
    comment = gradebook.find_comment("answer_x", "ps", "ps", "ana")
    assert comment.auto_comment == "No response."
    write_grades(gradebook, course, "ps", _work(), {"ps": _checked("x = 2")})
    comment = gradebook.find_comment("answer_x", "ps", "ps", "ana")
    assert comment.auto_comment is None
