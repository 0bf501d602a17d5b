"""Tests of the time-cost trade-off chart (pmcourse.plots.crashing)."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from pmcourse.crashing import time_cost_tradeoff
from pmcourse.plots import COLORS
from pmcourse.plots.crashing import refresh_time_cost_chart, time_cost_chart
from pmcourse.plots.parts import artists_by_gid

#: One path A -> B; slopes A 100 (3 -> 1 days), B 200 (2 -> 1 day).
CHAIN = [
    {"id": "A", "duration": 3, "predecessors": "", "crash_duration": 1,
     "normal_cost": 100, "crash_cost": 300},
    {"id": "B", "duration": 2, "predecessors": "A", "crash_duration": 1,
     "normal_cost": 50, "crash_cost": 250},
]  # fmt: skip


def test_lines_plot_the_three_costs_against_duration():
    """Do the direct, indirect and total lines carry the hand-worked costs?"""
    ax = time_cost_chart(time_cost_tradeoff(CHAIN, indirect_cost_per_day=150))
    parts = artists_by_gid(ax)
    x, direct = parts["direct"].get_data()
    np.testing.assert_array_equal(x, [5, 4, 3, 2])
    np.testing.assert_array_equal(direct, [150, 250, 350, 550])
    np.testing.assert_array_equal(parts["indirect"].get_ydata(), [750, 600, 450, 300])
    np.testing.assert_array_equal(parts["total"].get_ydata(), [900, 850, 800, 850])
    # the lowest total, 800 at 3 days, is marked in the critical colour
    assert list(parts["cheapest"].get_data()[0]) == [3.0]
    assert to_hex(parts["cheapest"].get_color()) == COLORS["critical"].lower()
    assert ax.get_title(loc="left") == "Total cost is lowest at 3 days: $800"
    assert not parts["target"].get_visible()
    assert "dollars" in ax.get_ylabel() and "days" in ax.get_xlabel()


def test_refresh_moves_lines_and_target():
    """Does a refresh at no indirect cost make the normal plan the cheapest?"""
    ax = time_cost_chart(time_cost_tradeoff(CHAIN, 150), target=4)
    assert list(artists_by_gid(ax)["target"].get_xdata()) == [4, 4]
    refresh_time_cost_chart(ax, time_cost_tradeoff(CHAIN), target=2)
    parts = artists_by_gid(ax)
    np.testing.assert_array_equal(parts["total"].get_ydata(), [150, 250, 350, 550])
    assert list(parts["cheapest"].get_data()[0]) == [5.0]
    assert list(parts["target"].get_xdata()) == [2, 2]
    assert ax.get_ylim()[1] >= 550


def test_a_table_without_costs_is_refused():
    """Is a table that is not a trade-off refused with a clear message?"""
    with pytest.raises(ValueError, match="time_cost_tradeoff table"):
        time_cost_chart(pd.DataFrame({"duration": [3.0]}))
