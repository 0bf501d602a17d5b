"""Tests of the resource histogram (pmcourse.plots.resources)."""

import matplotlib as mpl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from pmcourse.datasets.synthetic import rcpsp_instance
from pmcourse.plots import COLORS
from pmcourse.plots.resources import profile_bars, resource_profile
from pmcourse.resources import resource_schedule, resource_usage
from pmcourse.schedule import cpm

# Four workers. The CPM plan runs A (3 workers) and B (2) together on days
# 0-1: 5 workers, 1 over. Day 2: B + C = 4; day 3: C = 2; day 4: D = 3.
PLAN = pd.DataFrame(
    {
        "id": ["A", "B", "C", "D"],
        "duration": [2, 3, 2, 1],
        "predecessors": ["", "", "A", "B, C"],
        "workers": [3, 2, 2, 3],
        "cranes": [1, 0, 1, 1],
    }
)


def _line(ax, gid):
    return next(line for line in ax.lines if line.get_gid() == gid)


def test_bars_split_at_the_capacity_as_worked_by_hand():
    """Are the bars the hand-worked use, cut at the capacity of 4?"""
    ax = resource_profile(cpm(PLAN), PLAN, {"workers": 4})[0]
    bars = profile_bars(ax)
    assert bars["period"].tolist() == [0, 1, 2, 3, 4]
    assert bars["within"].tolist() == [4, 4, 4, 2, 3]
    assert bars["over"].tolist() == [1, 1, 0, 0, 0]
    assert _line(ax, "capacity:workers").get_ydata()[0] == 4
    assert _line(ax, "finish").get_xdata()[0] == 5
    assert ax.get_title(loc="left") == (
        "Over capacity on 2 days (workers peak 5 of 4); finish day 5"
    )


def test_overload_is_marked_by_colour_and_hatch():
    """Is the part above capacity vermillion and hatched, the rest plain blue?"""
    ax = resource_profile(cpm(PLAN), PLAN, {"workers": 4})[0]
    for patch in ax.patches:
        gid = patch.get_gid()
        if gid == "overload:workers":
            assert to_hex(patch.get_facecolor()) == COLORS["critical"].lower()
            assert patch.get_hatch()
        elif gid == "usage:workers":
            assert to_hex(patch.get_facecolor()) == COLORS["normal"].lower()
            assert not patch.get_hatch()
    assert _line(ax, "capacity:workers").get_linestyle() == "--"


def test_levelled_schedule_shows_no_overload():
    """After levelling, is nothing over capacity, and does the title say so?"""
    levelled = resource_schedule(PLAN, {"workers": 4})  # A 0-2, B 2-5, C 2-4, D 5-6
    ax = resource_profile(levelled, PLAN, {"workers": 4})[0]
    bars = profile_bars(ax)
    assert bars["within"].tolist() == [3, 3, 4, 4, 2, 3]
    assert bars["over"].sum() == 0
    assert ax.get_title(loc="left") == (
        "Every resource stays within its capacity; finish day 6"
    )


def test_one_panel_per_resource_with_units():
    """Are there one panel per resource, sharing time, labelled with the unit?"""
    caps = {"workers": 4, "cranes": 1}
    axes = resource_profile(cpm(PLAN), PLAN, caps, unit="people")
    assert len(axes) == 2 and axes[0].figure is axes[1].figure
    assert [a.get_ylabel() for a in axes] == ["workers (people)", "cranes (people)"]
    assert axes[1].get_xlabel().startswith("Time (working days")
    assert axes[0].get_shared_x_axes().joined(axes[0], axes[1])
    # cranes: one at a time, A 0-2, C 2-4, D 4-5: never over the one crane
    assert profile_bars(axes[1])["over"].sum() == 0
    assert "workers peak 5 of 4" in axes[0].get_title(loc="left")
    assert "cranes" not in axes[0].get_title(loc="left")


def test_draws_on_given_axes_and_checks_their_number():
    """Does it draw on the axes given, and refuse a wrong number of them?"""
    fig = Figure()
    ax = fig.add_subplot()
    assert resource_profile(cpm(PLAN), PLAN, {"workers": 4}, ax)[0] is ax
    with pytest.raises(ValueError, match="one matplotlib Axes per resource"):
        resource_profile(cpm(PLAN), PLAN, {"workers": 4, "cranes": 1}, ax)
    with pytest.raises(ValueError, match="capacities must be a dict"):
        resource_profile(cpm(PLAN), PLAN, {})
    with pytest.raises(ValueError, match="no column 'people'"):
        resource_profile(cpm(PLAN), PLAN, {"people": 4})


def test_drawing_leaves_global_settings_alone():
    """Does drawing the histogram leave matplotlib's rcParams unchanged?"""
    before = {k: v for k, v in mpl.rcParams.items() if k != "backend"}
    resource_profile(cpm(PLAN), PLAN, {"workers": 4})
    assert {k: v for k, v in mpl.rcParams.items() if k != "backend"} == before


@settings(max_examples=8, deadline=None)
@given(st.integers(4, 12), st.integers(0, 10**6))
def test_bars_add_up_to_the_resource_usage(n_tasks, seed):
    """On generated plans, do the two parts of each bar add up to the usage?"""
    tasks, caps = rcpsp_instance(n_tasks, 2, rng=seed)
    plan = cpm(tasks)
    usage = resource_usage(tasks, plan, caps)
    axes = resource_profile(plan, tasks, caps, Figure().subplots(2, 1))
    for ax, name in zip(axes, caps, strict=True):
        bars = profile_bars(ax)
        assert (bars["within"] + bars["over"]).tolist() == usage[name].tolist()
        assert (bars["within"] <= caps[name]).all()
        assert ((bars["over"] > 0) == (usage[name] > caps[name]).to_numpy()).all()
