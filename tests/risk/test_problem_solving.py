"""Tests of pmcourse.problem_solving: the Pareto table."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmcourse.problem_solving import pareto


def test_pareto_worked_by_hand():
    """Do 50, 30, 12 and 8 incidents give shares .5, .3, .12, .08, cumulative
    .5, .8, .92, 1 and the top two as the vital few at 80 %?"""
    table = pareto({"late parts": 12, "wrong spec": 30, "test rig": 8, "staff": 50})
    assert table.index.tolist() == ["staff", "wrong spec", "late parts", "test rig"]
    assert table["share"].tolist() == pytest.approx([0.5, 0.3, 0.12, 0.08])
    assert table["cumulative_share"].tolist() == pytest.approx([0.5, 0.8, 0.92, 1.0])
    assert table["vital_few"].tolist() == [True, True, False, False]
    # at 85 % the third cause is needed too
    assert pareto(dict(table["count"]), threshold=0.85)["vital_few"].sum() == 3


def test_pareto_keeps_the_order_of_ties_and_accepts_a_series():
    """Do tied counts keep their given order, and does a Series work like a dict?"""
    counts = pd.Series({"b": 5, "a": 5, "c": 10})
    table = pareto(counts)
    assert table.index.tolist() == ["c", "b", "a"]
    assert table.index.name == "cause"


@given(
    st.dictionaries(st.text(min_size=1, max_size=5), st.integers(0, 1000), min_size=1)
)
def test_pareto_invariants(counts):
    """Does the cumulative share end at 1, never fall, and do the vital few form
    the top of the table and reach the threshold?"""
    if sum(counts.values()) == 0:
        with pytest.raises(ValueError, match="every count is 0"):
            pareto(counts)
        return
    table = pareto(counts)
    cumulative = table["cumulative_share"].to_numpy()
    assert cumulative[-1] == pytest.approx(1.0)
    assert (cumulative[1:] >= cumulative[:-1] - 1e-12).all()
    vital = table["vital_few"].to_numpy()
    k = int(vital.sum())
    assert vital[:k].all() and not vital[k:].any()
    assert cumulative[k - 1] >= 0.8 - 1e-9


def test_pareto_rejects_bad_input():
    """Are a negative count, an empty table and a bad threshold refused by name?"""
    with pytest.raises(ValueError, match="cause 'x': count must be a number >= 0"):
        pareto({"x": -1, "y": 2})
    with pytest.raises(ValueError, match="counts is empty"):
        pareto({})
    with pytest.raises(ValueError, match="threshold must be between 0 and 1"):
        pareto({"x": 1}, threshold=80)
