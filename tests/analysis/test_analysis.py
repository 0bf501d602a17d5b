"""Tests of business analysis: WSJF, MoSCoW, Kano, traceability (pmcourse.analysis)."""

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse import analysis, datasets
from pmcourse.analysis import (
    KANO_CATEGORIES,
    compare_rankings,
    cost_of_delay,
    kano_category,
    kano_classify,
    moscow_categories,
    moscow_check,
    rank_backlog,
    trace,
    wsjf_table,
)


def _backlog(rows):
    """Build a backlog from (id, moscow, value, time, risk, size) tuples."""
    return pd.DataFrame(
        rows,
        columns=[
            "id",
            "moscow",
            "business_value",
            "time_criticality",
            "risk_reduction",
            "job_size",
        ],
    )


SMALL = _backlog(
    [
        ("A", "Must", 8, 5, 3, 8),  # CoD 16, WSJF 2.0
        ("B", "Could", 3, 8, 1, 2),  # CoD 12, WSJF 6.0
        ("C", "Must", 2, 1, 1, 4),  # CoD 4,  WSJF 1.0
        ("D", "Should", 5, 5, 2, 3),  # CoD 12, WSJF 4.0
    ]
)


# ---- cost of delay and WSJF


def test_cost_of_delay_adds_the_three_parts():
    """Is the cost of delay value + time criticality + risk reduction?"""
    assert cost_of_delay(8, 5, 3) == 16
    assert cost_of_delay([1, 2], [3, 4], [5, 6]).tolist() == [9, 12]


def test_weights_multiply_each_part():
    """Do weights scale each part: 1*8 + 2*5 + 0.5*4 = 20?"""
    weights = {"time_criticality": 2, "risk_reduction": 0.5}
    assert cost_of_delay(8, 5, 4, weights=weights) == 20


@pytest.mark.parametrize(
    "weights, match",
    [
        ({"urgency": 1}, "unknown part"),
        ({"business_value": -1}, "business_value"),
        ({"risk_reduction": float("inf")}, "finite"),
        ({"time_criticality": True}, "time_criticality"),
    ],
)
def test_bad_weights_are_named(weights, match):
    """Does a bad weight raise a ValueError naming it?"""
    with pytest.raises(ValueError, match=match):
        cost_of_delay(1, 1, 1, weights=weights)


def test_wsjf_table_matches_hand_arithmetic():
    """Are WSJF scores cost of delay over job size: 16/8, 12/2, 4/4, 12/3?"""
    table = wsjf_table(SMALL)
    assert table["cost_of_delay"].tolist() == [16, 12, 4, 12]
    assert table["wsjf"].tolist() == [2.0, 6.0, 1.0, 4.0]
    assert list(table["id"]) == ["A", "B", "C", "D"]  # input order kept
    assert "wsjf" not in SMALL.columns  # the input is not changed


def test_wsjf_is_the_contracts_formula():
    """Does the table use the same WSJF formula as pmcourse.contracts?"""
    from pmcourse.analysis import wsjf

    table = wsjf_table(SMALL)
    expected = wsjf(
        SMALL.business_value,
        SMALL.time_criticality,
        SMALL.risk_reduction,
        SMALL.job_size,
    )
    np.testing.assert_allclose(table["wsjf"], expected)


@pytest.mark.parametrize(
    "column, value, match",
    [
        ("job_size", 0, r"row 2 \(id 'C'\): job_size must be a number > 0"),
        ("business_value", -1, r"row 2 \(id 'C'\): business_value .* >= 0"),
        ("risk_reduction", "high", r"row 2 \(id 'C'\): risk_reduction"),
    ],
)
def test_bad_values_name_the_row(column, value, match):
    """Does a bad score or size raise a ValueError naming the row and its id?"""
    bad = SMALL.astype(object).copy()
    bad.loc[2, column] = value
    with pytest.raises(ValueError, match=match):
        wsjf_table(bad)


def test_missing_column_is_named():
    """Does a backlog without job sizes raise a ValueError naming the column?"""
    with pytest.raises(ValueError, match="'job_size'"):
        wsjf_table(SMALL.drop(columns="job_size"))


# ---- ranking


