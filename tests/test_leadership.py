"""Tests of the lead's time split model (pmcourse.leadership)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmcourse.leadership import time_split


def test_hand_computed_rows():
    """Do the rows match the model worked by hand?"""
    # n = 4: 6 channels -> 3 + 0.25 * 6 = 4.5 h coordinating of a 36 h week
    row = time_split(4, hours_per_channel=0.25, fixed_hours=3, week_hours=36).iloc[0]
    assert row["channels"] == 6
    assert row["coordination_hours"] == pytest.approx(4.5)
    assert row["hands_on_hours"] == pytest.approx(31.5)
    assert row["coordination_share"] == pytest.approx(4.5 / 36)


def test_channels_are_pairs_of_people():
    """Is the channel count n(n-1)/2, counted here by listing pairs?"""
    table = time_split(range(1, 13))
    for n, channels in zip(table["team_size"], table["channels"], strict=True):
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
        assert channels == len(pairs)


def test_coordination_is_capped_by_the_week():
    """Does coordination stop at the whole week, leaving 0 hands-on hours?"""
    row = time_split(30, week_hours=40).iloc[0]
    assert row["coordination_hours"] == 40
    assert row["hands_on_hours"] == 0
    assert row["coordination_share"] == 1


@given(
    st.lists(st.integers(1, 60), min_size=1, max_size=10),
    st.floats(0, 5),
    st.floats(0, 20),
    st.floats(1, 80),
)
def test_the_week_always_adds_up(sizes, per_channel, fixed, week):
    """Do hands-on and coordination hours always add up to the week, both >= 0?"""
    table = time_split(
        sizes, hours_per_channel=per_channel, fixed_hours=fixed, week_hours=week
    )
    total = table["hands_on_hours"] + table["coordination_hours"]
    assert (abs(total - week) < 1e-9).all()
    assert (table["hands_on_hours"] >= 0).all()
    assert table["coordination_share"].between(0, 1).all()


@given(st.floats(0, 5), st.floats(0, 20))
def test_more_people_never_means_less_coordination(per_channel, fixed):
    """Is coordination non-decreasing as the team grows?"""
    hours = time_split(range(1, 40), hours_per_channel=per_channel, fixed_hours=fixed)
    assert hours["coordination_hours"].is_monotonic_increasing


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"team_size": 0}, "team_size"),
        ({"team_size": 2.5}, "team_size"),
        ({"team_size": []}, "team_size"),
        ({"team_size": 3, "hours_per_channel": -1}, "hours_per_channel"),
        ({"team_size": 3, "fixed_hours": float("nan")}, "fixed_hours"),
        ({"team_size": 3, "week_hours": 0}, "week_hours"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, match):
    """Does bad input raise ValueError naming the parameter?"""
    with pytest.raises(ValueError, match=match):
        time_split(**kwargs)
