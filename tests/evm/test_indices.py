"""Tests for pmcourse.evm: textbook figures, identities, zero denominators, tables."""

import dataclasses
import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse.evm import (
    EVMResult,
    eac_with_etc,
    evm,
    forecast_duration,
    interpret,
    status_table,
)
from pmcourse.evm_reading import money

# PV 50,000, EV 40,000, AC 45,000, BAC 100,000, worked by hand:
# CV = 40,000 - 45,000 = -5,000; SV = 40,000 - 50,000 = -10,000;
# CPI = 40/45 = 0.8889; SPI = 40/50 = 0.8; EAC = 100,000 / (8/9) = 112,500;
# ETC = 112,500 - 45,000 = 67,500; VAC = 100,000 - 112,500 = -12,500;
# EAC (atypical) = 45,000 + 60,000 = 105,000;
# EAC (CPI x SPI) = 45,000 + 60,000 / (8/9 * 0.8) = 45,000 + 84,375 = 129,375;
# TCPI = 60,000 / 55,000 = 1.0909; TCPI (EAC) = 60,000 / 67,500 = 0.8889.
TEXTBOOK = {"pv": 50_000, "ev": 40_000, "ac": 45_000, "bac": 100_000}


@st.composite
def status(draw):
    """A valid status in whole cents: bac > 0, ev and pv <= bac, ac up to 2 bac."""
    bac = draw(st.integers(1, 10**9))
    ev = draw(st.integers(0, bac))
    pv = draw(st.integers(0, bac))
    ac = draw(st.integers(0, 2 * bac))
    return pv / 100, ev / 100, ac / 100, bac / 100


def test_textbook_variances_and_indices():
    """Do PV 50k, EV 40k, AC 45k, BAC 100k give CV -5k, SV -10k, CPI .889, SPI .8?"""
    r = evm(**TEXTBOOK)
    assert r.cv == -5_000
    assert r.sv == -10_000
    assert r.cpi == pytest.approx(8 / 9)
    assert round(r.cpi, 3) == 0.889
    assert r.spi == pytest.approx(0.8)


def test_textbook_forecasts():
    """Do the textbook figures give EAC 112,500, ETC 67,500, VAC -12,500?"""
    r = evm(**TEXTBOOK)
    assert r.eac == pytest.approx(112_500)
    assert r.etc == pytest.approx(67_500)
    assert r.vac == pytest.approx(-12_500)
    assert r.eac_atypical == pytest.approx(105_000)
    assert r.eac_cpi_spi == pytest.approx(129_375)
    assert r.tcpi == pytest.approx(60_000 / 55_000)
    assert r.tcpi_eac == pytest.approx(60_000 / 67_500)
    assert r.percent_complete == pytest.approx(0.40)
    assert r.percent_spent == pytest.approx(0.45)
    assert r.notes == ()


def test_favourable_project():
    """Is a project with EV > AC and EV > PV under budget and ahead of schedule?"""
    # PV 200, EV 250, AC 200, BAC 1,000: CPI 1.25, SPI 1.25, EAC 800.
    r = evm(pv=200, ev=250, ac=200, bac=1_000)
    assert (r.cv, r.sv) == (50, 50)
    assert (r.cpi, r.spi) == (1.25, 1.25)
    assert r.eac == pytest.approx(800)
    assert r.vac == pytest.approx(200)
    assert r.tcpi == pytest.approx(750 / 800)
    text = r.reading()
    assert text.startswith("Under budget and ahead of schedule.")
    assert "$1.25 of work" in text


def test_result_is_frozen_and_to_dict_has_every_measure():
    """Is the result immutable, and does to_dict hold every number but no notes?"""
    r = evm(**TEXTBOOK)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.cpi = 1.0
    d = r.to_dict()
    expected = {
        "pv", "ev", "ac", "bac", "cv", "sv", "cpi", "spi", "eac", "eac_atypical",
        "eac_cpi_spi", "etc", "vac", "tcpi", "tcpi_eac", "percent_complete",
        "percent_spent",
    }  # fmt: skip
    assert set(d) == expected
    assert all(isinstance(v, float) for v in d.values())
    assert d["eac"] == r.eac