def test_wsjf_ranking_and_sequence():
    """Does WSJF order B, D, A, C with finishes 2, 5, 13, 17 and the delay costs?"""
    ranked = rank_backlog(SMALL)
    assert ranked["id"].tolist() == ["B", "D", "A", "C"]
    assert ranked["rank"].tolist() == [1, 2, 3, 4]
    assert ranked["start"].tolist() == [0, 2, 5, 13]
    assert ranked["finish"].tolist() == [2, 5, 13, 17]
    # 12*2 + 12*5 + 16*13 + 4*17 = 24 + 60 + 208 + 68
    assert ranked["delay_cost"].sum() == 360


def test_moscow_ranking_keeps_the_written_order_inside_a_category():
    """Does MoSCoW put Must (A, C) before Should (D) before Could (B)?"""
    assert rank_backlog(SMALL, "moscow")["id"].tolist() == ["A", "C", "D", "B"]
    # A Won't item goes last whatever its scores.
    wont = pd.concat([SMALL, _backlog([("E", "Won't", 20, 20, 20, 1)])])
    assert rank_backlog(wont, "moscow")["id"].tolist()[-1] == "E"
    assert rank_backlog(wont, "moscow_wsjf")["id"].tolist() == list("ACDBE")


def test_cost_of_delay_ranking_ignores_size():
    """Does cost-of-delay order put A (16) first, then the smaller of B and D?"""
    assert rank_backlog(SMALL, "cost_of_delay")["id"].tolist() == ["A", "B", "D", "C"]


def test_wsjf_ties_go_to_the_higher_cost_of_delay_then_the_written_order():
    """With equal WSJF, does the larger cost of delay go first, then position?"""
    tied = _backlog(
        [
            ("small", "Must", 2, 1, 1, 2),  # 4/2 = 2
            ("large", "Must", 8, 0, 0, 4),  # 8/4 = 2
            ("twin", "Must", 2, 1, 1, 2),  # 4/2 = 2
        ]
    )
    assert rank_backlog(tied)["id"].tolist() == ["large", "small", "twin"]


def test_capacity_marks_what_fits():
    """Does a capacity of 5 put B (finish 2) and D (finish 5) in the release?"""
    ranked = rank_backlog(SMALL, capacity=5)
    assert ranked["in_release"].tolist() == [True, True, False, False]
    assert "in_release" not in rank_backlog(SMALL).columns


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"method": "fifo"}, "method must be one of"),
        ({"capacity": -1}, "capacity"),
    ],
)
def test_bad_ranking_arguments(kwargs, match):
    """Are an unknown method and a negative capacity rejected with a reason?"""
    with pytest.raises(ValueError, match=match):
        rank_backlog(SMALL, **kwargs)


def test_repeated_ids_are_rejected():
    """Does a repeated id raise a ValueError naming it?"""
    twice = pd.concat([SMALL, SMALL.iloc[[0]]])
    with pytest.raises(ValueError, match="id 'A' repeats"):
        rank_backlog(twice)


def test_moscow_ranking_needs_labels():
    """Does a MoSCoW ranking of a backlog without labels say what is missing?"""
    with pytest.raises(ValueError, match="'moscow' column"):
        rank_backlog(SMALL.drop(columns="moscow"), "moscow")


def test_compare_rankings_lists_each_method():
    """Does the comparison give each item's rank under every method?"""
    table = compare_rankings(SMALL, ["moscow", "wsjf"])
    assert table.to_dict("index") == {
        "A": {"moscow": 1, "wsjf": 3},
        "B": {"moscow": 4, "wsjf": 1},
        "C": {"moscow": 2, "wsjf": 4},
        "D": {"moscow": 3, "wsjf": 2},
    }
    with pytest.raises(ValueError, match="at least one"):
        compare_rankings(SMALL, [])


@st.composite
def backlogs(draw):
    n = draw(st.integers(1, 6))
    score = st.integers(0, 20)
    rows = [
        (
            f"I{i}",
            "Must",
            draw(score),
            draw(score),
            draw(score),
            draw(st.integers(1, 13)),
        )
        for i in range(n)
    ]
    return _backlog(rows)


def _delay_cost(sizes, costs, order):
    finish, total = 0.0, 0.0
    for i in order:
        finish += sizes[i]
        total += costs[i] * finish
    return total


@settings(max_examples=60, deadline=None)
@given(backlogs())
def test_wsjf_order_minimises_total_delay_cost(backlog):
    """Is the WSJF order's total cost of delay the smallest over every possible
    order (Smith's rule), checked by brute force over all permutations?"""
    table = wsjf_table(backlog)
    sizes, costs = table["job_size"].tolist(), table["cost_of_delay"].tolist()
    best = min(
        _delay_cost(sizes, costs, order)
        for order in itertools.permutations(range(len(table)))
    )
    ranked = rank_backlog(backlog)
    assert ranked["delay_cost"].sum() == pytest.approx(best)
    assert ranked["finish"].iloc[-1] == backlog["job_size"].sum()


