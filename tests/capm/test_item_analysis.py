"""Tests for item analysis on a simulated class, distractors and mastery."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from pmcourse.capm import (
    distractor_table,
    draw,
    item_analysis,
    mastery_by_domain,
)


def simulate_class(n_students=1500, seed=7):
    """Simulate 0/1 scores from a two-parameter logistic model.

    Item ``easy`` has a very low difficulty parameter (nearly everyone gets
    it), ``coin`` has zero slope (a guess for everyone, whatever their
    ability), ``sharp`` has a steep slope; 20 ordinary items fill the test.
    """
    rng = np.random.default_rng(seed)
    ability = rng.normal(size=n_students)
    params = {"easy": (1.5, -3.0), "coin": (0.0, 0.0), "sharp": (3.0, 0.0)}
    for k in range(20):
        params[f"q{k:02d}"] = (1.2, rng.uniform(-1.5, 1.5))
    columns = {}
    for name, (slope, location) in params.items():
        p = 1 / (1 + np.exp(-slope * (ability - location)))
        columns[name] = (rng.random(n_students) < p).astype(int)
    return pd.DataFrame(columns), ability


@pytest.fixture(scope="module")
def simulated():
    scores, _ = simulate_class()
    return scores, item_analysis(scores)


def test_easy_item_comes_out_easy(simulated):
    """Does the item almost everyone can answer show a difficulty near 1?"""
    _, table = simulated
    assert table.loc["easy", "difficulty"] > 0.9
    assert table.loc["coin", "difficulty"] == pytest.approx(0.5, abs=0.05)


def test_non_discriminating_item_near_zero(simulated):
    """Does the coin-toss item have discrimination near 0 and get flagged?"""
    _, table = simulated
    # with 1,500 students a zero correlation has a standard error of ~0.026
    assert abs(table.loc["coin", "discrimination"]) < 0.08
    assert abs(table.loc["coin", "upper_lower"]) < 0.1
    assert table.loc["coin", "flag"]
    assert "low discrimination" in table.loc["coin", "reason"]


def test_discriminating_item_high(simulated):
    """Does the steep item discriminate strongly on both indices?"""
    _, table = simulated
    assert table.loc["sharp", "discrimination"] > 0.45
    assert table.loc["sharp", "upper_lower"] > 0.6
    assert not table.loc["sharp", "flag"]
    ordinary = table.loc[table.index.str.startswith("q"), "discrimination"]
    assert table.loc["sharp", "discrimination"] > ordinary.median()


def test_against_independent_computations(simulated):
    """Do difficulty and corrected point-biserial match pandas and scipy?"""
    scores, table = simulated
    pd.testing.assert_series_equal(
        table["difficulty"], scores.mean(), check_names=False, check_index_type=False
    )
    rest = scores.sum(axis=1) - scores["sharp"]
    r, _ = stats.pointbiserialr(scores["sharp"], rest)
    assert table.loc["sharp", "discrimination"] == pytest.approx(r)
    assert (table["n"] == len(scores)).all()


def test_upper_lower_by_hand():
    """Is the upper-lower index the top group's share minus the bottom's?"""
    # rest scores on item X (the other two items): 2, 2, 1, 0, 0, 1
    scores = pd.DataFrame(
        {"X": [1, 1, 0, 0, 0, 1], "Y": [1, 1, 1, 0, 0, 0], "Z": [1, 1, 0, 0, 0, 1]}
    )
    # groups of round(0.34 * 6) = 2: lower = students 3, 4 (rest 0, X = 0, 0);
    # upper = students 0, 1 (rest 2, X = 1, 1): D = 1 - 0
    table = item_analysis(scores, group_fraction=0.34)
    assert table.loc["X", "upper_lower"] == 1.0


def test_missing_scores_are_left_out():
    """Do missing scores drop out of an item's n and difficulty?"""
    scores = pd.DataFrame({"A": [1, 0, np.nan, 1], "B": [1, 1, 0, 0]})
    table = item_analysis(scores)
    assert table.loc["A", "n"] == 3
    assert table.loc["A", "difficulty"] == pytest.approx(2 / 3)


