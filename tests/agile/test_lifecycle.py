"""Tests of the life-cycle fit model (pmcourse.lifecycle)."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse import datasets
from pmcourse.lifecycle import APPROACHES, FACTORS, WEIGHTS, assess, assess_table

NAMES = [f.name for f in FACTORS]


def rated(*levels):
    return dict(zip(NAMES, levels, strict=True))


# Order of the factors: clarity, volatility, cadence, regulation, cost of
# change, team experience, stakeholder availability.
BRIDGE = rated(5, 1, 1, 5, 5, 2, 2)
APP = rated(1, 5, 5, 1, 1, 4, 5)
PROOF_OF_CONCEPT = rated(2, 4, 1, 1, 1, 3, 4)
ROLL_OUT = rated(5, 2, 5, 3, 3, 3, 3)
REGULATED_DEVICE_WITH_APP = rated(3, 4, 4, 5, 4, 3, 3)

levels = st.integers(min_value=1, max_value=5)
scenarios = st.fixed_dictionaries({n: levels for n in NAMES})


def test_bridge_fit_worked_by_hand():
    """Does the bridge's predictive fit match the formula worked by hand?

    Predictive weights 2, -2, -1.5, 1.5, 1.5, -0.5, -0.5 (sum of sizes 9.5);
    centred ratings 1, -1, -1, 1, 1, -0.5, -0.5; sum of products
    2 + 2 + 1.5 + 1.5 + 1.5 + 0.25 + 0.25 = 9; fit = 50 + 50 * 9 / 9.5.
    """
    result = assess(BRIDGE)
    assert result.fit["predictive"] == pytest.approx(50 + 50 * 9 / 9.5)
    # clarity alone: 50 * 2 * 1 / 9.5 points
    assert result.contributions.loc["predictive", "requirements_clarity"] == (
        pytest.approx(50 * 2 / 9.5)
    )


def test_neutral_scenario_scores_fifty_everywhere():
    """Does a scenario rated 3 on every factor give every approach 50?"""
    result = assess(rated(3, 3, 3, 3, 3, 3, 3))
    assert result.fit.tolist() == [50.0] * 5
    assert result.margin == 0
    assert result.recommended == "predictive"  # ties go to the first approach
    assert "close call" in result.reasons[0]


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        (BRIDGE, "predictive"),
        (APP, "adaptive"),
        (PROOF_OF_CONCEPT, "iterative"),
        (ROLL_OUT, "incremental"),
        (REGULATED_DEVICE_WITH_APP, "hybrid"),
    ],
    ids=["bridge", "app", "proof-of-concept", "roll-out", "regulated-device"],
)
def test_textbook_situations_get_the_textbook_answer(scenario, expected):
    """Does each classic situation get the life cycle the literature suggests?"""
    assert assess(scenario).recommended == expected


def test_hybrid_is_the_average_plus_the_shared_support():
    """Is the hybrid fit the mean of predictive and adaptive plus the smaller
    of their positive supports, computed here from the contributions?"""
    result = assess(REGULATED_DEVICE_WITH_APP)
    c = result.contributions
    support_p = c.loc["predictive", NAMES].clip(lower=0).sum()
    support_a = c.loc["adaptive", NAMES].clip(lower=0).sum()
    expected = (result.fit["predictive"] + result.fit["adaptive"]) / 2 + min(
        support_p, support_a
    )
    assert result.fit["hybrid"] == pytest.approx(expected)
    assert c.loc["hybrid", "mixed_signals"] == pytest.approx(min(support_p, support_a))
    assert "mixed signals" in result.reasons[0]
    assert (c.drop(index="hybrid")["mixed_signals"] == 0).all()


def test_reasons_name_the_strongest_factor_first():
    """Does the first reason for the bridge name its strongest factor?"""
    result = assess(BRIDGE)
    row = result.contributions.loc["predictive", NAMES]
    strongest = next(f for f in FACTORS if f.name == row.idxmax())
    assert result.reasons[0].startswith(strongest.label.lower())
    assert any(r.startswith("against it") for r in assess(APP).reasons) is False


@settings(max_examples=100, deadline=None)
@given(scenarios)
def test_fits_stay_in_range_and_contributions_add_up(scenario):
    """Is every fit in 0-100, and does each basic approach's row of
    contributions add up to its fit minus 50?"""
    result = assess(scenario)
    assert ((result.fit >= 0) & (result.fit <= 100)).all()
    for approach in WEIGHTS:
        total = result.contributions.loc[approach].sum()
        assert 50 + total == pytest.approx(result.fit[approach])
    assert result.recommended == result.fit.idxmax()
    assert result.margin >= 0


@settings(max_examples=100, deadline=None)
@given(scenarios)
def test_mirrored_scenario_mirrors_the_basic_fits(scenario):
    """Does rating every factor the other way round (6 - level) turn each
    basic approach's fit f into 100 - f?"""
    mirrored = {k: 6 - v for k, v in scenario.items()}
    a, b = assess(scenario).fit, assess(mirrored).fit
    for approach in WEIGHTS:
        assert a[approach] + b[approach] == pytest.approx(100)


