"""Tests of the budgeting simulations (pmcourse.widgets.cost)."""

import numpy as np
import pytest

from pmcourse import career, datasets
from pmcourse.cost import size_reserves
from pmcourse.montecarlo import monte_carlo_cost
from pmcourse.widgets import CertificationROI, ReserveSizer


@pytest.fixture
def sizer():
    return ReserveSizer(datasets.load("launch_budget"), iterations=4_000)


def _lines(ax):
    return {line.get_gid(): line.get_xdata()[0] for line in ax.lines}


def _counts(ax):
    steps = {p.get_gid(): p.get_data().values for p in ax.patches}
    return steps["within"], steps["over"]


def test_sizer_uses_the_work_packages_only(sizer):
    """Does the sizer leave out WBS summary rows and estimate the sum of the
    most likely costs?"""
    budget = datasets.load("launch_budget")
    assert len(sizer.items) == 12
    assert sizer.base_estimate == budget["most_likely"].sum()


def test_sizer_result_is_the_library_on_the_same_draws(sizer):
    """Are the reserves those of size_reserves on monte_carlo_cost's draws with
    the sizer's seed, and do the chart's lines and bins show them?"""
    totals = monte_carlo_cost(sizer.items, 4_000, rng=sizer.seed)
    expected = size_reserves(
        totals, sizer.base_estimate, confidence=0.8, management_percent=0.05
    )
    assert sizer.result == expected
    lines = _lines(sizer.ax)
    assert lines["baseline"] == pytest.approx(expected.cost_baseline)
    assert lines["budget"] == pytest.approx(expected.budget)
    within, over = _counts(sizer.ax)
    assert within.sum() + over.sum() == 4_000  # every run inside the bins
    share_over = over.sum() / 4_000
    assert share_over == pytest.approx(expected.probability_over_baseline, abs=0.03)


def test_confidence_moves_the_baseline_and_the_overrun_chance(sizer):
    """Does raising the confidence raise the baseline and lower the share of
    runs over it, in the result, the chart and the text?"""
    before = sizer.result
    sizer.controls["confidence"].value = 0.95
    after = sizer.result
    assert after.cost_baseline > before.cost_baseline
    assert after.probability_over_baseline < before.probability_over_baseline
    assert _lines(sizer.ax)["baseline"] == pytest.approx(after.cost_baseline)
    assert "(P95)" in sizer.summary.value
    assert sizer.ax.get_title(loc="left").startswith("P95 baseline")


def test_correlation_widens_the_spread(sizer):
    """Does correlation between packages widen the totals and raise the P80?"""
    spread = np.std(sizer.totals)
    p80 = sizer.result.cost_at_confidence
    sizer.controls["correlation"].value = 0.6
    assert np.std(sizer.totals) > 1.5 * spread
    assert sizer.result.cost_at_confidence > p80


def test_management_reserve_changes_only_the_budget(sizer):
    """Does the management reserve move the budget line but not the baseline?"""
    baseline = sizer.result.cost_baseline
    sizer.controls["management_percent"].value = 0.1
    assert sizer.result.cost_baseline == baseline
    assert sizer.result.budget == pytest.approx(baseline * 1.1)
    assert _lines(sizer.ax)["budget"] == pytest.approx(baseline * 1.1)


def test_pert_is_narrower_than_triangular(sizer):
    """Does the PERT shape, which weights the most likely value more, give a
    narrower spread than the triangular one on the same estimates?"""
    tri = np.std(sizer.totals)
    sizer.controls["distribution"].value = "pert"
    assert np.std(sizer.totals) < tri


def test_sizer_refuses_a_table_without_estimates():
    """Is a table without three-point columns refused with a clear message?"""
    with pytest.raises(ValueError, match="missing the column"):
        ReserveSizer([{"cost": 5}])


def test_roi_defaults_follow_the_library():
    """Is the default result career.certification_roi on the sliders' values,
    drawn as bars and a running total?"""
    app = CertificationROI()
    expected = career.certification_roi(**app.values())
    assert app.result.npv == pytest.approx(expected.npv)
    bars = [p for p in app.ax.patches if p.get_visible()]
    assert [b.get_height() for b in bars] == pytest.approx(expected.cashflows.tolist())
    line = next(x for x in app.ax.lines if x.get_gid() == "cumulative_pv")
    assert line.get_ydata() == pytest.approx(expected.cumulative_pv)
    assert "NPV" in app.summary.value


def test_roi_years_slider_changes_the_bars():
    """Does counting 8 years draw 9 bars and raise the NPV?"""
    app = CertificationROI()
    npv = app.result.npv
    app.controls["years"].value = 8
    assert sum(p.get_visible() for p in app.ax.patches) == 9
    assert app.result.npv > npv


def test_roi_without_uplift_says_it_never_pays_back():
    """With no pay rise, do the title and text say the outlay is not repaid?"""
    app = CertificationROI()
    app.controls["uplift"].value = 0.0
    assert "not repaid" in app.ax.get_title(loc="left")
    assert "payback never" in app.summary.value


def test_roi_zero_outlay_shows_a_message_not_a_traceback():
    """Does a setting the library rejects leave the last chart and explain?"""
    app = CertificationROI()
    last = app.result
    app.set_values(cost=0, study_hours=0)
    assert app.error and "nothing to earn a return on" in app.message.value
    assert app.result is last
