"""Tests of the earned value charts (pmcourse.plots.evm)."""

import pytest

from pmcourse.evm import status_table
from pmcourse.plots.evm import curve_data, evm_title, refresh_s_curves, s_curves
from pmcourse.plots.style import new_figure

# Monthly PV 10, 20, 30, 40 (BAC 100); two months reported:
# EV 8, 20 -> cumulative 8, 28; AC 10, 25 -> cumulative 10, 35.
REPORTS = [
    {"period": 1, "pv": 10, "ev": 8, "ac": 10},
    {"period": 2, "pv": 20, "ev": 20, "ac": 25},
    {"period": 3, "pv": 30, "ev": None, "ac": None},
    {"period": 4, "pv": 40, "ev": None, "ac": None},
]


@pytest.fixture
def table():
    return status_table(REPORTS, bac=100)


def test_curves_are_cumulative_and_stop_at_the_status_date(table):
    """Does PV run to the end and EV and AC stop at the last report?"""
    data = curve_data(s_curves(table))
    assert data["pv"].tolist() == [[0, 0], [1, 10], [2, 30], [3, 60], [4, 100]]
    assert data["ev"].tolist() == [[0, 0], [1, 8], [2, 28]]
    assert data["ac"].tolist() == [[0, 0], [1, 10], [2, 35]]
    assert data["status"] == 2 and data["bac"] == 100
    assert data["eac"].size == 0  # no EAC given, no forecast line


def test_forecast_line_and_labels(table):
    """Does the forecast run from today's AC to the EAC, with labels?"""
    ax = s_curves(table, eac=125, forecast_finish=5)
    assert curve_data(ax)["eac"].tolist() == [[2, 35], [5, 125]]
    texts = {t.get_gid(): t.get_text() for t in ax.texts}
    assert texts["eac_label"].strip() == "EAC $125"
    assert texts["bac_label"] == "BAC $100"
    assert ax.get_ylim()[1] >= 125 and ax.get_xlim()[1] >= 5


def test_title_states_schedule_and_cost(table):
    """Does the title say behind schedule and over budget with the indices?"""
    # month 2: SV = 28 - 30 = -2, CV = 28 - 35 = -7, SPI 0.93, CPI 0.80
    assert evm_title(table, 2) == (
        "Month 2: behind schedule (SPI 0.93) and over budget (CPI 0.80)"
    )
    ax = s_curves(table, status_period=2)
    assert ax.get_title(loc="left") == evm_title(table, 2)


def test_refresh_moves_to_an_earlier_status(table):
    """Does refresh_s_curves move EV, AC and the status line to month 1?"""
    ax = s_curves(table, limits=(6, 150))
    refresh_s_curves(ax, table, status_period=1, limits=(6, 150))
    data = curve_data(ax)
    assert data["ev"].tolist() == [[0, 0], [1, 8]]
    assert data["status"] == 1
    assert ax.get_xlim() == (0, 6) and ax.get_ylim() == (0, 150)


def test_bad_input_is_refused(table):
    """Are an unreported status date and a foreign axes refused by name?"""
    with pytest.raises(ValueError, match="status_period 3 is not a reported period"):
        s_curves(table, status_period=3)
    _, ax = new_figure(pyplot=False)
    with pytest.raises(ValueError, match="needs an axes drawn by s_curves"):
        refresh_s_curves(ax, table)
    with pytest.raises(ValueError, match="missing the column 'ev'"):
        s_curves(table.drop(columns="ev"))
