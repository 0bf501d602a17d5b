"""Tests of the lesson 07 simulations (pmcourse.widgets.stakeholders)."""

import pandas as pd
import pytest

from pmcourse import datasets
from pmcourse.stakeholders import QUADRANT_STRATEGIES
from pmcourse.widgets.stakeholders import ChannelsGrowth, PowerInterestGrid

# --- channels -----------------------------------------------------------------


def test_channels_worked_by_hand():
    """Do 5 people have 10 channels, and 2 more people add 11 (to 21)?"""
    app = ChannelsGrowth()
    assert app.result == {
        "before": 5,
        "after": 7,
        "channels_before": 10,
        "channels_after": 21,
        "added": 11,
    }
    assert "21 channels: 11 added" in app.summary.value


def test_network_draws_one_segment_per_channel():
    """Does the network show every old channel grey and every new one dashed?"""
    app = ChannelsGrowth()
    app.set_values(team_size=6, new_members=3)
    segments = {c.get_gid(): len(c.get_segments()) for c in app.axes[0].collections}
    # 6 people: 15 channels; 9 people: 36, so the 3 newcomers bring 21
    assert segments == {"channels:old": 15, "channels:new": 21}
    people = {line.get_gid(): len(line.get_xdata()) for line in app.axes[0].lines}
    assert people == {"people:you": 1, "people:team": 5, "people:new": 3}


def test_curve_marks_the_team_before_and_after():
    """Are the team now and after it grows marked on the n(n-1)/2 curve?"""
    app = ChannelsGrowth()
    app.set_values(team_size=10, new_members=0)
    lines = {line.get_gid(): line for line in app.axes[1].lines}
    assert list(lines["now"].get_ydata()) == [45]
    assert list(lines["after"].get_xdata()) == [10]
    assert "added" not in app.summary.value


# --- power-interest grid ------------------------------------------------------

ROWS = pd.DataFrame(
    {
        "stakeholder": ["sponsor", "auditor", "users", "facilities"],
        "power": [9, 8, 3, 2],
        "interest": [8, 2, 9, 2],
    }
)


def _point(app, name):
    line = next(
        line for line in app.ax.lines if line.get_gid() == f"stakeholder:{name}"
    )
    return line.get_xdata()[0], line.get_ydata()[0]


def test_grid_starts_with_the_register():
    """Does each stakeholder start in its quadrant, with its strategy?"""
    app = PowerInterestGrid(ROWS)
    assert app.result["quadrant"].tolist() == [
        "manage closely", "keep satisfied", "keep informed", "monitor",
    ]  # fmt: skip
    assert app.result.loc[1, "strategy"] == QUADRANT_STRATEGIES["keep satisfied"]
    assert _point(app, "users") == (9, 3)  # x is interest, y is power


def test_picking_a_stakeholder_loads_their_ratings():
    """Does choosing a stakeholder set the sliders to that stakeholder's ratings,
    without changing anyone's ratings?"""
    app = PowerInterestGrid(ROWS)
    app.controls["stakeholder"].value = "auditor"
    assert (app.controls["power"].value, app.controls["interest"].value) == (8, 2)
    assert app.result["power"].tolist() == [9, 8, 3, 2]
    assert "<b>auditor</b>" in app.summary.value


def test_moving_the_sliders_moves_the_point_and_the_quadrant():
    """Does raising the auditor's interest move them to 'manage closely'?"""
    app = PowerInterestGrid(ROWS)
    app.controls["stakeholder"].value = "auditor"
    app.controls["interest"].value = 7
    assert app.quadrant == "manage closely"
    assert _point(app, "auditor") == (7, 8)
    assert app.ax.get_title(loc="left") == "2 of 4 stakeholders to manage closely"
    assert "manage closely 2" in app.summary.value
    # the change is kept when another stakeholder is picked
    app.controls["stakeholder"].value = "users"
    assert app.result.loc[1, "interest"] == 7


def test_register_dataset_is_accepted():
    """Does the course's stakeholder register load into the grid?"""
    register = datasets.load("stakeholder_register")
    app = PowerInterestGrid(register, selected="Tom Baptiste")
    assert app.quadrant == "manage closely"
    assert len(app.result) == len(register)


def test_bad_register_is_rejected():
    """Is a rating off the 1-10 scale or an unknown selection rejected by name?"""
    bad = ROWS.assign(power=[9, 8, 3, 12])
    with pytest.raises(ValueError, match="facilities"):
        PowerInterestGrid(bad)
    with pytest.raises(ValueError, match="selected 'ceo'"):
        PowerInterestGrid(ROWS, selected="ceo")