@settings(max_examples=200, deadline=None)
@given(status())
def test_identities_hold(values):
    """Do etc = eac - ac, vac = bac - eac, cv = ev - ac and sv = ev - pv hold?"""
    pv, ev, ac, bac = values
    r = evm(pv, ev, ac, bac)
    assert r.cv == pytest.approx(ev - ac)
    assert r.sv == pytest.approx(ev - pv)
    if not math.isnan(r.eac):
        scale = max(1.0, abs(r.eac), bac)
        assert r.eac - r.ac == pytest.approx(r.etc, abs=1e-9 * scale)
        assert r.bac - r.eac == pytest.approx(r.vac, abs=1e-9 * scale)
    assert r.eac_atypical == pytest.approx(ac + bac - ev)
    assert r.percent_complete == pytest.approx(ev / bac)


@settings(max_examples=200, deadline=None)
@given(status())
def test_tcpi_to_the_cpi_forecast_is_the_cpi(values):
    """To land on EAC = BAC / CPI, is the efficiency needed exactly the CPI?"""
    pv, ev, ac, bac = values
    r = evm(pv, ev, ac, bac)
    if ev > 0 and ac > 0 and ev < bac * (1 - 1e-6):
        assert r.tcpi_eac == pytest.approx(r.cpi, rel=1e-6)


@settings(max_examples=100, deadline=None)
@given(status(), st.floats(0.0, 1e7))
def test_given_eac_drives_etc_vac_and_tcpi_eac(values, eac):
    """With an EAC given, are etc, vac and tcpi_eac computed from it?"""
    pv, ev, ac, bac = values
    r = evm(pv, ev, ac, bac, eac=eac)
    assert r.eac == eac
    assert r.etc == pytest.approx(eac - ac)
    assert r.vac == pytest.approx(bac - eac)
    assert any(n.startswith("EAC was given") for n in r.notes)


def test_eac_with_bottom_up_etc():
    """Is EAC = AC + a bottom-up ETC, and does it feed evm's VAC?"""
    assert eac_with_etc(45_000, 70_000) == 115_000
    r = evm(**TEXTBOOK, eac=eac_with_etc(45_000, 70_000))
    assert r.vac == -15_000
    assert r.tcpi_eac == pytest.approx(60_000 / 70_000)
    with pytest.raises(ValueError, match="etc_bottom_up"):
        eac_with_etc(45_000, -1)


# --- zero denominators ---------------------------------------------------


def test_very_start_everything_zero():
    """At the very start (PV = EV = AC = 0), are CPI and SPI nan with notes?"""
    r = evm(pv=0, ev=0, ac=0, bac=100)
    assert math.isnan(r.cpi) and math.isnan(r.spi)
    assert math.isnan(r.eac) and math.isnan(r.etc) and math.isnan(r.vac)
    assert r.eac_atypical == 100  # still defined: AC + BAC - EV
    assert r.tcpi == 1.0
    assert any("AC = 0" in n for n in r.notes)
    assert any("PV = 0" in n for n in r.notes)
    assert r.reading().startswith("Not started")
    r = evm(pv=0, ev=5, ac=0, bac=100)
    text = r.reading()
    assert "cost efficiency is unknown" in text
    assert "schedule progress is unknown" in text


def test_money_spent_nothing_earned():
    """With AC > 0 and EV = 0, is CPI 0 and the CPI-based EAC undefined?"""
    r = evm(pv=10, ev=0, ac=10, bac=100)
    assert r.cpi == 0.0
    assert r.spi == 0.0
    assert math.isnan(r.eac) and math.isnan(r.eac_cpi_spi)
    assert any(n.startswith("CPI is 0") for n in r.notes)


def test_budget_spent_with_work_remaining():
    """When AC = BAC and work remains, is TCPI nan and the BAC called unreachable?"""
    r = evm(pv=100, ev=80, ac=100, bac=100)
    assert math.isnan(r.tcpi)
    assert any("no longer possible" in n for n in r.notes)
    assert "can no longer be met" in r.reading()


