"""Tests of the shared input checks (pmcourse._checks)."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmcourse._checks import as_frame, number


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_number_accepts_exactly_the_finite_non_negative_floats(x):
    """Does number() return every finite x >= 0 unchanged and refuse the rest?"""
    if math.isfinite(x) and x >= 0:
        assert number(x, "cost") == x
    else:
        with pytest.raises(ValueError, match="cost must be a finite number >= 0"):
            number(x, "cost")


def test_number_bounds_and_names():
    """Are a strict bound, a raised floor and a non-number refused by name?"""
    assert number("12.5", "rate") == 12.5
    with pytest.raises(ValueError, match=r"^capacity must be a finite number > 0"):
        number(0, "capacity", strict=True)
    with pytest.raises(ValueError, match=r"^days must be a finite number >= 1"):
        number(0.5, "days", low=1)
    with pytest.raises(ValueError, match=r"^fee must be a number, got 'ten'"):
        number("ten", "fee")
    with pytest.raises(ValueError, match=r"^fee must be a number, got None"):
        number(None, "fee")


def test_as_frame_keeps_or_copies_a_dataframe():
    """Is a DataFrame returned as is, or as a copy when asked, and rows built?"""
    frame = pd.DataFrame({"id": ["A"], "duration": [3]})
    assert as_frame(frame) is frame
    copied = as_frame(frame, copy=True)
    assert copied is not frame and copied.equals(frame)
    rows = as_frame(iter([{"id": "A", "duration": 3}]))
    assert rows.equals(frame)


def test_as_frame_names_what_is_not_a_table():
    """Does a non-iterable raise a TypeError naming the parameter when asked?"""
    with pytest.raises(TypeError, match="register must be a DataFrame"):
        as_frame(42, what="register")
    with pytest.raises(TypeError):
        as_frame(42)


@pytest.mark.parametrize(
    ("value", "low", "whole"),
    [
        (3, 1, True),
        (3.0, 1, True),
        (np.int64(7), 1, True),
        (np.float64(2.0), 2, True),
        (-4, -math.inf, True),
        (10**400, 0, True),  # too large for a float, still whole
        (0, 1, False),
        (2.5, 1, False),
        (True, 0, False),
        ("3", 1, False),
        (None, 1, False),
        (math.nan, 0, False),
        (math.inf, 0, False),
    ],
)
def test_is_whole_is_the_one_whole_number_rule(value, low, whole):
    """Is a whole number an int or integral float, never a bool, text or NaN?"""
    from pmcourse.core import is_whole

    assert is_whole(value, low) is whole
