"""The clean check: tests run on captured answers, never in the student's kernel."""

from __future__ import annotations

import json

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from pmcourse.grading.capture import encode
from pmcourse.grading.checks import check_notebook, run_code
from pmcourse.grading.execution import NotebookRun
from pmcourse.grading.prepare import build_plan


def _test(source, grade_id, points=1):
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "locked": True,
        "grade_id": grade_id,
        "points": points,
    }
    return cell


def _notebook():
    setup = new_code_cell("import math\ntarget = 2.0")
    setup.metadata["nbgrader"] = {"locked": True, "grade_id": "setup"}
    return new_notebook(
        cells=[
            new_markdown_cell("intro"),
            setup,
            new_code_cell("x = 2.0"),
            _test("assert math.isclose(x, target), 'x is not right'", "t1", 2),
            new_code_cell("y = 1"),
            _test("assert y == 3", "t2", 1),
            _test("y / 3", "t3", 3),
        ]
    )


def _capture(**values):
    return {"grade_id": "", "values": json.loads(encode(values))}


def test_run_code_reports_only_the_exception_never_the_code(tmp_path):
    """Does a failing check show its type and message but none of its lines?"""
    outputs = run_code("secret = 41\nassert secret == 42, 'wrong answer'", {})
    assert outputs == [
        {
            "output_type": "error",
            "ename": "AssertionError",
            "evalue": "wrong answer",
            "traceback": ["AssertionError: wrong answer"],
        }
    ]


def test_captured_answers_are_checked_with_real_helpers(tmp_path):
    """Are answers checked with the instructor's setup, partial credit read
    from a number, and a test the run never reached scored 0 as not run?"""
    nb = _notebook()
    plan = build_plan(nb)
    assert [s.names for s in plan.steps if s.kind == "capture"] == [
        ("x",),
        ("y",),
        ("y",),
    ]
    run = NotebookRun("nb", captures={"t1": _capture(x=2.0), "t2": _capture(y=1)})
    graded, outcomes = check_notebook("nb", nb, plan.steps, run, tmp_path)
    got = {o.grade_id: (o.score, o.ran) for o in outcomes}
    assert got == {"t1": (2.0, True), "t2": (0.0, True), "t3": (0.0, False)}
    assert "not run" in outcomes[2].message
    nbformat.validate(graded)


def test_partial_credit_and_a_wrong_type(tmp_path):
    """Does a number left by a test give partial credit, and an answer that is
    a function fail with a message saying so?"""
    nb = _notebook()
    plan = build_plan(nb)
    run = NotebookRun(
        "nb",
        captures={
            "t1": {
                "grade_id": "t1",
                "values": {"x": {"__t": "unsupported", "type": "function"}},
            },
            "t2": _capture(y=3),
            "t3": _capture(y=1),
        },
    )
    _, outcomes = check_notebook("nb", nb, plan.steps, run, tmp_path)
    got = {o.grade_id: o for o in outcomes}
    assert got["t1"].score == 0 and "function" in got["t1"].message
    assert got["t2"].score == 1
    assert abs(got["t3"].score - 1 / 3) < 1e-9