# ---- MoSCoW


def test_moscow_labels_are_normalised():
    """Are the usual spellings mapped to Must, Should, Could and Won't?"""
    labels = ["MUST", "must have", "S", "could", "Wont", "won’t have", "Will not"]
    assert moscow_categories(labels).tolist() == [
        "Must", "Must", "Should", "Could", "Won't", "Won't", "Won't",
    ]  # fmt: skip


@pytest.mark.parametrize("label", ["Maybe", "", None, 3])
def test_unknown_moscow_label_is_named(label):
    """Does an unknown label raise a ValueError giving its row and the choices?"""
    with pytest.raises(ValueError, match=r"row 1: moscow .* is not one of Must"):
        moscow_categories(["Must", label])


def test_moscow_check_shares_by_hand():
    """Does the check count items and effort: Must 12 of 17 planned points?"""
    check = moscow_check(SMALL)
    assert check.table.loc["Must", "items"] == 2
    assert check.table.loc["Must", "effort"] == 12
    assert check.must_share == pytest.approx(12 / 17)
    assert check.table.loc["Could", "share"] == pytest.approx(2 / 17)
    assert not check.ok
    assert "Must items take 71%" in check.warnings[0]


def test_wont_items_are_not_planned_effort():
    """Is a Won't item left out of the planned effort the shares are taken of?"""
    with_wont = pd.concat([SMALL, _backlog([("E", "Won't", 1, 1, 1, 100)])])
    assert moscow_check(with_wont).must_share == pytest.approx(12 / 17)
    assert moscow_check(with_wont).table.loc["Won't", "effort"] == 100


def test_balanced_plan_passes_and_the_limit_is_inclusive():
    """Is a plan with Must exactly at the limit (6 of 10) free of warnings?"""
    plan = pd.DataFrame({"moscow": ["Must", "Should", "Could"], "job_size": [6, 2, 2]})
    check = moscow_check(plan)
    assert check.ok and check.warnings == ()
    assert not moscow_check(plan, must_limit=0.5).ok


def test_no_could_and_over_capacity_are_warned():
    """Are a plan with no Could items and Musts above capacity both flagged?"""
    plan = pd.DataFrame({"moscow": ["Must", "Should"], "job_size": [5, 5]})
    check = moscow_check(plan, capacity=4)
    assert any("no Could items" in w for w in check.warnings)
    assert any("exceed the capacity (4)" in w for w in check.warnings)


@pytest.mark.parametrize(
    "kwargs, match",
    [({"must_limit": 1.5}, "must_limit"), ({"capacity": -3}, "capacity")],
)
def test_moscow_check_rejects_bad_settings(kwargs, match):
    """Are a limit outside 0-1 and a negative capacity rejected?"""
    with pytest.raises(ValueError, match=match):
        moscow_check(SMALL, **kwargs)


# ---- Kano

# The evaluation table as printed in Kano et al. (1984) and Berger et al.
# (1993): rows are the functional answer, columns the dysfunctional answer,
# both in the order like, must-be (expect), neutral, live with, dislike.
PRINTED_TABLE = """
Q A A A O
R I I I M
R I I I M
R I I I M
R R R R Q
"""
LETTERS = {
    "A": "attractive",
    "O": "one-dimensional",
    "M": "must-be",
    "I": "indifferent",
    "R": "reverse",
    "Q": "questionable",
}


def test_kano_table_matches_the_printed_table():
    """Does every one of the 25 answer pairs get the printed table's category?"""
    grid = [row.split() for row in PRINTED_TABLE.strip().splitlines()]
    for i, row in enumerate(grid):
        for j, letter in enumerate(row):
            # answers given by their position, 1 to 5
            assert kano_category(i + 1, j + 1) == LETTERS[letter], (i + 1, j + 1)


@pytest.mark.parametrize(
    "functional, dysfunctional, category",
    [
        ("like", "dislike", "one-dimensional"),
        ("I like it", "I can live with it", "attractive"),
        ("must-be", "dislike", "must-be"),
        ("Neutral", "neutral", "indifferent"),
        ("dislike", "like", "reverse"),
        ("like", "like", "questionable"),
    ],
)
def test_kano_category_reads_words(functional, dysfunctional, category):
    """Are answers accepted as the survey's words, in any case?"""
    assert kano_category(functional, dysfunctional) == category


