"""Answers leave the sandbox as data and come back as equal values."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmcourse.grading.capture import Unsupported, decode, encode

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=8)
    | st.floats(allow_nan=False)
)
keys = (
    st.integers() | st.text(max_size=5) | st.tuples(st.integers(), st.text(max_size=3))
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(keys, inner, max_size=4)
    ),
    max_leaves=20,
)


def _round_trip(value):
    return decode({"values": json.loads(encode({"x": value}))})["x"]


@given(values)
def test_plain_values_round_trip_with_their_types(value):
    """Does any nesting of numbers, text, lists, tuples and dicts come back
    equal, with tuples still tuples and dict keys intact?"""
    back = _round_trip(value)
    assert back == value
    assert type(back) is type(value)


def test_numpy_and_pandas_round_trip():
    """Do numpy scalars and arrays, Series and DataFrames come back with their
    types, dtypes and labels?"""
    frame = pd.DataFrame(
        {"es": [0.0, 3.0], "critical": [True, False]}, index=pd.Index(["A", "B"])
    )
    frame.index.name = "id"
    assert type(_round_trip(np.int64(3))) is np.int64
    assert _round_trip(np.float64(2.5)) == 2.5
    array = _round_trip(np.arange(6).reshape(2, 3))
    assert array.shape == (2, 3) and array.dtype == np.arange(1).dtype
    pd.testing.assert_frame_equal(_round_trip(frame), frame)
    series = frame["es"]
    pd.testing.assert_series_equal(_round_trip(series), series)


def test_other_standard_values_round_trip():
    """Do sets, complex numbers, bytes, fractions, dates and big integers come
    back equal?"""
    for value in [
        {1, 2},
        frozenset({"a"}),
        2 + 3j,
        b"\x00\xff",
        Fraction(1, 3),
        dt.date(2024, 3, 1),
        dt.timedelta(days=2),
        2**80,
        float("inf"),
    ]:
        assert _round_trip(value) == value


def test_a_function_becomes_a_named_stand_in_that_refuses_use():
    """Does a function answer arrive as a stand-in whose type says 'function'
    and which raises TypeError when used?"""
    back = _round_trip(lambda x: x)
    assert isinstance(back, Unsupported) and type(back).__name__ == "function"
    with pytest.raises(TypeError, match="data answers"):
        back(1)
    assert not isinstance(back, int | float)


def test_a_hostile_subclass_is_carried_as_its_plain_value():
    """Does a float subclass whose == always says True arrive as a stand-in,
    never as something that compares equal to everything?"""

    class Liar(float):
        def __eq__(self, other):
            return True

    back = _round_trip(Liar(1.0))
    assert back != 2.0


def test_malformed_payloads_cannot_run_code():
    """Is a tampered payload decoded into stand-ins (or refused) without
    evaluating anything?"""
    assert isinstance(
        decode(
            {
                "values": {
                    "x": {"__t": "np", "dtype": "float64", "v": "__import__('os')"}
                }
            }
        )["x"],
        Unsupported,
    )
    assert isinstance(decode({"values": {"x": {"__t": "nope"}}})["x"], Unsupported)
    with pytest.raises(ValueError, match="values"):
        decode({"grade_id": "t"})
