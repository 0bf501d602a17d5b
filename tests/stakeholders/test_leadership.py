"""Tests of pmcourse.leadership: the time split and the leadership models."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmcourse.leadership import (
    CONFLICT_MODES,
    LEADERSHIP_STYLES,
    POWER_TYPES,
    conflict_mode,
    conflict_mode_name,
    power_type_name,
    situational_style,
    time_split,
)


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


# --- situational leadership, conflict modes, power (lesson 07) ---------------


@pytest.mark.parametrize(
    ("competence", "commitment", "style"),
    [
        (2, 9, "directing"),  # the enthusiastic beginner
        (3, 3, "coaching"),  # the disillusioned learner
        (8, 4, "supporting"),  # capable but cautious
        (9, 9, "delegating"),  # self-reliant
        (5.5, 5.5, "delegating"),  # the middle of 1-10 counts as high
        (5, 6, "directing"),
    ],
)
def test_situational_style_quadrants(competence, commitment, style):
    """Does each competence-commitment pair get the style of its quadrant?"""
    assert situational_style(competence, commitment) == style
    assert style in LEADERSHIP_STYLES


def test_situational_style_other_scale():
    """On a 0-1 scale, is 0.5 the line between low and high?"""
    assert situational_style(0.49, 0.5, scale=(0, 1)) == "directing"
    assert situational_style(0.5, 0.49, scale=(0, 1)) == "supporting"


@pytest.mark.parametrize(
    ("a", "c", "mode"),
    [
        (10, 1, "competing"),
        (9, 9, "collaborating"),
        (5, 5, "compromising"),
        (4, 7, "compromising"),  # 1-10: the middle third is 4 to 7
        (1, 1, "avoiding"),
        (2, 9, "accommodating"),
        (8, 5, "competing"),  # assertive outside the middle third
    ],
)
def test_conflict_mode_regions(a, c, mode):
    """Does each assertiveness-cooperativeness pair name the right mode?"""
    assert conflict_mode(a, c) == mode


@given(
    st.floats(1, 10, allow_nan=False),
    st.floats(1, 10, allow_nan=False),
)
def test_conflict_mode_is_always_one_of_the_five(a, c):
    """Is every point of the square given one of the five modes?"""
    assert conflict_mode(a, c) in CONFLICT_MODES


@given(st.floats(1, 10, allow_nan=False), st.floats(1, 4, allow_nan=False))
def test_more_cooperation_never_turns_competing_into_avoiding(a, c):
    """Raising cooperativeness never moves a mode to a less cooperative one?"""
    order = {"competing": 0, "avoiding": 0, "compromising": 1}
    order |= {"collaborating": 2, "accommodating": 2}
    assert order[conflict_mode(a, c + 6)] >= order[conflict_mode(a, c)]


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        ("Forcing", "competing"),
        ("  smoothing ", "accommodating"),
        ("withdrawing", "avoiding"),
        ("Problem-solving", "collaborating"),
        ("reconciling", "compromising"),
        ("COMPETING", "competing"),
    ],
)
def test_conflict_mode_names_from_either_vocabulary(name, mode):
    """Are the older PMI names mapped to the Thomas-Kilmann ones?"""
    assert conflict_mode_name(name) == mode


def test_power_type_names():
    """Are positional/formal legitimate power, and penalty coercive power?"""
    assert power_type_name("positional") == "legitimate"
    assert power_type_name("Formal") == "legitimate"
    assert power_type_name("penalty") == "coercive"
    assert power_type_name("Referent") == "referent"
    assert set(POWER_TYPES) >= {"legitimate", "reward", "coercive", "expert"}


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: situational_style(11, 5), "competence"),
        (lambda: situational_style(5, "high"), "commitment"),
        (lambda: conflict_mode(5, 0), "cooperativeness"),
        (lambda: conflict_mode(float("nan"), 5), "assertiveness"),
        (lambda: conflict_mode(5, 5, scale=(3, 3)), "scale"),
        (lambda: conflict_mode_name("shouting"), "conflict mode 'shouting'"),
        (lambda: power_type_name(7), "type of power"),
    ],
)
def test_leadership_models_name_bad_input(call, match):
    """Does bad input raise ValueError naming the parameter?"""
    with pytest.raises(ValueError, match=match):
        call()
