"""Tests of the lesson 06 simulations (pmcourse.widgets.agile)."""

import numpy as np
import pytest

from pmcourse.agile import agile_vs_waterfall, simulate_kanban
from pmcourse.widgets.agile import COST_PER_WEEK, AgileVsWaterfall, KanbanBoard


def _line(ax, gid):
    return next(line for line in ax.lines if line.get_gid() == gid)


# --- Agile vs Waterfall -------------------------------------------------------


@pytest.fixture(scope="module")
def race():
    return AgileVsWaterfall()


def test_result_is_the_model_with_the_controls_values(race):
    """Does moving the sliders rerun agile_vs_waterfall with their values?"""
    race.set_values(volatility=0.06, sprint_length=3, late_change_cost=20)
    expected = agile_vs_waterfall(
        volatility=0.06,
        sprint_length=3,
        capacity=10.0,
        late_change_cost=20,
        defect_rate=0.1,
        cost_per_week=COST_PER_WEEK,
        rng=42,
    )
    assert race.result.summary().equals(expected.summary())
    race.set_values(volatility=0.02, sprint_length=2, late_change_cost=10)


def test_plotted_lines_are_the_timeline(race):
    """Are the value and cost lines exactly the model's weekly timeline?"""
    race.controls["volatility"].value = 0.08
    left, right = race.axes
    timeline = race.result.timeline
    for name in ("agile", "waterfall"):
        value = _line(left, f"{name}_value")
        assert np.array_equal(value.get_xdata(), timeline["week"])
        assert np.allclose(value.get_ydata(), timeline[f"{name}_value"])
        cost = _line(right, f"{name}_cost")
        assert np.allclose(cost.get_ydata(), timeline[f"{name}_cost"] / 1000)
    finish = _line(right, "agile_finish")
    assert finish.get_xdata()[0] == race.result.agile.finish_week
    race.controls["volatility"].value = 0.02


def test_volatility_hurts_waterfall_more(race):
    """Does raising volatility cost waterfall more rework than agile?"""
    race.controls["volatility"].value = 0.0
    calm = race.result
    assert calm.waterfall.rework_effort == 0 and calm.agile.rework_effort == 0
    race.controls["volatility"].value = 0.05
    stormy = race.result
    assert stormy.waterfall.rework_effort > stormy.agile.rework_effort > 0
    assert "Waterfall:" in race.summary.value
    race.controls["volatility"].value = 0.02


def test_a_project_still_running_is_said_so(race):
    """Is a waterfall project still running at week 52 reported as such?"""
    race.controls["volatility"].value = 0.1
    assert race.result.waterfall.finish_week is None
    assert "still running at week 52" in race.summary.value
    assert len(_line(race.axes[1], "waterfall_finish").get_xdata()) == 0
    race.controls["volatility"].value = 0.02


# --- Kanban board -------------------------------------------------------------


@pytest.fixture(scope="module")
def board():
    return KanbanBoard()


def test_kanban_result_is_the_model(board):
    """Is the result simulate_kanban with the controls' values and the seed?"""
    board.set_values(wip_limit=3, arrival_rate=1.0, capacity=2.5)
    expected = simulate_kanban(
        days=120, arrival_rate=1.0, capacity=2.5, wip_limit=3, rng=7
    )
    assert board.result.daily.equals(expected.daily)
    assert board.result.daily["wip"].max() <= 3
    board.set_values(wip_limit=4, arrival_rate=0.9, capacity=3.0)


def test_kanban_plots_wip_backlog_limit_and_cycle_times(board):
    """Do the lines show the daily WIP and backlog, and the bars the cycle times?"""
    board.controls["wip_limit"].value = 2
    left, right = board.axes
    daily = board.result.daily
    assert np.array_equal(_line(left, "wip").get_ydata(), daily["wip"])
    assert np.array_equal(_line(left, "backlog").get_ydata(), daily["backlog"])
    assert list(_line(left, "wip_limit").get_ydata()) == [2, 2]
    bars = {
        int(p.get_gid().split(":")[1]): p.get_height()
        for p in right.patches
        if p.get_visible()
    }
    cycle = board.result.items["cycle_time"].dropna()
    assert sum(bars.values()) == len(cycle)
    shown = max(bars)  # longer cycle times are counted in the last bar shown
    for day, height in bars.items():
        expected = (cycle == day).sum() if day < shown else (cycle >= day).sum()
        assert height == expected, day
    board.controls["wip_limit"].value = 4


def test_no_limit_box_removes_the_limit(board):
    """Does ticking 'no WIP limit' hide the limit, grey the slider and slow items?"""
    board.controls["arrival_rate"].value = 1.2  # demand above capacity
    limited = board.result.mean_cycle_time
    board.controls["no_limit"].value = True
    assert board.wip_limit is None
    assert board.controls["wip_limit"].disabled
    assert not _line(board.axes[0], "wip_limit").get_visible()
    assert board.result.mean_cycle_time > 2 * limited
    assert "no limit" in board.summary.value
    board.controls["no_limit"].value = False
    board.controls["arrival_rate"].value = 0.9


def test_summary_states_littles_law(board):
    """Does the summary give WIP / throughput in days?"""
    r = board.result
    assert f"{r.mean_wip / r.mean_throughput:.1f} days" in board.summary.value
