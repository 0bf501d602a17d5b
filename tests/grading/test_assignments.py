"""Every nbgrader source in solutions/ follows the course's rules (no nbgrader run)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from _markdown import bare_dollars, markdown_sources
from nbgrader.nbgraderformat import MetadataValidator

from pmcourse import variants
from pmcourse.grading.course import Course
from pmcourse.grading.submissions import answer_cells, graded_cells, read_notebook
from pmcourse.variants import ps03

REPO = Course(Path(__file__).resolve().parents[2])
SOURCES = [
    pytest.param(path, id=f"{path.parent.name}/{path.name}")
    for name in REPO.assignments()
    for path in sorted(REPO.source_dir(name).glob("*.ipynb"))
]
HIDDEN = re.compile(
    r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.DOTALL | re.MULTILINE
)


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def test_there_is_an_assignment():
    """Does solutions/ hold at least the scheduling exercise?"""
    assert "ps03_scheduling" in REPO.assignments()


@pytest.mark.parametrize("path", SOURCES)
def test_source_is_stored_without_outputs(path):
    """Is the source notebook stored without outputs or execution counts?"""
    for cell in read_notebook(path).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("path", SOURCES)
def test_nbgrader_metadata_is_valid(path):
    """Does nbgrader accept the notebook's metadata (schema 3, unique ids, points
    on every grade cell)?"""
    nb = read_notebook(path)
    MetadataValidator().validate_nb(nb)
    ids = [_meta(c)["grade_id"] for c in nb.cells if _meta(c)]
    assert len(ids) == len(set(ids)), "grade ids repeat"
    assert all(_meta(c)["schema_version"] == 3 for c in nb.cells if _meta(c))
    assert all(info["points"] > 0 for info in graded_cells(nb).values())


STUDENT_COPIES = [
    pytest.param(path, id=f"exercises/{path.parent.name}/{path.name}")
    for name in REPO.assignments()
    for path in sorted(REPO.release_dir(name).glob("*.ipynb"))
]


@pytest.mark.parametrize("path", SOURCES + STUDENT_COPIES)
def test_dollar_amounts_are_not_typeset_as_maths(path):
    """Is every dollar amount in the markdown written \\\\$ so JupyterLab does
    not typeset the text between two amounts as maths (tests/_markdown.py)?"""
    for k, text in markdown_sources(path):
        bare = bare_dollars(text, money_only=True)
        assert not bare, f"cell {k}: write a dollar sign as \\\\$ in {bare[0]!r}"


@pytest.mark.parametrize("path", SOURCES)
def test_each_check_opens_with_a_docstring_and_hides_tests(path):
    """Does every autograded cell open with a docstring saying what it checks,
    run visible asserts, and keep hidden tests between the markers?"""
    for cell in read_notebook(path).cells:
        if not (_meta(cell).get("grade") and cell.cell_type == "code"):
            continue
        grade_id = _meta(cell)["grade_id"]
        tree = ast.parse(cell.source)
        assert ast.get_docstring(tree, clean=True), f"{grade_id}: no docstring"
        visible = HIDDEN.sub("", cell.source)
        assert "assert " in visible, f"{grade_id}: no visible sanity check"
        assert HIDDEN.search(cell.source), f"{grade_id}: no hidden tests"


@pytest.mark.parametrize("path", SOURCES)
def test_the_release_hides_solutions_hidden_tests_and_rubrics(path):
    """Is the committed student version free of solution code, hidden tests and
    the grader's rubric?"""
    release = REPO.release_dir(path.parent.name) / path.name
    assert release.is_file(), "run `make release`"
    text = release.read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "For the grader"):
        assert marker not in text
    source = read_notebook(path)
    for grade_id, answer in answer_cells(read_notebook(release)).items():
        assert answer != answer_cells(source)[grade_id] or not answer.strip()


# ---- the scheduling exercise (issue 2)
PS03 = REPO.source_dir("ps03_scheduling") / "ps03_scheduling.ipynb"


def test_ps03_has_six_autograded_parts_and_a_written_answer():
    """Does ps03 have at least 6 autograded parts and a written answer graded by
    hand?"""
    cells = graded_cells(read_notebook(PS03))
    assert sum(info["auto"] for info in cells.values()) >= 6
    written = [k for k, v in cells.items() if v["cell_type"] == "markdown"]
    assert written, "no written answer"


def test_ps03_hidden_tests_compute_through_the_library():
    """Is each of ps03's hidden tests one call into its answer specification,
    and does the specification take its keys from pmcourse.schedule and the
    student's own variant, never from a data file or numbers typed in?"""
    nb = read_notebook(PS03)
    for cell in nb.cells:
        match = HIDDEN.search(cell.source)
        if match:
            assert '_spec.grade("ps03_scheduling", ' in match.group(1)
    spec = (PS03.parent / "answers.py").read_text(encoding="utf-8")
    assert "schedule." in spec and "ps03.plan(params)" in spec
    assert "read_csv" not in spec and ".csv" not in spec
    numbers = {
        node.value
        for node in ast.walk(ast.parse(spec))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    }
    # Allowed: the question's own given (90 %), PERT's 6, the indices 0 and 1
    # of (mean, std), the square and 1 and 100 of the variance, complement and
    # percentage mistakes; the fair day comes from the variant.
    assert numbers <= {0.9, 6, 0, 1, 2, 100}, numbers


def test_ps03_scenario_is_a_small_network_with_link_types_and_a_lag():
    """Is every student's launch plan (the practice variant and a few ids) 8 to
    10 activities with a non-FS link and a lag, and three-point estimates
    around each duration?"""
    for student in (None, "ana", "ben", "cai"):
        plan = ps03.plan(variants.scenario(ps03.ASSIGNMENT, student=student))
        assert 8 <= len(plan) <= 10
        links = ",".join(plan["predecessors"])
        assert re.search(r":(SS|FF|SF)", links) and re.search(r"[+-]\d", links)
        assert (plan["optimistic"] <= plan["most_likely"]).all()
        assert (plan["most_likely"] <= plan["pessimistic"]).all()
        assert (plan["most_likely"] == plan["duration"]).all()
    assert not (PS03.parent / "launch_plan.csv").exists(), "the plan is drawn now"
