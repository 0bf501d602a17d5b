"""Tests of the project status dashboard (pmcourse.widgets.earned_value)."""

import numpy as np
import pytest

from pmcourse import datasets
from pmcourse.plots.evm import curve_data
from pmcourse.widgets.earned_value import StatusDashboard

# A small project worked by hand: BAC 400 over 4 months, 2 months reported.
#   month 2 (cumulative): PV 200, EV 180, AC 220
#   CPI = 180 / 220 = 0.818, SPI = 180 / 200 = 0.9
#   EAC typical  = 400 / 0.818 = 488.89
#   EAC atypical = 220 + (400 - 180) = 440
#   EAC CPI x SPI = 220 + 220 / (0.818 x 0.9) = 220 + 298.77 = 518.77
#   forecast finish = 4 / 0.9 = 4.44 months
#   month 1: PV 100, EV 90, AC 100 -> CPI 0.9, SPI 0.9, EAC 444.44
REPORTS = [
    {"period": 1, "pv": 100, "ev": 90, "ac": 100},
    {"period": 2, "pv": 100, "ev": 90, "ac": 120},
    {"period": 3, "pv": 100, "ev": None, "ac": None},
    {"period": 4, "pv": 100, "ev": None, "ac": None},
]


@pytest.fixture
def app():
    return StatusDashboard(REPORTS)


def test_starts_at_the_latest_report_with_the_typical_eac(app):
    """Does the dashboard open on month 2 with BAC 400 and EAC = BAC / CPI?"""
    assert app.bac == 400
    assert app.controls["period"].value == 2
    assert (app.controls["period"].min, app.controls["period"].max) == (1, 2)
    s = app.result.status
    assert (s.pv, s.ev, s.ac) == (200, 180, 220)
    assert s.cpi == pytest.approx(180 / 220)
    assert s.spi == pytest.approx(0.9)
    assert s.eac == pytest.approx(488.888, abs=1e-3)
    assert app.result.forecast_finish == pytest.approx(4 / 0.9)


def test_each_eac_method_gives_its_forecast(app):
    """Do the EAC buttons give 440 (atypical) and 518.77 (CPI x SPI), with ETC
    and VAC following the chosen EAC?"""
    app.controls["method"].value = "atypical"
    s = app.result.status
    assert s.eac == pytest.approx(440)
    assert s.etc == pytest.approx(220) and s.vac == pytest.approx(-40)
    app.controls["method"].value = "cpi_spi"
    assert app.result.status.eac == pytest.approx(518.77, abs=0.01)
    shown = app.measures().set_index("measure")["value"]
    assert shown["VAC = BAC − EAC"] == pytest.approx(400 - 518.77, abs=0.01)


def test_the_slider_moves_the_curves_and_the_forecast(app):
    """Does month 1 cut EV and AC to one month and move the EAC line?"""
    app.controls["period"].value = 1
    data = curve_data(app.ax)
    assert data["ev"].tolist() == [[0, 0], [1, 90]]
    assert data["ac"].tolist() == [[0, 0], [1, 100]]
    assert data["pv"][:, 1].tolist() == [0, 100, 200, 300, 400]
    assert data["status"] == 1
    # the forecast line runs from today's AC to the EAC at 4 / 0.9 months
    assert data["eac"][0].tolist() == [1, 100]
    assert data["eac"][1] == pytest.approx([4 / 0.9, 400 / 0.9])
    assert app.ax.get_title(loc="left").startswith("Month 1: behind schedule")


def test_axes_stay_fixed_while_the_date_moves(app):
    """Are the axes' limits the same at every status date (only curves move)?"""
    limits = (app.ax.get_xlim(), app.ax.get_ylim())
    app.controls["period"].value = 1
    app.controls["method"].value = "cpi_spi"
    assert (app.ax.get_xlim(), app.ax.get_ylim()) == limits
    assert app.ax.get_ylim()[1] >= 518.77  # the largest forecast fits


def test_reading_and_table_follow_the_status(app):
    """Do the plain-language reading and the table state the status date's
    figures?"""
    assert "Over budget and behind schedule" in app.summary.value
    assert "(CPI 0.82" in app.summary.value
    assert "0.82" in app.table_html.value and "$489" in app.table_html.value
    app.controls["period"].value = 1
    assert "Month 1" in app.summary.value and "(CPI 0.90" in app.summary.value


def test_the_dataset_gives_the_cumulative_sums():
    """On the course dataset, is month 8's status the running totals of the
    monthly PV, EV and AC columns?"""
    reports = datasets.load("evm_status_reports")
    app = StatusDashboard(reports)
    assert app.bac == pytest.approx(reports["pv"].sum())
    upto = reports[reports["period"] <= 8]
    s = app.result.status
    assert s.pv == pytest.approx(upto["pv"].sum())
    assert s.ev == pytest.approx(upto["ev"].sum())
    assert s.ac == pytest.approx(upto["ac"].sum())
    assert s.cpi == pytest.approx(upto["ev"].sum() / upto["ac"].sum())
    ev_line = curve_data(app.ax)["ev"]
    assert np.allclose(ev_line[1:, 1], upto["ev"].cumsum())


def test_reports_without_earned_value_are_refused():
    """Is a plan with no reported month refused with a clear message?"""
    with pytest.raises(ValueError, match="no period has an earned value yet"):
        StatusDashboard([{"period": 1, "pv": 10, "ev": None, "ac": None}])


def test_the_chart_image_is_refreshed(app):
    """Is a new PNG put in the image widget on every change?"""
    first = app.image.png
    app.controls["period"].value = 1
    assert app.image.png != first and app.image.png[:4] == b"\x89PNG"


def _pixels(png):
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def test_fast_render_matches_a_full_redraw():
    """Does the cached-background chart look the same as a full redraw?"""
    import io

    from pmcourse.plots.style import course_style

    app = StatusDashboard(datasets.load("evm_status_reports"))
    for value in [3, 6, 2]:
        app.controls["period"].value = value
    app.controls["method"].value = "atypical"
    fast = _pixels(app.image.png)
    buffer = io.BytesIO()
    with course_style():
        app.figure.savefig(buffer, format="png", dpi=app.dpi)
    full = _pixels(buffer.getvalue())
    assert fast.shape == full.shape
    differ = (abs(fast - full).max(axis=2) > 40).mean()
    assert differ < 0.002, f"{differ:.2%} of pixels differ"
