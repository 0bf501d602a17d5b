"""Tests of lesson 07's stakeholder-engagement simulation (model, chart, widget)."""

import pytest

from pmcourse import datasets
from pmcourse.stakeholders.engagement_weeks import simulate_engagement
from pmcourse.widgets import StakeholderEngagement


@pytest.fixture
def register():
    return datasets.load("stakeholder_register")


@pytest.fixture
def app(register):
    return StakeholderEngagement(register)


def _line(ax, name):
    return next(l for l in ax.lines if l.get_gid() == f"engagement:{name}")  # noqa: E741


def test_model_rules(register):
    """Does contact move people towards the desired level, never past it, and
    does a neglected key stakeholder drift towards resistance?"""
    run = simulate_engagement(register)
    levels = run.levels
    assert levels.loc[1, "Rosa Lindqvist"] == 2.25  # weekly contact, +0.25
    assert levels["Rosa Lindqvist"].max() == 3.0  # desired: leading
    assert levels["Households"].eq(0).all()  # already where they should be
    quiet = simulate_engagement(register, {"keep satisfied": 0})
    cfo = quiet.levels["Graham Achebe"]
    assert cfo.iloc[-1] < cfo.iloc[0] and cfo.min() >= -1
    with pytest.raises(ValueError, match="quadrant"):
        simulate_engagement(register, {"keep close": 1})
    with pytest.raises(ValueError, match="unknown stakeholder"):
        simulate_engagement(register, neglect="Nobody")


def test_self_check_1_neglecting_the_union_rep(app):
    """Self-check 1: never contacting Tom Baptiste: about 22 days of delay."""
    assert app.result.slip_days == 7.8
    app.controls["neglect"].value = "Tom Baptiste"
    assert app.result.slip_days == pytest.approx(22.2)
    assert "decisions delayed 22.2 days" in app.summary.value
    assert "Tom Baptiste" in app.summary.value.split("below neutral:")[1]
    # his line stays at resistant (-1) on the chart
    assert _line(app.ax, "Tom Baptiste").get_ydata().max() == -1


def test_self_check_2_the_cfo_turns_in_week_2(app):
    """Self-check 2: 'keep satisfied' never contacted: the CFO drops in week 2."""
    app.controls["keep satisfied"].value = 0
    assert app.result.first_resistant_week("Graham Achebe") == 2
    assert app.result.slip_days == pytest.approx(29.64)
    cfo = _line(app.ax, "Graham Achebe").get_ydata()
    assert cfo[2] < 1 <= cfo[0]


def test_self_check_3_fortnightly_meetings_trade_hours_for_delay(app):
    """Self-check 3: 'manage closely' every 2 weeks: 18 hours saved, 6 days more."""
    before = (app.result.lead_hours, app.result.slip_days)
    app.controls["manage closely"].value = 2
    after = (app.result.lead_hours, app.result.slip_days)
    assert before == (52.5, 7.8) and after == (34.5, 13.8)
    assert app.ax.get_title(loc="left") == (
        "Week 12: 13.8 days of decision delay, 34.5 hours of contact"
    )


def test_every_control_over_its_range(app, register):
    """Does every option of every control run, with alt text on the chart?"""
    for name, control in app.controls.items():
        start = control.value
        for _, value in control.options:
            control.value = value
            assert app.error is None, (name, value, app.error)
        control.value = start
    assert app.chart_alt.startswith("Lines of the engagement of 12")