def test_overspent_tcpi_is_negative_and_flagged():
    """When AC > BAC, is the formula's negative TCPI kept but flagged?"""
    r = evm(pv=100, ev=80, ac=120, bac=100)
    assert r.tcpi == pytest.approx(20 / -20)
    assert any("no longer possible" in n for n in r.notes)


def test_finished_project():
    """When all the work is done, does the reading say so?"""
    r = evm(pv=100, ev=100, ac=90, bac=100)
    assert r.tcpi == 0.0
    assert "All the work is done." in r.reading()


# --- validation -----------------------------------------------------------


@pytest.mark.parametrize("name", ["pv", "ev", "ac", "bac"])
def test_negative_value_names_the_parameter(name):
    """Does a negative input raise ValueError naming that parameter?"""
    values = dict(TEXTBOOK)
    values[name] = -1
    with pytest.raises(ValueError, match=rf"^{name} must be >= 0"):
        evm(**values)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "ten", None])
def test_non_numbers_are_rejected(bad):
    """Are nan, inf, text and None refused, naming the parameter?"""
    with pytest.raises(ValueError, match="^ac must be"):
        evm(pv=1, ev=1, ac=bad, bac=10)


def test_ev_above_bac_raises():
    """Does EV > BAC raise, naming both?"""
    with pytest.raises(ValueError, match=r"ev \(120,000.00\) exceeds bac"):
        evm(pv=50_000, ev=120_000, ac=45_000, bac=100_000)


def test_pv_above_bac_raises():
    """Does PV > BAC raise (planned value never passes the budget)?"""
    with pytest.raises(ValueError, match="pv .* exceeds bac"):
        evm(pv=100_001, ev=0, ac=0, bac=100_000)


def test_zero_bac_raises():
    """Is a zero budget refused?"""
    with pytest.raises(ValueError, match="bac must be > 0"):
        evm(pv=0, ev=0, ac=0, bac=0)


# --- reading --------------------------------------------------------------


def test_reading_of_textbook_case():
    """Does the reading say over budget, behind schedule, and the money figures?"""
    text = interpret(evm(**TEXTBOOK))
    assert text.startswith("Over budget and behind schedule.")
    assert "earned $0.89 of work" in text
    assert "80% of the work planned" in text
    assert "$112,500" in text and "VAC -$12,500" in text
    assert "TCPI 1.09" in text
    assert text == evm(**TEXTBOOK).reading()


def test_reading_currency():
    """Does the reading use the currency symbol it is given?"""
    text = evm(**TEXTBOOK).reading(currency="€")
    assert "€112,500" in text and "$" not in text


def test_reading_on_target():
    """Is a project exactly on plan read as on budget and on schedule?"""
    assert evm(50, 50, 50, 100).reading().startswith("On budget and on schedule.")


def test_reading_rounds_forecasts_to_whole_dollars():
    """Does the reading give a forecast in whole dollars, not cents, while the
    result keeps the exact numbers?"""
    # EV 30,000, AC 35,000, BAC 100,000: EAC = 100,000 x 35/30 = 116,666.67,
    # VAC = -16,666.67, CV = -5,000.
    r = evm(pv=40_000, ev=30_000, ac=35_000, bac=100_000)
    text = r.reading()
    assert "cost $116,667 at completion" in text
    assert "(VAC -$16,667)" in text and "CV -$5,000" in text
    assert r.eac == pytest.approx(350_000 / 3) and r.vac == pytest.approx(-50_000 / 3)


