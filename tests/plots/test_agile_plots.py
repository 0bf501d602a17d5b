"""Tests of the agile charts (pmcourse.plots.agile)."""

import numpy as np
import pandas as pd
import pytest

from pmcourse.agile import (
    agile_vs_waterfall,
    burndown,
    burnup,
    cumulative_flow,
    simulate_kanban,
)
from pmcourse.plots.agile import (
    agile_waterfall_chart,
    burn_chart,
    cumulative_flow_chart,
    cycle_time_chart,
    forecast_chart,
    kanban_chart,
    refresh_cycle_time,
    refresh_kanban,
)


def _line(ax, gid):
    return next(line for line in ax.lines if line.get_gid() == gid)


def _bars(ax, prefix):
    return {
        int(p.get_gid().split(":")[1]): p.get_height()
        for p in ax.patches
        if (p.get_gid() or "").startswith(prefix) and p.get_visible()
    }


def test_burnup_draws_done_and_scope_worked_by_hand():
    """Does the burnup show done 0, 20, 45, 60 under a scope that steps to 120?"""
    ax = burn_chart(burnup([100, 100, 120], [20, 25, 15]))
    assert list(_line(ax, "done").get_ydata()) == [0, 20, 45, 60]
    assert list(_line(ax, "scope").get_ydata()) == [100, 100, 100, 120]
    assert ax.get_title(loc="left") == "60 of 120 points still to do"


def test_burndown_draws_remaining_and_ideal():
    """Does the burndown show the work left and an ideal line reaching 0?"""
    ax = burn_chart(burndown(90, [30, 20, 25], planned_sprints=3))
    assert list(_line(ax, "remaining").get_ydata()) == [90, 60, 40, 15]
    assert list(_line(ax, "ideal").get_ydata()) == [90, 60, 30, 0]
    assert "15 points remain after sprint 3" in ax.get_title(loc="left")


def test_burn_chart_rejects_other_tables():
    """Is a table without sprint and ideal columns refused by name?"""
    with pytest.raises(ValueError, match="'sprint'"):
        burn_chart(pd.DataFrame({"x": [1]}))


def test_forecast_bars_are_shares_and_late_runs_are_marked():
    """Are the bars each count's share of runs, hatched past the deadline?"""
    counts = [4, 5, 5, 6, 6, 6, 7, 7, 8, 9]
    ax = forecast_chart(counts, deadline=6)
    assert _bars(ax, "runs:") == pytest.approx(
        {4: 0.1, 5: 0.2, 6: 0.3, 7: 0.2, 8: 0.1, 9: 0.1}
    )
    hatched = {p.get_gid() for p in ax.patches if p.get_hatch()}
    assert hatched == {"runs:7", "runs:8", "runs:9"}
    # P50 is the 5th of 10 sorted values (6); P85 the 9th (8)
    assert _line(ax, "P50").get_xdata()[0] == 6
    assert _line(ax, "P85").get_xdata()[0] == 8
    assert ax.get_title(loc="left") == "60% of runs finish within 6 sprints"


def test_cumulative_flow_bands_stack_to_the_counts():
    """Are the bands stacked done, in progress, to do, with the daily counts?"""
    items = [
        {"created": 0, "started": 1, "finished": 3},
        {"created": 0, "started": 2, "finished": None},
        {"created": 2, "started": None, "finished": None},
    ]
    cfd = cumulative_flow(items)
    ax = cumulative_flow_chart(cfd)
    assert [c.get_gid() for c in ax.collections] == ["done", "in_progress", "to_do"]
    top = ax.collections[-1].get_paths()[0].vertices[:, 1].max()
    assert top == cfd.sum(axis=1).max() == 3


def test_cycle_time_bars_count_items_per_day():
    """Does each day's bar count the items that took that many days?"""
    ax = cycle_time_chart([1, 2, 2, 3, 3, 3, 8])
    assert _bars(ax, "days:") == {1: 1, 2: 2, 3: 3, 4: 0, 5: 0, 6: 0, 7: 0, 8: 1}
    # 85th percentile of 7 values: the 6th smallest (3)
    assert _line(ax, "P85").get_xdata()[0] == pytest.approx(3.45)
    labels = [t.get_text() for t in ax.texts if t.get_text()]
    assert labels == [" P50, P85: 3 d"]  # equal percentiles share one label


def test_refresh_cycle_time_caps_and_merges():
    """Does a refresh count longer items in the last bar and merge equal labels?"""
    ax = cycle_time_chart([1, 2, 3], bars=20)
    refresh_cycle_time(ax, [2, 2, 2, 9, 12], max_days=10)
    assert _bars(ax, "days:") == {
        1: 0, 2: 3, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 1, 10: 1,
    }  # fmt: skip
    texts = [t.get_text() for t in ax.texts if t.get_gid().startswith("label:")]
    assert texts == [" P50: 2 d", " P85: 12 d"]  # 3rd and 5th of 5 values
    assert ax.get_xlim()[1] == pytest.approx(10.7)


def test_agile_waterfall_chart_plots_the_timeline():
    """Do the four lines hold the model's value and cost timelines?"""
    result = agile_vs_waterfall(volatility=0.05, rng=3)
    left, right = agile_waterfall_chart(result, cost_limit=600_000)
    t = result.timeline
    assert np.allclose(_line(left, "agile_value").get_ydata(), t["agile_value"])
    assert np.allclose(
        _line(right, "waterfall_cost").get_ydata(), t["waterfall_cost"] / 1000
    )
    assert right.get_ylim() == (0, 600)


def test_kanban_chart_and_refresh():
    """Does the Kanban chart show the daily WIP, and follow a new run in place?"""
    first = simulate_kanban(wip_limit=4, rng=2)
    left, right = kanban_chart(first, wip_limit=4, bars=60)
    assert np.array_equal(_line(left, "wip").get_ydata(), first.daily["wip"])
    second = simulate_kanban(wip_limit=None, arrival_rate=1.3, rng=2)
    refresh_kanban([left, right], second, wip_limit=None)
    assert np.array_equal(_line(left, "wip").get_ydata(), second.daily["wip"])
    assert not _line(left, "wip_limit").get_visible()
    assert (
        sum(_bars(right, "days:").values()) == second.items["cycle_time"].notna().sum()
    )
    assert left.get_ylim()[1] > second.daily["backlog"].max()
