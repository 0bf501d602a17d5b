"""Tests of the time-cost trade-off simulation (pmcourse.widgets.crashing)."""

import numpy as np
import pytest

from pmcourse.plots.parts import artists_by_gid
from pmcourse.widgets import TimeCostTradeoff

#: Two parallel critical paths A -> C and B -> C, 7 days; slopes A 100, B 150,
#: C 300. Crashing by hand: 7 -> 6 with A+B (250), 6 -> 5 with C (300),
#: 5 -> 4 with C (300). Direct cost 1,200, 1,450, 1,750, 2,050.
PLAN = [
    {"id": "A", "duration": 4, "predecessors": "", "crash_duration": 2,
     "normal_cost": 400, "crash_cost": 600},
    {"id": "B", "duration": 4, "predecessors": "", "crash_duration": 3,
     "normal_cost": 300, "crash_cost": 450},
    {"id": "C", "duration": 3, "predecessors": "A, B", "crash_duration": 1,
     "normal_cost": 500, "crash_cost": 1100},
]  # fmt: skip


@pytest.fixture
def app():
    return TimeCostTradeoff(PLAN, indirect_cost_per_day=200, max_indirect=1000)


def test_sliders_span_the_crashable_range(app):
    """Does the target slider run from the shortest duration to the normal one?"""
    target = app.controls["target"]
    assert (target.min, target.max, target.value) == (4, 7, 7)
    assert app.controls["indirect_cost"].value == 200


def test_indirect_cost_moves_the_cheapest_duration(app):
    """Is the normal plan cheapest at 200 a day, and 4 days at 400 a day?"""
    # 200 a day: 1,200 + 1,400, 1,450 + 1,200, 1,750 + 1,000, 2,050 + 800
    totals = app.result["total_cost"].tolist()
    assert totals == [2600.0, 2650.0, 2750.0, 2850.0]
    assert app.cheapest["duration"] == 7.0
    app.controls["indirect_cost"].value = 400
    assert app.result["total_cost"].tolist() == [4000.0, 3850.0, 3750.0, 3650.0]
    assert app.cheapest["duration"] == 4.0
    assert app.error is None


def test_chart_shows_the_repriced_costs(app):
    """Do the plotted lines and the marker match the table at 400 a day?"""
    app.set_values(indirect_cost=400, target=5)
    parts = artists_by_gid(app.ax)
    x, total = parts["total"].get_data()
    np.testing.assert_array_equal(x, [7, 6, 5, 4])
    np.testing.assert_array_equal(total, [4000, 3850, 3750, 3650])
    np.testing.assert_array_equal(
        parts["indirect"].get_ydata(), [2800, 2400, 2000, 1600]
    )
    np.testing.assert_array_equal(parts["direct"].get_ydata(), [1200, 1450, 1750, 2050])
    assert list(parts["cheapest"].get_data()[0]) == [4.0]
    assert list(parts["target"].get_xdata()) == [5.0, 5.0]
    assert "lowest at 4 days" in app.ax.get_title(loc="left")
    assert bytes(app.image.png[:4]) == b"\x89PNG"


def test_target_lists_crashed_activities_and_cost(app):
    """Does a 5-day target crash A, B and C one day each, for 550 more?"""
    app.controls["target"].value = 5
    assert app.crashed.to_dict() == {"A": 1.0, "B": 1.0, "C": 1.0}
    assert app.target_step["direct_cost"] - app.result.iloc[0]["direct_cost"] == 550
    assert "crash A by 1 day, B by 1 day, C by 1 day" in app.summary.value
    assert "$550" in app.summary.value
    app.controls["target"].value = 7
    assert app.crashed.empty
    assert "nothing crashed" in app.summary.value


def test_bad_crash_data_is_refused_at_construction():
    """Is a crash cost below the normal cost refused, naming the task?"""
    bad = [dict(t) for t in PLAN]
    bad[2]["crash_cost"] = 100
    with pytest.raises(ValueError, match="task 'C'"):
        TimeCostTradeoff(bad)