def test_reading_gives_millions_to_three_figures():
    """Is a forecast of a million or more read as "$1.17 million"?"""
    # EV 600,000, AC 700,000, BAC 1,000,000: EAC = 1,000,000 x 7/6 = 1,166,666.67.
    text = evm(pv=650_000, ev=600_000, ac=700_000, bac=1_000_000).reading()
    assert "cost $1.17 million at completion" in text
    assert "against a budget of $1 million" in text
    assert "(VAC -$166,667)" in text


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (0, "$0"),
        (-0.2, "$0"),
        (950.4, "$950"),
        (-12_500, "-$12,500"),
        (999_999.4, "$999,999"),
        (1_000_000, "$1 million"),
        (1_164_735.55, "$1.16 million"),
        (-23_450_000, "-$23.4 million"),
        (float("nan"), "n/a"),
    ],
)
def test_money_by_hand(amount, shown):
    """Does money() round to whole dollars below a million and to three
    figures in millions above?"""
    assert money(amount) == shown


def test_money_rejects_infinity():
    """Does money() reject an infinite amount, naming the parameter?"""
    with pytest.raises(ValueError, match="x must be"):
        money(math.inf)


@given(st.floats(-1e10, 1e10, allow_nan=False))
def test_money_never_shows_cents_and_stays_close(amount):
    """Is every amount shown without cents and within rounding of its value?"""
    text = money(amount, currency="€")
    match = re.fullmatch(r"(-?)€(?:([\d,]+)|(\d+(?:\.\d+)?|[\d,]+) million)", text)
    assert match, text
    sign = -1 if match[1] else 1
    if match[2] is not None:
        assert sign * int(match[2].replace(",", "")) == pytest.approx(amount, abs=0.5)
    else:
        value = sign * float(match[3].replace(",", "")) * 1e6
        assert value == pytest.approx(amount, rel=5e-3)


# --- status tables --------------------------------------------------------

PERIODS = pd.DataFrame(
    {
        "period": [1, 2, 3, 4],
        "pv": [10_000, 20_000, 30_000, 40_000],
        "ev": [8_000, 18_000, 14_000, np.nan],
        "ac": [9_000, 20_000, 16_000, np.nan],
    }
)


def test_status_table_accumulates_and_matches_evm_row_by_row():
    """Does each row equal evm() on the running totals of the periods?"""
    table = status_table(PERIODS, bac=100_000)
    assert list(table.index) == [1, 2, 3, 4]
    np.testing.assert_allclose(table["pv"], [10_000, 30_000, 60_000, 100_000])
    np.testing.assert_allclose(table["ev"].iloc[:3], [8_000, 26_000, 40_000])
    np.testing.assert_allclose(table["ac"].iloc[:3], [9_000, 29_000, 45_000])
    for period in (1, 2, 3):
        row = table.loc[period]
        expected = evm(row["pv"], row["ev"], row["ac"], 100_000).to_dict()
        for key, value in expected.items():
            if key == "bac":
                continue
            assert row[key] == pytest.approx(value, nan_ok=True), (period, key)
    # Period 3 holds the textbook case: PV 60k is the only difference.
    assert table.loc[3, "eac"] == pytest.approx(112_500)


def test_status_table_columns_follow_the_result_fields():
    """Are the table's columns the result's fields (minus bac and notes)?"""
    names = [f.name for f in dataclasses.fields(EVMResult)]
    names.remove("bac")
    names.remove("notes")
    assert list(status_table(PERIODS, bac=100_000).columns) == names


def test_status_table_after_status_date_is_nan():
    """After the status date, is PV still cumulated while the measures are NaN?"""
    last = status_table(PERIODS, bac=100_000).loc[4]
    assert last["pv"] == 100_000
    assert math.isnan(last["ev"]) and math.isnan(last["cpi"])


def test_status_table_cumulative_input_gives_same_table():
    """Do cumulative inputs with cumulative=True give the same table?"""
    cum = PERIODS.copy()
    for col in ("pv", "ev", "ac"):
        cum[col] = PERIODS[col].cumsum()
    pd.testing.assert_frame_equal(
        status_table(cum, bac=100_000, cumulative=True),
        status_table(PERIODS, bac=100_000),
    )


def test_status_table_sorts_periods():
    """Are shuffled periods put in order before accumulating?"""
    shuffled = PERIODS.iloc[[2, 0, 3, 1]]
    pd.testing.assert_frame_equal(
        status_table(shuffled, bac=100_000), status_table(PERIODS, bac=100_000)
    )