def test_constant_item_has_no_discrimination():
    """Is the discrimination of an item everyone got right undefined, and flagged?"""
    scores = pd.DataFrame({"A": [1, 1, 1, 1], "B": [1, 0, 1, 0], "C": [0, 0, 1, 1]})
    table = item_analysis(scores)
    assert np.isnan(table.loc["A", "discrimination"])
    assert "very easy" in table.loc["A", "reason"]


@pytest.mark.parametrize("bad", [2, -1, 0.5])
def test_rejects_non_binary_scores(bad):
    """Does item analysis name the item and student with a bad score?"""
    scores = pd.DataFrame({"Q1": [1, 0], "Q2": [0, bad]}, index=["ann", "bo"])
    with pytest.raises(ValueError, match="item 'Q2', student 'bo'"):
        item_analysis(scores)


def test_rejects_bad_group_fraction():
    """Does item analysis refuse a group bigger than half the class?"""
    with pytest.raises(ValueError, match="group_fraction"):
        item_analysis(pd.DataFrame({"A": [1, 0]}), group_fraction=0.6)


# --- distractors ---------------------------------------------------------------


def test_distractor_table_on_a_simulated_class():
    """Does the table show strong students on the key and weak ones on a lure?"""
    item = draw("F-EVM-03", 4)
    letters = list(item.options)
    lure = next(x for x in letters if x != item.answer)
    dead = [x for x in letters if x not in (item.answer, lure)]
    rng = np.random.default_rng(1)
    ability = np.sort(rng.normal(size=200))
    chosen = np.where(ability > 0, item.answer, lure).astype(object)
    chosen[:10] = None  # the ten weakest leave it blank
    other = draw("F-COM-01", 4)
    other_chosen = np.where(
        ability > -0.5, other.answer, "A" if other.answer != "A" else "B"
    )
    responses = pd.DataFrame({item.id: chosen, other.id: other_chosen})
    table = distractor_table(responses, [item, other])
    rows = table[table["item"] == item.id].set_index("option")
    assert rows.loc[item.answer, "correct"]
    assert rows.loc[item.answer, "upper"] == 1.0
    assert rows.loc[item.answer, "lower"] == 0.0
    assert rows.loc[lure, "lower"] > 0.5
    assert (rows.loc[dead, "share"] == 0).all()
    assert rows.loc["omitted", "share"] == pytest.approx(10 / 200)
    assert rows.loc[letters, "text"].tolist() == [item.options[x] for x in letters]
    shares = rows["share"].sum()
    assert shares == pytest.approx(1.0)


def test_distractor_table_skips_numeric_and_rejects_unknown_items():
    """Are numeric items skipped and unknown columns refused?"""
    numeric = draw("F-COM-03", 0)
    table = distractor_table(pd.DataFrame({numeric.id: [numeric.answer, 1]}), [numeric])
    assert table.empty
    with pytest.raises(ValueError, match="not one of the items"):
        distractor_table(pd.DataFrame({"D9-999": ["A"]}), [numeric])


# --- mastery -----------------------------------------------------------------------


def test_mastery_by_domain_by_hand():
    """Is mastery each student's proportion correct within each domain?"""
    a, b, c = draw("F-EVM-01", 0), draw("F-EVM-02", 0), draw("F-AGL-01", 0)
    scores = pd.DataFrame(
        {a.id: [1, 0, 1], b.id: [1, 0, np.nan], c.id: [0, 1, np.nan]},
        index=["ann", "bo", "cy"],
    )
    m = mastery_by_domain(scores, [a, b, c])
    assert list(m.columns) == [2, 3]
    assert m.loc["ann"].tolist() == [1.0, 0.0]
    assert m.loc["bo"].tolist() == [0.0, 1.0]
    assert m.loc["cy", 2] == 1.0 and np.isnan(m.loc["cy", 3])


def test_mastery_from_the_bank_table():
    """Can mastery take its domains from the load_bank table?"""
    from pmcourse.capm import load_bank

    bank = load_bank()
    ids = bank["id"].iloc[:6].tolist()
    scores = pd.DataFrame([[1] * 6, [0] * 6], columns=ids)
    m = mastery_by_domain(scores, bank)
    assert m.iloc[0].eq(1).all() and m.iloc[1].eq(0).all()
    with pytest.raises(ValueError, match="not one of the items"):
        mastery_by_domain(pd.DataFrame({"nope": [1]}), bank)
