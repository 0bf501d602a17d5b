"""Tests of the time split simulation (pmcourse.widgets.leadership)."""

import pytest

from pmcourse.leadership import time_split
from pmcourse.widgets import TimeSplit


def _heights(app, kind):
    return {
        int(p.get_gid().split(":")[1]): p.get_height()
        for p in app.ax.patches
        if (p.get_gid() or "").startswith(f"{kind}:")
    }


def test_bars_show_the_model():
    """Do the stacked bars show the model's hands-on and coordination hours?"""
    app = TimeSplit()
    table = time_split(range(1, 21))
    assert _heights(app, "hands_on") == dict(
        zip(table["team_size"], table["hands_on_hours"], strict=True)
    )
    assert _heights(app, "coordination") == dict(
        zip(table["team_size"], table["coordination_hours"], strict=True)
    )


def test_team_size_slider_moves_the_highlight_and_text():
    """Does the team size slider move the outline and update the text?"""
    app = TimeSplit()
    app.controls["team_size"].value = 10
    chosen = next(p for p in app.ax.patches if p.get_gid() == "chosen")
    assert chosen.get_x() + chosen.get_width() / 2 == 10
    # 10 people: 45 channels, 2 + 0.5 * 45 = 24.5 h coordinating of 40
    assert app.current["channels"] == 45
    assert "24.5 h coordinating" in app.summary.value
    assert "61%" in app.ax.get_title(loc="left")


def test_cost_per_channel_changes_every_bar():
    """Does the hours-per-channel slider change the coordination bars?"""
    app = TimeSplit()
    app.controls["hours_per_channel"].value = 1.0
    # 6 people: 15 channels -> 2 + 15 = 17 h
    assert _heights(app, "coordination")[6] == 17
    assert "from 7 people" in app.summary.value  # 2 + 21 = 23 h > 20 h


def test_bad_start_size_is_rejected():
    """Is a starting team size outside the slider's range rejected?"""
    with pytest.raises(ValueError, match="team_size"):
        TimeSplit(team_size=0)
