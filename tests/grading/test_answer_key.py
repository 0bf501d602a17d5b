"""Tests of per-student answer keys (pmcourse.grading.answer_key)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmcourse.grading.answer_key import literal, plain
from pmcourse.grading.sandbox import Limits, wrap_command

_answers = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(_answers)
def test_a_literal_evaluates_back_to_the_same_answer(value):
    """Does every plain answer written as a literal evaluate to itself exactly?"""
    assert eval(literal(value)) == value  # noqa: S307


def test_infinities_and_nan_survive_as_literals():
    """Are inf, -inf and nan written so that they evaluate back?"""
    assert eval(literal(float("inf"))) == math.inf  # noqa: S307
    assert eval(literal(-math.inf)) == -math.inf  # noqa: S307
    assert math.isnan(eval(literal(float("nan"))))  # noqa: S307


def test_numpy_values_become_plain_python():
    """Are numpy scalars unwrapped into int, float and bool?"""
    value = plain({"a": np.float64(1.5), "b": np.int32(2), "c": [np.bool_(True)]})
    assert value == {"a": 1.5, "b": 2, "c": [True]}
    assert type(value["a"]) is float and type(value["b"]) is int
    assert type(value["c"][0]) is bool


def test_a_value_without_a_literal_is_refused_by_name():
    """Is a DataFrame refused with its type named, not written as text?"""
    pd = pytest.importorskip("pandas")
    with pytest.raises(TypeError, match="DataFrame"):
        literal(pd.DataFrame({"a": [1]}))


def test_the_sandbox_is_told_whose_work_it_runs(tmp_path):
    """Does the sandbox set the student's id inside, after clearing the rest?"""
    line = wrap_command(
        ["/bin/true"], tmp_path, Limits(), env={"PMCOURSE_STUDENT_ID": "ana"}
    )
    at = line.index("--clearenv")
    settings = [line[i + 1 : i + 3] for i, a in enumerate(line) if a == "--setenv"]
    assert ["PMCOURSE_STUDENT_ID", "ana"] in settings
    assert all(line.index("--setenv") > at for _ in settings)