@settings(max_examples=100, deadline=None)
@given(scenarios, levels, levels)
def test_more_volatility_favours_adaptive_over_predictive(scenario, low, high):
    """Does raising requirements volatility never lower the adaptive fit nor
    raise the predictive fit?"""
    low, high = sorted((low, high))
    before = assess({**scenario, "requirements_volatility": low}).fit
    after = assess({**scenario, "requirements_volatility": high}).fit
    assert after["adaptive"] >= before["adaptive"] - 1e-9
    assert after["predictive"] <= before["predictive"] + 1e-9


def test_a_dataframe_row_is_a_scenario():
    """Can a row of a DataFrame (a Series) be assessed directly?"""
    row = pd.DataFrame([{"name": "bridge", **BRIDGE}]).iloc[0].drop("name")
    assert assess(row).fit.equals(assess(BRIDGE).fit)


def test_keyword_ratings_and_mapping_combine():
    """Can ratings come as a mapping, keywords, or both?"""
    partial = dict(BRIDGE)
    cadence = partial.pop("delivery_cadence")
    assert assess(partial, delivery_cadence=cadence).fit.equals(assess(BRIDGE).fit)
    assert assess(**BRIDGE).recommended == "predictive"


def test_keywords_override_the_mapping_for_what_ifs():
    """Does a keyword rating replace the mapping's rating of that factor?"""
    what_if = assess(BRIDGE, requirements_volatility=5)
    assert what_if.levels["requirements_volatility"] == 5
    assert what_if.fit.equals(assess({**BRIDGE, "requirements_volatility": 5}).fit)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"requirements_clarity": 0}, "requirements_clarity must be a whole number"),
        ({"cost_of_change": 6}, "cost_of_change must be a whole number"),
        ({"team_experience": 2.5}, "team_experience must be a whole number"),
        ({"team_experience": True}, "team_experience must be a whole number"),
        ({"delivery_cadence": "high"}, "delivery_cadence must be a whole number"),
        ({"budget": 3}, r"unknown factor\(s\) \['budget'\]"),
    ],
)
def test_bad_ratings_are_named(change, message):
    """Is a rating outside 1-5, not whole, or of an unknown factor rejected by name?"""
    with pytest.raises(ValueError, match=message):
        assess({**BRIDGE, **change})


def test_missing_factor_is_named():
    """Does a missing factor raise a ValueError naming it?"""
    partial = {k: v for k, v in BRIDGE.items() if k != "stakeholder_availability"}
    with pytest.raises(ValueError, match="stakeholder_availability"):
        assess(partial)


def test_assess_table_keeps_names_and_names_bad_rows():
    """Does assess_table keep extra columns, and name the row that is wrong?"""
    table = pd.DataFrame([{"name": "bridge", **BRIDGE}, {"name": "app", **APP}])
    out = assess_table(table)
    assert out["name"].tolist() == ["bridge", "app"]
    assert out["recommended"].tolist() == ["predictive", "adaptive"]
    assert list(out.columns[1:6]) == list(APPROACHES)
    table.loc[1, "cost_of_change"] = 9
    with pytest.raises(ValueError, match="row 1: cost_of_change"):
        assess_table(table)


def test_every_approach_wins_a_course_scenario():
    """Does each approach fit best at least one scenario of the course dataset?"""
    out = assess_table(datasets.load("lifecycle_scenarios"))
    assert set(out["recommended"]) == set(APPROACHES)
