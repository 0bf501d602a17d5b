"""Tests for grading a response to a CAPM practice item."""

import math

import pytest

from pmcourse.capm import FAMILIES, draw, grade

SINGLE = {"type": "single", "answer": "C"}
MULTIPLE = {"type": "multiple", "answer": ["A", "D"]}
NUMERIC = {"type": "numeric", "answer": 45.0, "tolerance": 0.5}


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("C", True),
        ("c", True),
        (" C ", True),
        ("B", False),
        ("CB", False),
        (None, False),
        ("", False),
        (["C"], True),
    ],
)
def test_single_choice(response, expected):
    """Does a single-choice item accept its letter, in any case, and only it?"""
    assert grade(SINGLE, response) is expected


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("A, D", True),
        ("d,a", True),
        ("AD", True),
        (["D", "A"], True),
        ("A", False),
        ("A, B, D", False),
        (["A", "B"], False),
        ("", False),
    ],
)
def test_multiple_select_needs_the_exact_set(response, expected):
    """Does a multiple-select item need exactly its set of letters?"""
    assert grade(MULTIPLE, response) is expected


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (45, True),
        ("45.5", True),
        (44.5, True),
        ("$45", True),
        ("45.6", False),
        ("forty-five", False),
        (math.nan, False),
        (None, False),
    ],
)
def test_numeric_within_tolerance(response, expected):
    """Is a numeric answer right within its tolerance, and wrong otherwise?"""
    assert grade(NUMERIC, response) is expected


def test_unknown_type():
    """Does grading an item of unknown type raise?"""
    with pytest.raises(ValueError, match="item type"):
        grade({"type": "essay", "answer": "x"}, "x")


@pytest.mark.parametrize("family_id", sorted(FAMILIES))
def test_drawn_items_grade_their_own_key(family_id):
    """Does each family item accept its key and refuse every other option?"""
    item = draw(family_id, 8)
    if item.type == "numeric":
        assert grade(item, f"{item.answer:.1f}") is (
            abs(round(item.answer, 1) - item.answer) <= item.tolerance
        )
        assert grade(item, item.answer)
        assert not grade(item, item.answer + item.tolerance + 1)
        return
    assert grade(item, item.answer)
    for letter in item.options:
        if letter != item.answer:
            assert not grade(item, letter)