@pytest.mark.parametrize("answer", ["love it", 0, 6, True, None])
def test_unknown_kano_answer_is_rejected(answer):
    """Does an answer outside the five raise a ValueError listing them?"""
    with pytest.raises(ValueError, match="not one of like, expect"):
        kano_category(answer, "dislike")


def test_kano_classify_counts_and_coefficients():
    """Do the counts, category and Berger coefficients match hand arithmetic?"""
    survey = pd.DataFrame(
        {
            "feature": ["maps"] * 5,
            # A, A, O, M, I
            "functional": ["like", "like", "like", "neutral", "neutral"],
            "dysfunctional": ["neutral", "expect", "dislike", "dislike", "neutral"],
        }
    )
    row = kano_classify(survey).loc["maps"]
    assert (row["attractive"], row["one-dimensional"]) == (2, 1)
    assert (row["must-be"], row["indifferent"], row["responses"]) == (1, 1, 5)
    assert row["category"] == "attractive"
    assert row["better"] == pytest.approx(3 / 5)  # (A + O) / (A + O + M + I)
    assert row["worse"] == pytest.approx(-2 / 5)  # -(O + M) / (A + O + M + I)


def test_kano_tie_goes_to_must_be():
    """Is a tie between must-be and attractive resolved as must-be (M > O > A > I)?"""
    survey = pd.DataFrame(
        {
            "feature": ["x", "x", "y", "y"],
            "functional": ["neutral", "like", "like", "neutral"],
            "dysfunctional": ["dislike", "neutral", "dislike", "neutral"],
        }
    )
    table = kano_classify(survey)
    assert table.loc["x", "category"] == "must-be"
    assert table.loc["y", "category"] == "one-dimensional"
    assert list(table.index) == ["x", "y"]


def test_kano_only_reverse_answers_have_no_coefficients():
    """Are better and worse undefined (NaN) when no A, O, M or I answer exists?"""
    survey = pd.DataFrame(
        {"feature": ["z"], "functional": ["dislike"], "dysfunctional": ["like"]}
    )
    row = kano_classify(survey).loc["z"]
    assert row["category"] == "reverse"
    assert math.isnan(row["better"]) and math.isnan(row["worse"])


def test_kano_classify_names_the_bad_row():
    """Does a bad answer raise a ValueError giving its row?"""
    survey = pd.DataFrame(
        {"feature": ["a", "a"], "functional": ["like", "yes"], "dysfunctional": [5, 1]}
    )
    with pytest.raises(ValueError, match="row 1: functional answer 'yes'"):
        kano_classify(survey)
    with pytest.raises(ValueError, match="'feature'"):
        kano_classify(survey.drop(columns="feature"))


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=40)
)
def test_kano_coefficients_stay_in_range(pairs):
    """Are counts complete, better in [0, 1] and worse in [-1, 0]?"""
    survey = pd.DataFrame(
        {
            "feature": ["f"] * len(pairs),
            "functional": [p[0] for p in pairs],
            "dysfunctional": [p[1] for p in pairs],
        }
    )
    row = kano_classify(survey).loc["f"]
    assert row[list(KANO_CATEGORIES)].sum() == len(pairs)
    assert row[row["category"]] == row[list(KANO_CATEGORIES)].max()
    if not math.isnan(row["better"]):
        assert 0 <= row["better"] <= 1 and -1 <= row["worse"] <= 0


# ---- traceability

REQS = pd.DataFrame(
    {
        "id": ["B1", "S1", "F1", "F2", "F3"],
        "level": ["business", "stakeholder", "solution", "solution", "solution"],
        "parent": ["", "B1", "S1", "S1", ""],
    }
)
TESTS = pd.DataFrame(
    {
        "test_id": ["T1", "T2", "T3", "T4"],
        "requirements": ["F1", "F1, F2", "F9", ""],
    }
)


def test_trace_finds_the_gaps():
    """Does the trace find untested F3, orphan tests T3 and T4, the link to F9
    and F3's missing parent?"""
    result = trace(REQS, TESTS, needs_test={"solution"})
    assert result.untested == ("F3",)
    assert result.orphan_tests == ("T3", "T4")
    assert result.unknown_links == (("T3", "F9"),)
    assert result.no_parent == ("F3",)
    assert result.coverage == pytest.approx(2 / 3)
    assert not result.ok


