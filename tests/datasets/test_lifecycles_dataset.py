"""Tests of lesson 01's datasets (pmcourse.datasets.lifecycles)."""

from pmcourse import datasets
from pmcourse.datasets.lifecycles import lifecycle_scenarios, quality_costs
from pmcourse.lifecycle import FACTORS
from pmcourse.quality import COQ_CATEGORIES


def test_scenarios_rate_every_factor_from_1_to_5():
    """Does every scenario have a name, a description and a 1-5 rating per factor?"""
    table = datasets.load("lifecycle_scenarios")
    assert list(table.columns) == ["scenario", "description"] + [
        f.name for f in FACTORS
    ]
    assert len(table) == 8 and table["scenario"].is_unique
    ratings = table[[f.name for f in FACTORS]]
    assert ((ratings >= 1) & (ratings <= 5)).all().all()
    assert (table["description"].str.len() > 20).all()


def test_scenarios_ignore_the_seed():
    """Are the hand-written scenarios the same whatever the seed?"""
    assert lifecycle_scenarios(1).equals(lifecycle_scenarios(2))


def test_quality_ledger_has_four_items_per_category():
    """Does the ledger hold four items in each category, with positive costs?"""
    ledger = datasets.load("quality_costs")
    assert ledger["category"].value_counts().to_dict() == dict.fromkeys(
        COQ_CATEGORIES, 4
    )
    assert (ledger["cost"] > 0).all() and (ledger["cost"] % 100 == 0).all()
    assert ledger["item"].is_unique


def test_quality_ledger_is_seeded():
    """Does the same seed give the same ledger, and another seed another one?"""
    assert quality_costs(5).equals(quality_costs(5))
    assert not quality_costs(5).equals(quality_costs(6))
