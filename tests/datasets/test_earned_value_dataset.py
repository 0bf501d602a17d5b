"""Tests of the earned-value datasets (pmcourse.datasets.earned_value)."""

import numpy as np
import pytest

from pmcourse import datasets
from pmcourse.datasets.earned_value import evm_status_reports, evm_work_packages
from pmcourse.evm import status_table

BAC = 1_050_000


def test_work_packages_add_up_to_the_bac():
    """Do the eight work packages budget $1,050,000 over twelve months?"""
    wp = datasets.load("evm_work_packages")
    assert list(wp.columns) == ["id", "name", "es", "ef", "cost"]
    assert wp["id"].tolist() == [f"WP{k}" for k in range(1, 9)]
    assert wp["cost"].sum() == BAC
    assert wp["es"].min() == 0 and wp["ef"].max() == 12
    assert (wp["ef"] > wp["es"]).all()


def test_planned_value_is_the_baseline_spread_evenly():
    """Is each month's PV the budgets spread evenly over their months, worked by
    hand for a few months?"""
    reports = datasets.load("evm_status_reports")
    pv = reports.set_index("period")["pv"]
    # month 1: WP1 72,000 / 12 + WP2 64,000 / 2 = 6,000 + 32,000
    assert pv[1] == 38_000
    # month 3: WP1 6,000 + WP3 260,000 / 4 + WP4 117,000 / 3 + WP5 186,000 / 6
    assert pv[3] == 6_000 + 65_000 + 39_000 + 31_000
    # month 12: WP1 6,000 + WP8 41,000 / 2
    assert pv[12] == 26_500
    assert pv.sum() == pytest.approx(BAC)


def test_eight_months_are_reported_and_the_rest_are_empty():
    """Are EV, AC and a note given for months 1-8 only?"""
    reports = datasets.load("evm_status_reports")
    assert reports["period"].tolist() == list(range(1, 13))
    assert (
        reports["month"].iloc[0] == "2025-01" and reports["month"].iloc[-1] == "2025-12"
    )
    reported = reports["ev"].notna()
    assert reported.tolist() == [True] * 8 + [False] * 4
    assert reports["ac"].notna().equals(reported)
    assert (reports.loc[reported, "note"] != "").all()
    assert (reports.loc[~reported, "note"] == "").all()
    assert (reports.loc[reported, ["ev", "ac"]] > 0).all().all()


def test_the_story_shows_in_the_indices():
    """Does the project start on plan and end month 8 over budget and behind,
    with CPI near 0.89 and SPI near 0.92 as the story says?"""
    table = status_table(datasets.load("evm_status_reports"), BAC)
    assert table.loc[1, "cpi"] == pytest.approx(1.02, abs=0.03)
    assert table.loc[1, "spi"] == pytest.approx(1.00, abs=0.03)
    assert table.loc[8, "cpi"] == pytest.approx(0.89, abs=0.02)
    assert table.loc[8, "spi"] == pytest.approx(0.92, abs=0.02)
    assert table.loc[4, "spi"] == table["spi"].min()  # the supplier delay
    assert (table["ev"].dropna() <= BAC).all()


def test_generation_is_seeded():
    """Does the same seed rebuild the same reports, and another seed differ only
    in EV and AC?"""
    a, b = evm_status_reports(1), evm_status_reports(1)
    assert a.equals(b)
    c = evm_status_reports(2)
    assert a["pv"].equals(c["pv"]) and not a["ev"].equals(c["ev"])
    assert evm_work_packages(1).equals(evm_work_packages(2))
    # cumulative values are whole hundreds of dollars
    cumulative = np.nancumsum(a["ac"].to_numpy())
    assert np.allclose(cumulative % 100, 0)