def test_trace_matrix_marks_each_link():
    """Does the matrix hold a 1 exactly where a test verifies a requirement?"""
    matrix = trace(REQS, TESTS).matrix
    assert matrix.shape == (5, 4)
    assert matrix.loc["F1"].tolist() == [1, 1, 0, 0]
    assert matrix.loc["F2"].tolist() == [0, 1, 0, 0]
    assert int(matrix.to_numpy().sum()) == 3


def test_every_requirement_needs_a_test_by_default():
    """Without needs_test, are business and stakeholder rows untested too?"""
    assert trace(REQS, TESTS).untested == ("B1", "S1", "F3")


def test_a_clean_trace_is_ok():
    """Is a fully linked, fully tested set of requirements ok with coverage 1?"""
    reqs = pd.DataFrame({"id": ["R1", "R2"]})
    tests = pd.DataFrame({"test_id": ["T1"], "requirements": ["R1,R2"]})
    result = trace(reqs, tests)
    assert result.ok and result.coverage == 1.0
    assert result.no_parent == ()  # no level and parent columns: not checked


@pytest.mark.parametrize(
    "reqs, tests, kwargs, match",
    [
        (
            REQS.drop(columns="id"),
            TESTS,
            {},
            r"requirements needs column\(s\) \['id'\]",
        ),
        (REQS, TESTS.rename(columns={"requirements": "r"}), {}, "'requirements'"),
        (pd.concat([REQS, REQS.iloc[[1]]]), TESTS, {}, "id 'S1' repeats"),
        (REQS.drop(columns="level"), TESTS, {"needs_test": ["solution"]}, "level"),
    ],
)
def test_trace_rejects_bad_tables(reqs, tests, kwargs, match):
    """Are missing columns, repeated ids and an impossible needs_test explained?"""
    with pytest.raises(ValueError, match=match):
        trace(reqs, tests, **kwargs)


# ---- the FieldFix datasets of lesson 08


def test_fieldfix_backlog_is_must_heavy():
    """Do the FieldFix Must items take 59 of the 86 planned points (69 %)?"""
    backlog = datasets.load("fieldfix_backlog")
    check = moscow_check(backlog)
    assert check.table.loc["Must", "effort"] == 59
    assert check.table[["effort"]].drop(index="Won't").sum().item() == 86
    assert not check.ok


def test_fieldfix_big_musts_come_late_in_wsjf_order():
    """Does WSJF put NF-02 (21/2) first and the 13-point Musts in the last four?"""
    ranked = rank_backlog(datasets.load("fieldfix_backlog"))
    assert ranked["id"].iloc[0] == "NF-02"
    assert set(ranked["id"].iloc[-4:]) >= {"FR-06", "TR-01"}


def test_fieldfix_trace_shows_the_planted_gaps():
    """Does the trace of the FieldFix data show FR-07 and NF-03 untested, two
    stray tests, the dropped FR-10 and FR-09 without a parent?"""
    tests = datasets.load("fieldfix_tests")
    result = trace(
        datasets.load("fieldfix_requirements"),
        tests,
        needs_test={"solution", "transition"},
    )
    assert result.untested == ("FR-07", "NF-03")
    stray = tests.set_index("test_id").loc[list(result.orphan_tests), "title"]
    assert set(stray) == {"Print a paper job sheet", "Explore the app on an old tablet"}
    assert [link for _, link in result.unknown_links] == ["FR-10"]
    assert result.no_parent == ("FR-09",)


def test_fieldfix_kano_features_fall_in_their_designed_categories():
    """Does the survey classify each feature as designed (job list must-be,
    directions attractive, leaderboard reverse...)?"""
    table = kano_classify(datasets.load("fieldfix_kano"))
    assert table["category"].to_dict() == {
        "Job list on the tablet": "must-be",
        "Work offline": "must-be",
        "Photos on the job": "one-dimensional",
        "Turn-by-turn directions": "attractive",
        "Voice notes instead of typing": "indifferent",
        "Weekly leaderboard": "reverse",
    }
    assert (table["responses"] == 32).all()


def test_public_names_are_exported():
    """Does pmcourse.analysis export every name in its __all__?"""
    for name in analysis.__all__:
        assert hasattr(analysis, name), name
