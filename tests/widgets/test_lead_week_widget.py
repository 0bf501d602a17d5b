"""Tests of lesson 00's lead's-week simulation (model, chart and widget)."""

import pytest

from pmcourse.stakeholders.lead_week import LEADING, lead_week
from pmcourse.widgets import LeadWeek


def _bar_heights(ax, kind):
    return {
        int(p.get_gid().split(":")[1]): p.get_height()
        for p in ax.patches
        if str(p.get_gid()).startswith(f"{kind}:")
    }


def test_model_adds_up_and_delegation_moves_hours():
    """Do the kinds of work add up to the week, and delegation cut interrupts?"""
    week = lead_week(range(1, 16))
    total = week[["hands_on_hours", *LEADING]].sum(axis=1)
    assert total.iloc[:11].tolist() == pytest.approx([40.0] * 11)
    assert (week["focus_hours"] <= week["hands_on_hours"]).all()
    assert week["hands_on_hours"].is_monotonic_decreasing
    half = lead_week(8, delegation=0.5).iloc[0]
    assert half["interrupts"] == pytest.approx(2.62, abs=0.01)
    assert half["coaching"] == 3.0
    with pytest.raises(ValueError, match="delegation"):
        lead_week(8, delegation=0.9)
    with pytest.raises(ValueError, match="team_size"):
        lead_week(0)


def test_self_check_1_focus_time_for_eight_people():
    """Self-check 1: 8 people, defaults: about 11 hours of focus time."""
    app = LeadWeek()
    app.controls["team_size"].value = 8
    assert app.current["focus_hours"] == pytest.approx(11.39)
    assert "21.4 hands-on, 11.4 of them in focus blocks" in app.summary.value
    # the chart outlines size 8 and draws its hands-on bar at 21.35 hours
    assert _bar_heights(app.ax, "hands_on_hours")[8] == pytest.approx(21.35)
    focus = dict(zip(*app.ax.lines[0].get_data(), strict=True))
    assert focus[8] == pytest.approx(11.39)
    assert app.ax.get_title(loc="left").startswith("With 8 people, 21.4 of 40")


def test_self_check_2_leading_passes_half_the_week_at_nine():
    """Self-check 2: from 9 people leading takes more than half the week."""
    app = LeadWeek()
    over = app.result[app.result["leading_share"] > 0.5]["team_size"]
    assert int(over.min()) == 9


def test_self_check_3_delegating_half_raises_focus_time():
    """Self-check 3: delegating half at 8 people: focus from 11.4 to 17.3 hours."""
    app = LeadWeek()
    app.set_values(team_size=8, delegation=0.5)
    assert app.current["focus_hours"] == pytest.approx(17.34)
    assert "changed focus time by +5.95 hours (from 11.4)" in app.summary.value
    assert _bar_heights(app.ax, "coaching")[8] == pytest.approx(3.0)


def test_every_control_over_its_range_updates_the_chart_and_alt_text():
    """Does every control, moved over its range, redraw without an error and
    keep a text alternative on the chart image?"""
    app = LeadWeek()
    for name, control in app.controls.items():
        for value in (control.min, control.max, control.value):
            control.value = value
            assert app.error is None, (name, value, app.error)
    assert app.chart_alt.startswith("Stacked bars of a lead's week")
    assert app.image.png[:4] == b"\x89PNG"
