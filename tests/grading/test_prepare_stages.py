"""Each preparation stage alone, on in-memory cells (as nbgrader tests its
preprocessors): detect tampering, restore, plan. No notebook runs."""

from __future__ import annotations

import copy

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from pmcourse.grading.prepare import (
    Reference,
    Restoration,
    build_plan,
    prepare,
    tampered,
)


def _labelled(cell, grade_id, **meta):
    cell.metadata["nbgrader"] = {"grade_id": grade_id, **meta}
    return cell


def _release():
    return new_notebook(
        cells=[
            _labelled(new_markdown_cell("# Costs"), "intro", locked=True),
            _labelled(new_code_cell("import math\nrate = 0.1"), "setup", locked=True),
            _labelled(new_code_cell("# YOUR CODE HERE"), "ans", solution=True),
            _labelled(
                new_code_cell("assert math.isclose(x, 2)"),
                "t1",
                grade=True,
                solution=False,
                locked=True,
                points=2,
            ),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )


@pytest.fixture
def ref():
    hidden = "assert math.isclose(x, 2)\nassert x > 0  # hidden"
    return Reference("nb", _release(), {"t1": hidden})


def _run(ref, cells):
    work = Restoration(ref)
    for cell in cells:
        work.take(copy.deepcopy(cell))
    work.put_back_missing()
    return work


def _ids(cells):
    return [c.metadata.get("nbgrader", {}).get("grade_id") for c in cells]


def test_tampered_compares_nbgraders_checksums():
    """Is an edit to the source, the points, the kind or a flag tampering?"""
    released = _release().cells[3]
    assert not tampered(copy.deepcopy(released), released)
    for change in ("source", "points", "kind", "locked"):
        cell = copy.deepcopy(released)
        if change == "source":
            cell.source = "pass"
        elif change == "points":
            cell.metadata["nbgrader"]["points"] = 20
        elif change == "kind":
            cell = _labelled(new_markdown_cell(released.source), "t1")
            cell.metadata["nbgrader"] = copy.deepcopy(released.metadata["nbgrader"])
        else:
            cell.metadata["nbgrader"]["grade"] = False
        assert tampered(cell, released), change


def test_an_untouched_submission_restores_the_hidden_tests(ref):
    """Untouched cells: nothing reported, the test comes back with hidden lines."""
    submitted = copy.deepcopy(ref.release.cells)
    submitted[2].source = "x = 2"
    work = _run(ref, submitted)
    assert (work.tampering, work.problems) == ([], [])
    assert [c.source for c in work.cells][2:] == ["x = 2", ref.sources["t1"]]


def test_edited_duplicated_and_foreign_cells_are_tampering(ref):
    """Edited, duplicated and unknown labelled cells: each named; release kept."""
    cells = copy.deepcopy(ref.release.cells)
    cells[1].source = "rate = 0.5"
    foreign = _labelled(new_code_cell("x = 2"), "mine", solution=True)
    work = _run(ref, [*cells, copy.deepcopy(cells[3]), foreign])
    assert work.tampering == [
        "cell 'setup' was edited",
        "cell 't1' appears more than once",
        "cell 'mine' is not a cell of the released notebook",
    ]
    assert work.cells[1].source == "import math\nrate = 0.1"
    assert _ids(work.cells) == ["intro", "setup", "ans", "t1", None]


def test_deleted_cells_go_back_after_the_cell_before_them(ref):
    """A deleted test is tampering, a deleted answer only a problem; both return."""
    cells = [c for c in copy.deepcopy(ref.release.cells) if _ids([c])[0] == "intro"]
    work = _run(ref, [*cells, new_markdown_cell("my notes")])
    assert work.tampering == ["cell 'setup' was deleted", "cell 't1' was deleted"]
    assert work.problems == ["answer cell 'ans' was deleted"]
    assert _ids(work.cells) == ["intro", "setup", "ans", "t1", None]


def test_stripped_metadata_is_recognised_by_unchanged_text(ref):
    """Metadata removed: locked cells found by their text, the answer by its place."""
    cells = copy.deepcopy(ref.release.cells)
    cells[2].source = "x = 2"
    for cell in cells:
        cell.metadata.pop("nbgrader")
    work = _run(ref, cells)
    assert work.tampering == [
        "3 locked or test cell(s) had their nbgrader metadata removed "
        "(recognised by their unchanged text)"
    ]
    assert work.problems == []
    assert _ids(work.cells) == ["intro", "setup", "ans", "t1"]
    assert work.cells[2].source == "x = 2"


def test_an_answer_keeps_its_source_but_not_its_outputs(ref):
    """Does the answer keep the student's code and lose stale outputs?"""
    cells = copy.deepcopy(ref.release.cells)
    cells[2].source = "x = 2"
    cells[2].outputs = [{"output_type": "stream", "name": "stdout", "text": "2"}]
    work = _run(ref, cells)
    assert work.cells[2].source == "x = 2"
    assert work.cells[2].outputs == []


def test_plan_captures_what_a_test_reads_that_no_locked_cell_defines(ref):
    """The plan runs code cells and, at a test, captures the student's names."""
    cells = copy.deepcopy(ref.release.cells)
    cells[2].source = "x = 2"
    plan = build_plan(new_notebook(cells=_run(ref, cells).cells))
    assert [s.kind for s in plan.steps] == ["skip", "run", "run", "capture"]
    assert plan.steps[3].names == ("x",)
    assert plan.steps[3].grade_id == "t1"


def test_prepare_takes_the_release_kernel_and_groups_the_lines(ref):
    """prepare = the stages in order; the kernel is the release's."""
    submitted = new_notebook(cells=copy.deepcopy(ref.release.cells[:1]))
    submitted.metadata["kernelspec"] = {"name": "julia", "display_name": "Julia"}
    prepared = prepare(submitted, ref)
    assert prepared.notebook.metadata["kernelspec"]["name"] == "python3"
    assert prepared.tampering == ["cells 'setup', 't1' were deleted"]
    assert prepared.plan.name == "nb"
