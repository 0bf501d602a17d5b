"""The grader's cell predicates are nbgrader's own (in-memory cells, no runs)."""

from __future__ import annotations

import itertools

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell
from nbgrader import utils

from pmcourse.grading.cells import (
    bound_names,
    checksum,
    is_protected,
    is_test,
    nbgrader_meta,
    read_names,
)


def _cell(kind: str, **meta):
    cell = new_code_cell("x = 1") if kind == "code" else new_markdown_cell("Text")
    if meta:
        cell.metadata["nbgrader"] = {"grade_id": "c", "points": 1, **meta}
    return cell


FLAGS = list(itertools.product((False, True), repeat=3))


@pytest.mark.parametrize(("grade", "solution", "locked"), FLAGS)
@pytest.mark.parametrize("kind", ["code", "markdown"])
def test_protected_is_what_nbgrader_overwrites(kind, grade, solution, locked):
    """Is a cell protected exactly when nbgrader's is_locked says so?"""
    cell = _cell(kind, grade=grade, solution=solution, locked=locked)
    assert is_protected(cell) == utils.is_locked(cell)
    assert is_test(cell) == (kind == "code" and grade and not solution)


def test_a_cell_without_a_grade_id_or_metadata_is_not_protected():
    """No grade id, no metadata or a null one: nothing to protect, no error."""
    no_id = _cell("code", locked=True)
    del no_id.metadata["nbgrader"]["grade_id"]
    broken = _cell("code")
    broken.metadata["nbgrader"] = None
    for cell in (no_id, _cell("code"), broken):
        assert not is_protected(cell)
        assert not is_test(cell)
    assert nbgrader_meta(broken) == {}


def test_checksum_is_nbgraders_and_none_when_metadata_is_incomplete():
    """Is the checksum nbgrader's, and None (not an error) for a cell it can't sum?"""
    test = _cell("code", grade=True, solution=False, locked=True)
    assert checksum(test) == utils.compute_checksum(test)
    no_points = _cell("code", grade=True, solution=False)
    del no_points.metadata["nbgrader"]["points"]
    assert checksum(no_points) is None
    assert checksum(_cell("code")) is None


def test_names_read_through_magics():
    """Are a cell's bound and read names found with IPython magics in it?"""
    source = "%matplotlib inline\nimport numpy as np\ntotal = np.sum(costs)"
    assert bound_names(source) == {"np", "total"}
    assert read_names(source) == {"get_ipython", "np", "costs"}  # the magic's call
    assert bound_names("x = (") == set() == read_names("x = (")
