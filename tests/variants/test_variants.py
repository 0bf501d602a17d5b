"""Tests of the per-student variant mechanism (pmcourse.variants)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pmcourse import variants
from pmcourse.variants import (
    PRACTICE_ID,
    STUDENT_ENV,
    grading_as,
    seed_for,
    student_id,
    variant,
)


def _draw(rng: np.random.Generator) -> dict:
    return {"duration": int(rng.integers(-5, 20)), "p": float(rng.random())}


def _check(params) -> list[str]:
    problems = []
    if params["duration"] <= 0:
        problems.append(f"duration {params['duration']} is not positive")
    return problems


def test_same_salt_assignment_and_student_give_the_same_numbers():
    """Does drawing twice for the same student give identical numbers?"""
    one = variant("ps99", _draw, _check, student="ana", salt="term-1")
    two = variant("ps99", _draw, _check, student="ana", salt="term-1")
    assert one.params == two.params
    assert one.code == two.code


@pytest.mark.parametrize(
    "change",
    [
        {"student": "ben"},
        {"salt": "term-2"},
        {"assignment": "ps98"},
    ],
)
def test_each_part_of_the_seed_changes_the_numbers(change):
    """Do the student, the salt and the assignment each change the variant?"""
    base = {"assignment": "ps99", "student": "ana", "salt": "term-1"}
    one = variant(base["assignment"], _draw, _check, student="ana", salt="term-1")
    other = {**base, **change}
    two = variant(
        other["assignment"], _draw, _check, student=other["student"], salt=other["salt"]
    )
    assert one.code != two.code


def test_invalid_draws_are_redrawn_until_the_check_passes():
    """Is every returned draw valid, and do some ids need more than one draw?"""
    found = [variant("ps99", _draw, _check, student=f"s{i}") for i in range(200)]
    assert all(v.params["duration"] > 0 for v in found)
    # A quarter of raw draws are invalid (-5..-1 and 0 of -5..19), so some
    # of 200 students must have needed a redraw.
    assert any(v.attempts > 1 for v in found)


def test_a_check_that_never_passes_names_the_problem():
    """Does an impossible check raise an error that says what was wrong?"""
    with pytest.raises(ValueError, match="duration must be huge"):
        variant(
            "ps99",
            _draw,
            lambda p: ["duration must be huge"],
            student="ana",
            max_attempts=5,
        )


def test_fifty_students_all_get_different_numbers():
    """Do 50 student ids give 50 different variants (codes and numbers)?"""
    ids = [f"student{i:02d}" for i in range(50)]
    found = [variant("ps99", _draw, _check, student=s) for s in ids]
    assert len({v.code for v in found}) == 50
    assert len({tuple(sorted(v.params.items())) for v in found}) == 50


def test_seed_is_sha256_of_the_three_parts():
    """Is the seed the first 16 bytes of SHA-256 over salt, assignment, id?"""
    import hashlib

    digest = hashlib.sha256(b"s\x1fps03\x1fana").digest()
    assert seed_for("s", "ps03", "ana") == int.from_bytes(digest[:16], "big")


def test_student_id_order_of_sources(tmp_path):
    """Does the id come from the grader, then the variable, then nbgrader's
    folder, then the hub, in that order?"""
    folder = tmp_path / "autograded" / "cai" / "ps03_scheduling"
    folder.mkdir(parents=True)
    env = {
        STUDENT_ENV: "ana",
        "NBGRADER_EXECUTION": "autograde",
        "JUPYTERHUB_USER": "prof",
    }
    with grading_as("ben"):
        assert student_id(env, folder) == ("ben", "grader")
    assert student_id(env, folder) == ("ana", STUDENT_ENV)
    env.pop(STUDENT_ENV)
    assert student_id(env, folder) == ("cai", "nbgrader autograde folder")
    env.pop("NBGRADER_EXECUTION")
    assert student_id(env, folder) == ("prof", "JUPYTERHUB_USER")
    assert student_id({}, folder) == (None, "none")


def test_validate_in_the_students_server_uses_the_hub_user(tmp_path):
    """While a student validates on the hub (NBGRADER_EXECUTION=validate), is the
    id the hub user's, whatever folder the notebook is in?"""
    env = {"NBGRADER_EXECUTION": "validate", "JUPYTERHUB_USER": "ana"}
    assert student_id(env, tmp_path) == ("ana", "JUPYTERHUB_USER")


def test_no_id_gives_the_practice_variant_with_a_clear_message(monkeypatch):
    """Without any id, does everyone get the same practice variant and a
    message saying how to get their own numbers?"""
    for name in (STUDENT_ENV, "JUPYTERHUB_USER", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    found = variant("ps99", _draw, _check)
    assert found.practice
    assert found.student == PRACTICE_ID
    assert found.params == variant("ps99", _draw, _check, student=PRACTICE_ID).params
    text = found.message()
    assert "practice" in text.lower()
    assert STUDENT_ENV in text
    assert "hub" in text
    assert "Practice variant" in found._repr_markdown_()


def test_a_hub_user_sees_their_own_variant_box(monkeypatch):
    """On the hub, does the box name the student and the variant code?"""
    monkeypatch.delenv(STUDENT_ENV, raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    found = variant("ps99", _draw, _check)
    assert not found.practice
    box = found._repr_markdown_()
    assert found.code in box and "ana" in box
    assert found.label == f"ps99, variant {found.code} (student ana)"


def test_grading_as_nests_and_restores():
    """Does grading_as restore the previous student when the block ends?"""
    with grading_as("ana"):
        with grading_as("ben"):
            assert student_id({})[0] == "ben"
        assert student_id({})[0] == "ana"
    assert student_id({}) == (None, "none")


@pytest.mark.parametrize("bad", ["", "   "])
def test_grading_as_refuses_an_empty_id(bad):
    """Is an empty student id refused with a clear error?"""
    with pytest.raises(ValueError, match="student"):
        with grading_as(bad):
            pass


def test_unknown_assignment_lists_those_with_variants():
    """Does asking for an assignment without variants name the ones that have them?"""
    with pytest.raises(ValueError, match="ps03_scheduling"):
        variants.scenario_module("ps01_lifecycles")


def test_autograde_folder_with_a_custom_layout_uses_the_parent(tmp_path):
    """With nbgrader's step folder renamed, is the student still the folder
    above the assignment's?"""
    folder = tmp_path / "graded-here" / "dee" / "ps05_risk"
    folder.mkdir(parents=True)
    env = {"NBGRADER_EXECUTION": "autograde"}
    assert student_id(env, Path(folder)) == ("dee", "nbgrader autograde folder")
