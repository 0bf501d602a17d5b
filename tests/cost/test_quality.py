"""Tests of the cost of quality (pmcourse.quality)."""

import math

import pandas as pd
import pytest

from pmcourse import datasets
from pmcourse.quality import COQ_CATEGORIES, CostOfQuality, coq_summary, cost_of_quality

LEDGER = [
    {"item": "training", "category": "prevention", "cost": 5_000},
    {"item": "design review", "category": "Prevention", "cost": 3_000},
    {"item": "inspection", "category": "appraisal", "cost": 7_000},
    {"item": "scrap", "category": "internal failure", "cost": 4_000},
    {"item": "rework", "category": "internal-failure", "cost": 6_000},
    {"item": "recall", "category": "external_failure", "cost": 25_000},
]


def test_totals_worked_by_hand():
    """Do the categories and totals match the sums worked by hand?

    prevention 5,000 + 3,000 = 8,000; appraisal 7,000; internal failure
    4,000 + 6,000 = 10,000; external failure 25,000. Conformance 15,000,
    nonconformance 35,000, total 50,000.
    """
    coq = cost_of_quality(LEDGER)
    assert (coq.prevention, coq.appraisal) == (8_000, 7_000)
    assert (coq.internal_failure, coq.external_failure) == (10_000, 25_000)
    assert (coq.conformance, coq.nonconformance, coq.total) == (15_000, 35_000, 50_000)
    assert coq.failure_share == pytest.approx(0.7)
    assert coq.to_dict()["total"] == 50_000


def test_agrees_with_a_pandas_groupby_on_the_course_ledger():
    """Does cost_of_quality agree with a groupby-sum of the course's ledger?"""
    ledger = datasets.load("quality_costs")
    coq = cost_of_quality(ledger)
    by_category = ledger.groupby("category")["cost"].sum()
    for category in COQ_CATEGORIES:
        assert getattr(coq, category) == by_category[category]
    assert coq.total == ledger["cost"].sum()


def test_custom_column_names():
    """Can the category and cost columns have other names?"""
    table = pd.DataFrame({"kind": ["appraisal", "prevention"], "usd": [10, 20]})
    coq = cost_of_quality(table, category="kind", cost="usd")
    assert coq.conformance == 30 and coq.nonconformance == 0


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"category": "training", "cost": 5}, "row 0: category 'training'"),
        ({"category": "appraisal", "cost": -5}, "row 0: cost must be a number >= 0"),
        ({"category": "appraisal", "cost": "lots"}, "row 0: cost must be a number"),
    ],
)
def test_bad_rows_are_named(row, message):
    """Does an unknown category or a bad cost raise a ValueError naming the row?"""
    with pytest.raises(ValueError, match=message):
        cost_of_quality([row])


def test_missing_column_and_single_dict_are_explained():
    """Are a missing column and a lone dict (not a table) rejected clearly?"""
    with pytest.raises(ValueError, match="missing the column 'cost'"):
        cost_of_quality([{"category": "appraisal"}])
    with pytest.raises(ValueError, match="not a single dict"):
        cost_of_quality({"category": "appraisal", "cost": 1})


def test_summary_shares_add_to_one():
    """Does the summary give each category its share, summing to 1?"""
    table = coq_summary(CostOfQuality(10, 30, 20, 40))
    assert table["share"].sum() == pytest.approx(1)
    assert table.loc["external_failure", "share"] == pytest.approx(0.4)
    assert table["group"].tolist() == ["conformance"] * 2 + ["nonconformance"] * 2


def test_empty_ledger_has_no_failure_share():
    """Does an empty ledger give zero totals and an undefined failure share?"""
    coq = cost_of_quality(pd.DataFrame({"category": [], "cost": []}))
    assert coq.total == 0 and math.isnan(coq.failure_share)
