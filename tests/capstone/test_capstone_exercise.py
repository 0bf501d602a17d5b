"""ps10, the capstone exercise: own runs, hidden tests that replay, the report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from pmcourse import capstone, cli, variants
from pmcourse.capstone import exercise, report

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "solutions" / "ps10_capstone" / "ps10_capstone.ipynb"
RELEASE = ROOT / "exercises" / "ps10_capstone" / "ps10_capstone.ipynb"
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n.*?### END HIDDEN TESTS", re.S)


def _cells(path: Path) -> list:
    return nbformat.read(path, as_version=4).cells


def _grade_id(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def run_notebook(path: Path, student: str, *, replace: dict | None = None) -> dict:
    """Run a ps10 notebook's code cells as the grader would, for one student.

    Returns the checks that passed and failed, by grade id. ``replace`` maps
    a grade id to the source that runs instead (a student's answer).
    """
    ns: dict = {"display": lambda *a, **k: None}
    results = {}
    with variants.grading_as(student):
        for cell in _cells(path):
            if cell.cell_type != "code":
                continue
            gid = _grade_id(cell)
            source = (replace or {}).get(gid, cell.source)
            try:
                exec(compile(source, gid, "exec"), ns)
            except Exception as exc:  # a failed check, as nbgrader counts it
                results[gid] = type(exc).__name__
            else:
                results[gid] = "passed"
    return results


CHECKS = ["check_log", "check_cpi", "check_eac", "check_best_response"]


def test_the_solution_scores_full_marks():
    """Does the model solution pass every check, hidden tests included?"""
    results = run_notebook(SOURCE, "ana")
    assert all(results[c] == "passed" for c in CHECKS), results


def test_the_release_scores_nothing():
    """Does the untouched student version fail every check?"""
    results = run_notebook(RELEASE, "ana")
    assert all(results[c] != "passed" for c in CHECKS), results


def _own_log(student: str) -> dict:
    salt = variants.notebook_salt(SOURCE)
    v = exercise.my_run(salt, student=student)
    return capstone.run_project(v["scenario"], "sound", v["seed"]).log


def test_a_tampered_log_is_invalid():
    """Is an edited log (its actual cost lowered) invalid: part 1 fails and
    so do the parts computed from it?"""
    log = _own_log("ana")
    log["checks"][-1][1] -= 5_000.0
    answer = f"log = json.loads({json.dumps(json.dumps(log))})"
    results = run_notebook(SOURCE, "ana", replace={"answer_log": answer})
    assert results["check_log"] == "InvalidLog"
    assert results["check_cpi"] != "passed"


def test_an_honest_log_pasted_as_json_passes():
    """Does a log pasted as JSON text (the dashboard's way) pass part 1?"""
    answer = f"log = json.loads({json.dumps(json.dumps(_own_log('ana')))})"
    results = run_notebook(SOURCE, "ana", replace={"answer_log": answer})
    assert results["check_log"] == "passed"


def test_another_students_log_does_not_count():
    """Does a neighbour's valid log fail the hidden check of part 1?"""
    answer = f"log = {_own_log('bob')!r}"
    results = run_notebook(SOURCE, "ana", replace={"answer_log": answer})
    assert results["check_log"] == "AssertionError"


def test_students_get_different_runs():
    """Do two students get different seeds from the variant machinery?"""
    salt = variants.notebook_salt(SOURCE)
    seeds = {exercise.my_run(salt, student=s)["seed"] for s in ("ana", "bob", "cy")}
    assert len(seeds) == 3


def test_hidden_tests_replay_the_log_and_hold_no_key():
    """Do the hidden tests compute from the replayed log (check_log, replay),
    with no expected number typed in?"""
    for cell in _cells(SOURCE):
        if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code":
            hidden = HIDDEN.search(cell.source).group(0)
            assert "exercise.check_log(log, _mine)" in hidden
            assert not re.search(r"==\s*\d{3,}", hidden)


# ---------------------------------------------------------------- report
def _notebook(source: str, output: str | None = None) -> dict:
    cell = nbformat.v4.new_code_cell(source)
    if output:
        cell.outputs = [nbformat.v4.new_output("stream", text=output)]
    return nbformat.v4.new_notebook(cells=[cell])


@pytest.mark.slow
def test_capstone_report_replays_every_log(tmp_path):
    """Does `pmcourse capstone report` replay each student's log, list the
    invalid ones with the reason, and write an index and a page per student
    with charts that carry alt text?"""
    (tmp_path / "grading").mkdir()
    (tmp_path / "grading" / "nbgrader_config.py").write_text("c = get_config()\n")
    logs = {
        s: capstone.run_project(sc, st, seed).log
        for s, sc, st, seed in [
            ("ana", "substation_upgrade", "sound", 1),
            ("bo", "substation_upgrade", "passive", 2),
            ("cy", "mobile_banking_app", "steady", 3),
        ]
    }
    tampered = json.loads(json.dumps(logs["bo"]))
    tampered["checks"][3][0] += 1.0
    notebooks = {
        ("submitted", "ana"): _notebook(f"log = {logs['ana']!r}"),
        ("submitted", "bo"): _notebook(f"log = {tampered!r}"),
        ("autograded", "cy"): _notebook(
            "log = project.log", report.MARKER + json.dumps(logs["cy"]) + "\n"
        ),
        ("submitted", "dee"): _notebook("log = play_it_myself()"),
    }
    for (step, student), nb in notebooks.items():
        folder = tmp_path / "grading" / step / student / "ps10_capstone"
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / "ps10_capstone.ipynb")
    status = cli.main(
        ["--course", str(tmp_path), "capstone", "report", "ps10_capstone"]
    )
    assert status == 1
    index = tmp_path / "grading" / "reports" / "ps10_capstone_capstone.html"
    text = index.read_text()
    assert "2 valid run(s), 2 without a valid log" in text
    assert "separated the best runs" in text
    assert re.search(r'<img src="data:image/png;base64,[^"]+" alt="Histograms', text)
    pages = index.with_suffix("")
    assert sorted(p.stem for p in pages.glob("*.html")) == ["ana", "bo", "cy", "dee"]
    assert "invalid log: week 4" in (pages / "bo.html").read_text()
    assert "no log found" in (pages / "dee.html").read_text()
    ana = (pages / "ana.html").read_text()
    assert "Turning points" in ana and 'alt="Scores: overall' in ana


def test_separating_decisions_rank_the_biggest_difference_first():
    """Does the best-versus-rest table put the decision that differs most
    (relative to the class's spread) first?"""
    runs = [
        report.Run(
            str(k),
            debrief={"overall": float(k)},
            features={"meetings": float(k >= 6), "noise": float(k % 2)},
        )
        for k in range(8)
    ]
    rows = report.separating(runs)
    assert rows[0]["decision"] == "meetings" and rows[0]["best"] == 1.0
