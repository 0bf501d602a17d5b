"""The lesson 10 dashboard: controls become decisions, a week redraws all."""

from __future__ import annotations

from pmcourse import capstone
from pmcourse.plots.capstone import debrief_chart, progress_chart
from pmcourse.widgets.capstone import LATER, CapstoneDashboard


def test_controls_become_the_weeks_decisions():
    """Do the levers and the open-decision dropdowns turn into exactly the
    decisions the project logs?"""
    app = CapstoneDashboard("substation_upgrade", seed=3)
    risk = next(i for i in app.result["open_decisions"] if i["kind"] == "risk")
    app.controls["overtime"].value = 1
    app.controls["communicate"].value = ("status_meeting", "one_to_ones")
    app.controls[f"decision:{risk['id']}"].value = "accept"
    report = app.advance()
    assert report["week"] == 1 and app.result is report
    assert app.project.log["decisions"][0] == {
        "overtime": 1,
        "communicate": ["status_meeting", "one_to_ones"],
        "risk_responses": {risk["id"]: "accept"},
    }
    # one-week levers reset, lasting ones stay; the answered risk is gone
    assert app.controls["communicate"].value == ()
    assert app.controls["overtime"].value == 1
    assert f"decision:{risk['id']}" not in app.controls
    assert app.decisions() == {}


def test_an_impossible_decision_is_explained_and_not_played():
    """Is a decision the project refuses shown as a message, with no week
    played?"""
    app = CapstoneDashboard("substation_upgrade", seed=3)
    app.controls["hire"].value = 3
    app.controls["release"].value = 3
    app.project.w.team = app.project.w.team[:2]  # a tiny team cannot lose 3
    app.advance()
    assert app.project.week == 0
    assert "can't be played" in app.message.value


def test_a_week_redraws_the_charts_and_the_caption():
    """Does each week send a new chart image and a caption that states what it
    shows with this week's figures?"""
    app = CapstoneDashboard("mobile_banking_app", seed=4)
    before = app.image.png
    report = app.advance()
    assert app.image.png != before and app.image.png[:4] == b"\x89PNG"
    assert f"CPI {report['cpi']:.2f}" in app.caption.value
    assert app.charts.error is None
    assert app.last_update_ms > 0


def test_playing_to_the_end_disables_the_button():
    """Does the dashboard stop at the project's end and say so?"""
    app = CapstoneDashboard("clinic_records_rollout", seed=5)
    app.play(40)
    assert app.project.done and app.button.disabled
    app.advance()
    assert "over" in app.message.value


def test_backlog_scenarios_offer_sprint_levers():
    """Do the adaptive and hybrid dashboards offer a WIP limit and a sprint
    commitment, and the predictive one not?"""
    assert "wip_limit" in CapstoneDashboard("mobile_banking_app", 1).controls
    assert "wip_limit" not in CapstoneDashboard("substation_upgrade", 1).controls
    app = CapstoneDashboard("clinic_records_rollout", 1)
    app.controls["wip_limit"].value = 2
    app.advance()
    assert app.project.log["decisions"][0] == {"wip_limit": 2}
    assert all(
        c.value == LATER for k, c in app.controls.items() if k.startswith("decision:")
    )


def test_charts_show_the_plan_and_the_debrief():
    """Does the Gantt draw one plan bar per activity, and the debrief chart the
    six scores and the reference strategies?"""
    report = capstone.Project("substation_upgrade", 1).start_report
    ax = progress_chart(report)
    assert len([p for p in ax.patches if p.get_gid() == "plan"]) == 10
    d = capstone.debrief(capstone.run_project("substation_upgrade", "sound", 1))
    fig = debrief_chart(d, pyplot=False)
    left, right = fig.axes
    assert len(left.patches) == 6
    assert len(right.patches) == 1 + len(capstone.STRATEGIES)


def test_a_week_draws_what_a_full_redraw_draws():
    """Does pasting the cached background and drawing only the moving parts
    give the very picture a freshly drawn background gives, also in the week
    a re-plan moves the plan bars and the PV curve (kept in the background)?"""
    app = CapstoneDashboard("substation_upgrade", seed=2)
    settled = []
    for week in range(1, 7):
        if week == 4:
            app.controls["communicate"].value = ("rebaseline",)
        app.advance()
        settled.append(app.charts._settled)
        fast = app.image.png
        app.charts.redraw_all()
        assert app.charts.render_png() == fast, f"week {week}"
    assert any("Re-baseline approved" in e for e in app.project.reports[3]["events"])
    assert settled[2] != settled[3] and settled[0] == settled[2]


def test_open_decisions_keep_their_controls_from_week_to_week():
    """Is a decision still open next week shown by the same control, set back
    to "decide later", while an answered one goes away?"""
    app = CapstoneDashboard("mobile_banking_app", seed=2)
    risks = [i["id"] for i in app.result["open_decisions"] if i["kind"] == "risk"]
    kept, answered = f"decision:{risks[0]}", f"decision:{risks[1]}"
    control = app.controls[kept]
    app.controls[answered].value = "accept"
    app.advance()
    assert app.controls[kept] is control and control.value == LATER
    assert answered not in app.controls
    assert control in [row.children[0] for row in app.decision_box.children]
