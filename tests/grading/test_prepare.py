"""Checking submitted notebooks against the release, before anything runs."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat
import pytest
from _corpus import PS03, REPO, _cell, _set, _stripped, _without

from pmcourse.grading.prepare import (
    InvalidNotebook,
    Reference,
    build_plan,
    prepare,
    read_submitted,
)
from pmcourse.grading.submissions import answer_cells, fill_answers, read_notebook

HIDDEN = (
    "### BEGIN HIDDEN TESTS\n_secret = True\nassert _secret\n### END HIDDEN TESTS\n"
)


@pytest.fixture(scope="module")
def ref():
    release = read_notebook(REPO.release_dir(PS03) / f"{PS03}.ipynb")
    sources = {
        c.metadata["nbgrader"]["grade_id"]: c.source + "\n" + HIDDEN
        for c in release.cells
        if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"
    }
    return Reference(PS03, release, sources)


@pytest.fixture(scope="module")
def solved(ref):
    source = read_notebook(REPO.source_dir(PS03) / f"{PS03}.ipynb")
    return fill_answers(ref.release, answer_cells(source))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"{not json", "not valid JSON"),
        (json.dumps({"nbformat": 3, "worksheets": []}).encode(), "nbformat 3"),
        (json.dumps({"nbformat": 4, "cells": "x"}).encode(), "not a valid notebook"),
        (None, "missing"),
    ],
)
def test_unreadable_files_are_invalid_with_a_reason(tmp_path, content, reason):
    """Is each kind of unreadable file refused with a reason a student can act on?"""
    path = tmp_path / "ps.ipynb"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InvalidNotebook, match=reason):
        read_submitted(path)


def test_an_honest_submission_is_not_tampered(ref, solved):
    """Does the solved release pass the checks, with hidden tests put back in
    its test cells and the plan capturing exactly the answers each test reads?"""
    prepared = prepare(solved, ref)
    assert prepared.tampering == [] and prepared.problems == []
    test = _cell(prepared.notebook, "check_forward_pass")
    assert "assert _secret" in test.source
    steps = {s.grade_id: s for s in prepared.plan.steps if s.kind == "capture"}
    assert steps["check_forward_pass"].names == ("ef", "es")
    assert steps["check_pert"].names == ("path_mean", "path_std")
    assert not any("_secret" in s.source for s in prepared.plan.steps)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda nb: _set(nb, "setup", "plan = None"), "'setup' was edited"),
        (lambda nb: _without(nb, "check_pert"), "'check_pert' was deleted"),
        (lambda nb: _set(nb, "check_pert", "pass"), "'check_pert' was edited"),
        (lambda nb: _stripped(nb), "metadata removed"),
    ],
)
def test_changes_to_protected_cells_are_recorded_and_undone(
    ref, solved, change, expected
):
    """Is each change to a locked or test cell recorded, and is the prepared
    notebook's protected content the release's again?"""
    prepared = prepare(change(solved), ref)
    assert any(expected in t for t in prepared.tampering), prepared.tampering
    clean = prepare(solved, ref).notebook
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in clean.cells]
    got = [
        c.metadata.get("nbgrader", {}).get("grade_id") for c in prepared.notebook.cells
    ]
    assert [i for i in got if i] == [i for i in ids if i]
    assert _cell(prepared.notebook, "setup").source == _cell(clean, "setup").source


def test_points_raised_in_metadata_count_as_tampering(ref, solved):
    """Does a test cell whose points were raised in its metadata count as edited?"""
    nb = copy.deepcopy(solved)
    _cell(nb, "check_pert").metadata["nbgrader"]["points"] = 100
    assert any("'check_pert' was edited" in t for t in prepare(nb, ref).tampering)


def test_a_deleted_answer_is_a_problem_not_tampering(ref, solved):
    """Is a deleted answer cell noted but not counted as tampering?"""
    prepared = prepare(_without(solved, "answer_pert"), ref)
    assert prepared.tampering == []
    assert prepared.problems == ["answer cell 'answer_pert' was deleted"]


def test_plan_reads_magics_and_skips_markdown():
    """Does the plan survive IPython magics and skip markdown cells?"""
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("hi"),
            nbformat.v4.new_code_cell("%matplotlib inline\nx = 1"),
        ]
    )
    assert [s.kind for s in build_plan(nb).steps] == ["skip", "run"]


def test_release_folder_is_what_the_reference_reads():
    """Does the committed release exist where the autograder reads it?"""
    assert Path(REPO.release_dir(PS03) / f"{PS03}.ipynb").is_file()
