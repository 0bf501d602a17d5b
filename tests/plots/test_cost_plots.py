"""Tests of the cost charts (pmcourse.plots.cost)."""

import numpy as np
import pandas as pd
import pytest

from pmcourse.cost import fit_parametric, size_reserves, time_phased_baseline
from pmcourse.plots import new_figure
from pmcourse.plots.cost import (
    cashflow_chart,
    cost_histogram,
    dollars,
    parametric_fit,
    refresh_cashflow_chart,
    refresh_cost_histogram,
    s_curve,
)


def _steps(ax):
    return {p.get_gid(): p.get_data() for p in ax.patches}


def test_histogram_counts_every_run_and_splits_at_the_baseline():
    """Do the two step patches hold all runs, split at the cost baseline, with
    the three lines at the estimate, baseline and budget?"""
    totals = np.random.default_rng(1).normal(100, 10, 5_000)
    sizing = size_reserves(totals, 95, confidence=0.8, management_percent=0.1)
    edges = np.linspace(50, 150, 51)
    ax = cost_histogram(totals, sizing, edges=edges)
    steps = _steps(ax)
    within, over = steps["within"].values, steps["over"].values
    counts, _ = np.histogram(totals, bins=edges)
    assert np.array_equal(within + over, counts)
    centres = (edges[:-1] + edges[1:]) / 2
    assert (over[centres <= sizing.cost_baseline] == 0).all()
    assert (within[centres > sizing.cost_baseline] == 0).all()
    lines = {line.get_gid(): line.get_xdata()[0] for line in ax.lines}
    assert lines == pytest.approx(
        {"estimate": 95, "baseline": sizing.cost_baseline, "budget": sizing.budget}
    )
    assert "P80" in ax.get_title(loc="left")


def test_histogram_refresh_moves_the_baseline():
    """Does a refresh at a lower confidence move the baseline line left?"""
    totals = np.random.default_rng(2).normal(100, 10, 5_000)
    ax = cost_histogram(totals, size_reserves(totals, 95, confidence=0.9))
    before = {line.get_gid(): line.get_xdata()[0] for line in ax.lines}["baseline"]
    refresh_cost_histogram(ax, totals, size_reserves(totals, 95, confidence=0.5))
    after = {line.get_gid(): line.get_xdata()[0] for line in ax.lines}["baseline"]
    assert after < before
    assert after == pytest.approx(np.quantile(totals, 0.5))
    _, other = new_figure(pyplot=False)
    with pytest.raises(ValueError, match="cost_histogram"):
        refresh_cost_histogram(other, totals, size_reserves(totals, 95))


def test_cashflow_chart_bars_and_running_total():
    """Are the bars the flows, the outlay hatched, and the line the running
    discounted total?"""
    flows = [-6_000, 4_000, 4_000]
    running = np.cumsum(np.array(flows) / 1.1 ** np.arange(3))
    ax = cashflow_chart(flows, running, max_periods=5)
    bars = [p for p in ax.patches if p.get_gid().startswith("flow:")]
    assert [b.get_height() for b in bars if b.get_visible()] == flows
    assert bars[0].get_hatch() and not bars[1].get_hatch()
    line = next(x for x in ax.lines if x.get_gid() == "cumulative_pv")
    assert line.get_ydata() == pytest.approx(running)
    assert "Net present value" in ax.get_title(loc="left")
    refresh_cashflow_chart(ax, [-1, 1, 1, 1, 1], [-1, 0, 1, 2, 3], title="x")
    assert all(b.get_visible() for b in bars)
    with pytest.raises(ValueError, match="max_periods"):
        refresh_cashflow_chart(ax, [-1] + [1] * 6, [0] * 7)


def test_s_curve_climbs_to_the_total_and_shows_the_budget():
    """Does the S-curve end at the total cost, with the budget line above it?"""
    sched = pd.DataFrame(
        {"es": [0.0, 2.0], "ef": [2.0, 5.0]}, index=pd.Index(["A", "B"], name="id")
    )
    baseline = time_phased_baseline(sched, {"A": 200, "B": 300})
    ax = s_curve(baseline, budget=550)
    curve = next(x for x in ax.lines if x.get_gid() == "cumulative_pv")
    assert curve.get_ydata()[-1] == 500 and curve.get_ydata()[0] == 0
    budget = next(x for x in ax.lines if x.get_gid() == "budget")
    assert budget.get_ydata()[0] == 550
    assert "$500" in ax.get_title(loc="left")
    with pytest.raises(ValueError, match="cumulative_pv"):
        s_curve(baseline.drop(columns="cumulative_pv"))


def test_parametric_fit_draws_data_curve_and_new_project():
    """Does the chart plot every past project, the fitted curve and the new
    project on the curve?"""
    data = {"size": [10, 20, 40, 80], "hours": [100, 210, 400, 830]}
    model = fit_parametric(data, "hours", "size", kind="power")
    ax = parametric_fit(model, new=60)
    lines = {x.get_gid(): x for x in ax.lines}
    assert lines["projects"].get_xdata().tolist() == [10, 20, 40, 80]
    assert lines["new"].get_ydata()[0] == pytest.approx(model.predict(60))
    assert lines["fit"].get_ydata() == pytest.approx(
        model.predict(lines["fit"].get_xdata())
    )
    two = fit_parametric(
        {"a": [1, 2, 3, 5], "b": [2, 1, 4, 3], "y": [3, 4, 8, 9]}, "y", ["a", "b"]
    )
    with pytest.raises(ValueError, match="one-driver"):
        parametric_fit(two)


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "$0"), (999, "$999"), (1_500, "$1.5k"), (205_300, "$205k"), (-2e6, "-$2M")],
)
def test_dollars_formats_amounts(amount, text):
    """Does the axis formatter abbreviate thousands and millions?"""
    assert dollars(amount) == text