def test_status_table_starting_at_zero():
    """Does a first period with nothing planned, earned or spent give NaN indices?"""
    rows = [
        {"period": 0, "pv": 0, "ev": 0, "ac": 0},
        {"period": 1, "pv": 50, "ev": 40, "ac": 45},
    ]
    table = status_table(rows, bac=100)
    assert math.isnan(table.loc[0, "cpi"]) and math.isnan(table.loc[0, "spi"])
    assert table.loc[1, "eac"] == pytest.approx(112.5)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1)),
        min_size=1,
        max_size=12,
    )
)
def test_status_table_identities(rows):
    """In every period, do etc = eac - ac and vac = bac - eac hold, and ev <= bac?"""
    bac = 1_000.0
    n = len(rows)
    # Scale so that the cumulative pv and ev never exceed the BAC.
    periods = pd.DataFrame(
        {
            "period": range(n),
            "pv": [r[0] * bac / n for r in rows],
            "ev": [r[1] * bac / n for r in rows],
            "ac": [r[2] * bac / n for r in rows],
        }
    )
    table = status_table(periods, bac=bac)
    assert (table["ev"] <= bac * (1 + 1e-9)).all()
    ok = table["eac"].notna()
    np.testing.assert_allclose(table.loc[ok, "etc"], (table["eac"] - table["ac"])[ok])
    np.testing.assert_allclose(table.loc[ok, "vac"], (bac - table["eac"])[ok])
    assert (np.diff(table["pv"]) >= 0).all()


def test_status_table_missing_column():
    """Does a table without 'ac' raise naming the column?"""
    with pytest.raises(ValueError, match="missing the column.*'ac'"):
        status_table(PERIODS.drop(columns="ac"), bac=100_000)


def test_status_table_duplicate_period():
    """Does a repeated period raise naming it?"""
    rows = pd.concat([PERIODS, PERIODS.iloc[[1]]])
    with pytest.raises(ValueError, match="period 2 appears more than once"):
        status_table(rows, bac=100_000)


def test_status_table_gap_before_status_date():
    """Does a missing EV followed by a reported one raise naming the period?"""
    rows = PERIODS.copy()
    rows.loc[1, "ev"] = np.nan
    rows.loc[3, "ev"] = 1_000
    rows.loc[3, "ac"] = 1_000
    rows.loc[2, "ac"] = 1_000
    with pytest.raises(ValueError, match="period 2: ev is missing"):
        status_table(rows, bac=100_000)


def test_status_table_ev_above_bac_names_the_period():
    """Does a cumulative EV passing the BAC raise naming the period?"""
    rows = PERIODS.copy()
    rows.loc[2, "ev"] = 80_000
    with pytest.raises(ValueError, match="period 3: cumulative ev .* exceeds bac"):
        status_table(rows, bac=100_000)


def test_status_table_negative_cumulative_value():
    """Does a cumulative AC below zero raise naming the period and column?"""
    rows = PERIODS.copy()
    rows.loc[0, "ac"] = -5
    with pytest.raises(ValueError, match="period 1: cumulative ac must be >= 0"):
        status_table(rows, bac=100_000)


def test_status_table_pv_missing_is_an_error():
    """Is a missing planned value refused (the plan covers every period)?"""
    rows = PERIODS.copy()
    rows.loc[3, "pv"] = np.nan
    with pytest.raises(ValueError, match="period 4: pv must be a finite number"):
        status_table(rows, bac=100_000)


def test_forecast_duration_divides_by_spi():
    """Does a 10-month plan at SPI 0.8 forecast 12.5 months, and is a zero SPI
    or duration refused by name?"""
    assert forecast_duration(10, 0.8) == pytest.approx(12.5)
    assert forecast_duration(10, 1.25) == pytest.approx(8)
    with pytest.raises(ValueError, match="spi must be > 0"):
        forecast_duration(10, 0)
    with pytest.raises(ValueError, match="planned_duration must be > 0"):
        forecast_duration(0, 0.9)
