"""Tests for pmcourse.stakeholders: channels, power-interest grid, engagement, RACI."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmcourse.stakeholders import (
    assess_engagement,
    channels_added,
    classify_power_interest,
    communication_channels,
    parse_raci_cell,
    validate_raci,
)

# --- communication channels ---------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"), [(0, 0), (1, 0), (2, 1), (3, 3), (5, 10), (10, 45)]
)
def test_channels_textbook_values(n, expected):
    """Does n(n-1)/2 give the textbook channel counts?"""
    assert communication_channels(n) == expected


def test_channels_added_five_to_ten():
    """Does growing a team from 5 to 10 people add 35 channels (10 -> 45)?"""
    assert channels_added(5, 10) == 35
    assert channels_added(10, 5) == -35
    assert channels_added(7, 7) == 0


@given(st.integers(min_value=0, max_value=10_000))
def test_channels_match_pairs(n):
    """Is the channel count the number of 2-person subsets, as an int?"""
    got = communication_channels(n)
    assert isinstance(got, int)
    assert got == math.comb(n, 2)


@given(st.integers(min_value=0, max_value=2_000))
def test_one_more_person_adds_n_channels(n):
    """Does person n+1 add one channel to each of the n people already there?"""
    assert channels_added(n, n + 1) == n


def test_channels_accept_whole_float():
    """Is a float holding a whole number (e.g. from a slider) accepted?"""
    assert communication_channels(6.0) == 15
    assert communication_channels(np.int64(4)) == 6


@pytest.mark.parametrize("bad", [-1, 2.5, "5", True, None, math.nan])
def test_channels_reject_bad_n(bad):
    """Does a negative, fractional or non-numeric team size raise naming n?"""
    with pytest.raises(ValueError, match=r"\bn\b"):
        communication_channels(bad)


def test_channels_added_names_the_bad_argument():
    """Does channels_added say which size was wrong?"""
    with pytest.raises(ValueError, match="n_before"):
        channels_added(-2, 5)
    with pytest.raises(ValueError, match="n_after"):
        channels_added(2, 5.5)


# --- power-interest grid ------------------------------------------------------


@pytest.mark.parametrize(
    ("power", "interest", "quadrant"),
    [
        (9, 9, "manage closely"),
        (9, 2, "keep satisfied"),
        (2, 9, "keep informed"),
        (2, 2, "monitor"),
        (6, 6, "manage closely"),  # 6 is high on 1-10 (threshold 5.5)
        (5, 5, "monitor"),
        (10, 1, "keep satisfied"),
    ],
)
def test_quadrants_on_default_scale(power, interest, quadrant):
    """Does each (power, interest) pair land in the right quadrant on 1-10?"""
    assert classify_power_interest(power, interest) == quadrant


def test_threshold_and_scale_are_configurable():
    """Do a custom scale and threshold move the line between low and high?"""
    assert classify_power_interest(0.6, 0.4, scale=(0, 1)) == "keep satisfied"
    assert classify_power_interest(3, 4, scale=(1, 5)) == "manage closely"
    assert classify_power_interest(7, 7, threshold=8) == "monitor"
    # A rating equal to the threshold counts as high.
    assert classify_power_interest(8, 8, threshold=8) == "manage closely"


def test_table_gets_a_quadrant_column_and_is_not_modified():
    """Does a table come back as a copy with a quadrant per stakeholder?"""
    table = pd.DataFrame(
        {
            "stakeholder": ["sponsor", "regulator", "users", "canteen"],
            "power": [10, 8, 3, 1],
            "interest": [8, 3, 10, 2],
        }
    )
    out = classify_power_interest(table)
    assert out["quadrant"].tolist() == [
        "manage closely",
        "keep satisfied",
        "keep informed",
        "monitor",
    ]
    assert "quadrant" not in table.columns


def test_off_scale_rating_names_the_stakeholder():
    """Does a rating off the scale raise naming the stakeholder and the scale?"""
    rows = [
        {"stakeholder": "sponsor", "power": 9, "interest": 9},
        {"stakeholder": "union", "power": 12, "interest": 5},
    ]
    with pytest.raises(
        ValueError, match=r"power of stakeholder 'union'.*\[1.0, 10.0\]"
    ):
        classify_power_interest(rows)
    with pytest.raises(ValueError, match="interest"):
        classify_power_interest(5, 0)


def test_missing_column_and_bad_threshold():
    """Are a missing column, a missing interest and a bad threshold reported?"""
    with pytest.raises(ValueError, match="'interest' column"):
        classify_power_interest([{"stakeholder": "x", "power": 3}])
    with pytest.raises(ValueError, match="threshold"):
        classify_power_interest(5, 5, threshold=11)
    with pytest.raises(ValueError, match="interest is required"):
        classify_power_interest(5)


@given(
    st.floats(min_value=1, max_value=10),
    st.floats(min_value=1, max_value=10),
    st.floats(min_value=1, max_value=10),
)
def test_more_power_never_moves_a_stakeholder_down(p, i, extra):
    """Does raising power never lower the power half, nor change the interest half?"""
    high_power = {"keep satisfied", "manage closely"}
    high_interest = {"keep informed", "manage closely"}
    before = classify_power_interest(p, i)
    after = classify_power_interest(max(p, extra), i)
    assert (before in high_power) <= (after in high_power)
    assert (before in high_interest) == (after in high_interest)
    assert (after in high_power) == (max(p, extra) >= 5.5)


# --- engagement assessment ----------------------------------------------------


def test_engagement_gaps_count_steps_on_the_ladder():
    """Is the gap the number of steps from current to desired engagement?"""
    out = assess_engagement(
        [
            {"stakeholder": "sponsor", "current": "neutral", "desired": "leading"},
            {"stakeholder": "ops", "current": "unaware", "desired": "supportive"},
            {"stakeholder": "vendor", "current": "LEADING ", "desired": "supportive"},
            {"stakeholder": "legal", "current": "neutral", "desired": "neutral"},
        ]
    )
    assert out["gap"].tolist() == [2, 3, -1, 0]
    assert out["action_needed"].tolist() == [True, True, True, False]
    assert out.loc[2, "current"] == "leading"


def test_engagement_rejects_unknown_level_naming_stakeholder():
    """Does an unknown level raise naming the stakeholder and the allowed levels?"""
    with pytest.raises(ValueError, match=r"'ops'.*'enthusiastic'.*unaware"):
        assess_engagement(
            [{"stakeholder": "ops", "current": "enthusiastic", "desired": "leading"}]
        )
    with pytest.raises(ValueError, match="'desired' column"):
        assess_engagement([{"stakeholder": "ops", "current": "neutral"}])


# --- RACI ---------------------------------------------------------------------


def _raci(rows: dict[str, list], people=("Ana", "Ben", "Chen")) -> pd.DataFrame:
    return pd.DataFrame(rows, index=list(people)).T


@pytest.mark.parametrize(
    ("cell", "letters"),
    [
        ("A/R", {"A", "R"}),
        ("AR", {"A", "R"}),
        ("r, a", {"A", "R"}),
        ("C+I", {"C", "I"}),
        ("", set()),
        (None, set()),
        (math.nan, set()),
        ("R", {"R"}),
    ],
)
def test_cells_are_parsed_in_any_common_spelling(cell, letters):
    """Are 'A/R', 'AR', 'r, a' and empty cells all read correctly?"""
    assert parse_raci_cell(cell) == letters


def test_valid_matrix_has_no_problems():
    """Does a matrix with one A and at least one R per task pass?"""
    matrix = _raci(
        {
            "requirements": ["A/R", "C", "I"],
            "design": ["A", "R", "R"],
            "test plan": ["I", "AR", None],
        }
    )
    assert validate_raci(matrix) == []


def test_each_rule_break_is_reported_naming_the_task():
    """Are missing A, two As, missing R and bad letters each named by task?"""
    matrix = _raci(
        {
            "scope": ["R", "C", "I"],  # no A
            "budget": ["A", "A/R", "I"],  # two A
            "launch": ["A", "C", "I"],  # no R
            "training": ["A", "R", "X"],  # unknown letter
        }
    )
    problems = validate_raci(matrix)
    assert len(problems) == 4
    text = "\n".join(problems)
    assert "task 'scope' has no Accountable" in text
    assert "task 'budget' has 2 Accountable people (Ana, Ben)" in text
    assert "task 'launch' has no Responsible" in text
    assert "task 'training', person 'Chen': unknown letter(s) X" in text


def test_raise_errors_lists_every_problem():
    """With raise_errors=True, does the error list all problems at once?"""
    matrix = _raci({"scope": ["R", "", ""], "launch": ["A", "C", "I"]})
    with pytest.raises(ValueError, match="RACI matrix has problems") as info:
        validate_raci(matrix, raise_errors=True)
    message = str(info.value)
    assert "'scope' has no Accountable" in message
    assert "'launch' has no Responsible" in message


def test_task_column_and_duplicates():
    """Is a 'task' column used as the row names, and a repeated task reported?"""
    matrix = pd.DataFrame(
        {
            "task": ["build", "build"],
            "Ana": ["A", "A"],
            "Ben": ["R", "R"],
        }
    )
    problems = validate_raci(matrix)
    assert problems == [
        "task 'build' appears more than once: give each row a unique name"
    ]


def test_malformed_input():
    """Are a non-DataFrame and an empty matrix rejected clearly?"""
    with pytest.raises(TypeError, match="DataFrame"):
        validate_raci([["A", "R"]])
    with pytest.raises(ValueError, match="no tasks"):
        validate_raci(pd.DataFrame(columns=["Ana"]))
    with pytest.raises(ValueError, match="no people"):
        validate_raci(pd.DataFrame(index=["build"]))


@given(
    st.lists(
        st.lists(
            st.sampled_from(["", "R", "A", "C", "I", "A/R", "CI"]),
            min_size=3,
            max_size=3,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_valid_exactly_when_rules_hold(rows):
    """Is a random matrix valid exactly when every task has one A and some R?"""
    matrix = pd.DataFrame(rows, columns=["Ana", "Ben", "Chen"])
    matrix.index = [f"t{k}" for k in range(len(rows))]
    expected_ok = all(
        sum("A" in c for c in row) == 1 and any("R" in c for c in row) for row in rows
    )
    assert (validate_raci(matrix) == []) == expected_ok


def test_every_quadrant_has_a_strategy():
    """Does each quadrant of the grid come with a recommended strategy?"""
    from pmcourse.stakeholders import QUADRANT_STRATEGIES, QUADRANTS

    assert set(QUADRANT_STRATEGIES) == set(QUADRANTS.values())
    assert all(len(text) > 30 for text in QUADRANT_STRATEGIES.values())
