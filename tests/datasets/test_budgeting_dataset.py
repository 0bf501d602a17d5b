"""Tests of lesson 02's datasets (pmcourse.datasets.budgeting)."""

import numpy as np

from pmcourse import datasets
from pmcourse.cost import fit_parametric, rollup_wbs
from pmcourse.datasets.budgeting import historical_effort, launch_budget


def test_history_has_the_documented_columns_and_sound_values():
    """Does the effort table have its columns, 40 projects and sound values?"""
    past = datasets.load("historical_effort")
    assert list(past.columns) == [
        "id", "year", "domain", "size_fp", "team_size", "duration_months",
        "estimated_hours", "actual_hours",
    ]  # fmt: skip
    assert len(past) == 40 and past["id"].is_unique
    assert past["size_fp"].between(60, 1500).all()
    assert (past["team_size"] >= 1).all() and (past["duration_months"] > 0).all()
    assert set(past["domain"]) <= {"web", "mobile", "data", "integration", "embedded"}


def test_history_recovers_a_diseconomy_of_scale():
    """Does a power fit of effort on size find an exponent near the 1.08 the
    data were made with, and do most projects overrun their estimate?"""
    past = datasets.load("historical_effort")
    model = fit_parametric(past, "actual_hours", "size_fp", kind="power")
    assert 0.85 < model.coefficients["size_fp"] < 1.3
    assert model.r_squared > 0.7
    overrun = past["actual_hours"] / past["estimated_hours"]
    assert 1.1 < np.median(overrun) < 1.3


def test_history_is_seeded():
    """Does the same seed give the same table, and another seed another?"""
    assert historical_effort(1).equals(historical_effort(1))
    assert not historical_effort(1).equals(historical_effort(2))


def test_launch_budget_matches_the_launch_plan_and_rolls_up():
    """Are the leaves the 12 launch activities with their planned cost as most
    likely, skewed three-point ranges, and a WBS that rolls up?"""
    budget = datasets.load("launch_budget")
    plan = datasets.load("product_launch").set_index("id")
    leaves = budget[budget["id"] != ""].set_index("id")
    assert sorted(leaves.index) == sorted(plan.index)
    assert (leaves["most_likely"] == plan.loc[leaves.index, "cost"]).all()
    assert (leaves["wbs"] == plan.loc[leaves.index, "wbs"]).all()
    assert (leaves["optimistic"] < leaves["most_likely"]).all()
    assert (leaves["pessimistic"] > leaves["most_likely"]).all()
    # skewed towards overruns: more room above the most likely than below
    up = leaves["pessimistic"] - leaves["most_likely"]
    down = leaves["most_likely"] - leaves["optimistic"]
    assert (up >= down).all() and up.sum() > 2 * down.sum()
    rolled = rollup_wbs(budget, cost="most_likely")
    assert rolled.loc["1", "most_likely"] == plan["cost"].sum()


def test_launch_budget_summary_rows_have_no_costs():
    """Do the summary rows (1, 1.1 ... 1.6) have an empty id and no costs?"""
    budget = launch_budget(3)
    summary = budget[budget["id"] == ""]
    assert summary["wbs"].tolist() == ["1", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]
    assert summary[["optimistic", "most_likely", "pessimistic"]].isna().all().all()
