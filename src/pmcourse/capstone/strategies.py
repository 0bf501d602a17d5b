"""Reference strategies: ways to lead, each a function of the weekly report.

A strategy is ``strategy(report) -> decisions``. The report is all it sees,
like a lead who reads the status report each Monday.

- ``passive``: never decides anything.
- ``sound``: what the course teaches. Responds to a risk when the response
  costs less than the exposure it removes (EMV, :func:`pmcourse.risk.emv`);
  accepts a change request only when it brings value and the schedule has
  room, otherwise rejects it; meets stakeholders every other week and holds
  one-to-ones when morale sags; asks for overtime only briefly, when behind
  and rested; escalates blockers; in sprints commits to the recent velocity
  (:func:`pmcourse.agile.velocity_stats`), limits WIP and cuts ``could``
  stories when the forecast runs past the deadline.
- ``firefighter``: reacts hard to bad news: overtime and crashing whenever
  behind, hires when late, says yes to every change, never plans for risk.
- ``steady``: like ``sound`` but never pushes: no overtime, no cuts, the
  cheapest response to every risk, meetings and one-to-ones every week.
- ``by_the_book``: responds to every risk with its strongest response,
  rejects every change, meets every week, never uses overtime.

Used in: lesson 10, leading a project.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pmcourse import agile, risk

__all__ = ["STRATEGIES", "by_the_book", "firefighter", "passive", "sound", "steady"]

Report = dict[str, Any]
Decisions = dict[str, Any]


def passive(report: Report) -> Decisions:
    """Decide nothing, ever.

    Parameters
    ----------
    report : dict
        The latest status report (ignored).

    Returns
    -------
    dict
        Always empty.

    Examples
    --------
    >>> passive({"week": 3})
    {}
    """
    return {}


def _exposure(item: dict[str, Any]) -> float:
    """Return the expected cost of a risk, money and work: ``-EMV``."""
    impact = item["cost"] + item["cost_of_work"]
    return -risk.emv([(item["probability"], -impact)])


def _best_response(item: dict[str, Any]) -> str | None:
    exposure = _exposure(item)
    best, saving = None, 0.0
    for name, spec in item["responses"].items():
        if name == "escalate":
            if spec.get("outside"):
                return "escalate"
            continue
        p, i = float(spec.get("probability", 1.0)), float(spec.get("impact", 1.0))
        if spec.get("applies") == "cost":
            left = -risk.emv([(item["probability"] * p, -item["cost_of_work"])])
        else:
            left = exposure * p * i
        gain = exposure - left - float(spec.get("cost", 0.0))
        if gain > saving:
            best, saving = name, gain
    return best


def _cheapest_response(item: dict[str, Any]) -> str | None:
    costs = {
        k: float(v.get("cost", 0.0))
        for k, v in item["responses"].items()
        if k != "escalate" or v.get("outside")
    }
    return min(costs, key=lambda k: (costs[k], k)) if costs else None


def _blocked(report: Report) -> bool:
    return any("blocked" in e for e in report["events"])


def _talk_as_needed(report: Report) -> list[str]:
    """Stakeholders every other week, the team when morale sags."""
    week = report["week"]
    talk = ["status_meeting"] if week % 2 == 0 else []
    if report["morale"] < 65 and week % 2 == 1:
        talk.append("one_to_ones")
    return talk


def _talk_weekly(report: Report) -> list[str]:
    """Stakeholders and the team, every week."""
    return ["status_meeting", "one_to_ones"]


def _lead(
    report: Report,
    *,
    talk: Callable[[Report], list[str]],
    respond: Callable[[dict[str, Any]], str | None],
    push: bool,
) -> Decisions:
    """Lead with change control, sprint commitments and WIP limits.

    ``talk`` chooses the week's meetings (an escalation is added when work
    is blocked), ``respond`` the response to each open risk (or None), and
    ``push`` whether the lead uses overtime and cuts scope when late.
    """
    week = report["week"]
    dec: Decisions = {}
    late = report["forecast_finish"] - report["deadline"]
    spi = report["spi"] if week else 1.0
    talk_now = talk(report)
    if _blocked(report):
        talk_now.append("escalation")
    responses, changes = {}, {}
    for item in report["open_decisions"]:
        if item["kind"] == "risk":
            choice = respond(item)
            if choice:
                responses[item["id"]] = choice
        elif item["kind"] == "change_request":
            worth = item["value"] >= 2 and (item["value"] >= 4 or late <= 0)
            changes[item["id"]] = "accept" if worth else "reject"
        elif item["kind"] == "sprint_commitment" and sum(report["velocity"][-3:]) > 0:
            stats = agile.velocity_stats(report["velocity"][-3:])
            dec["sprint_commitment"] = int(stats.mean)
    if week and report["kind"] != "predictive" and report["wip_limit"] is None:
        dec["wip_limit"] = max(2, report["team_size"] // 2)
    behind = late > 1.0 and spi < 0.95 and report["fatigue"] < 20 and week >= 4
    if push and behind:
        if report["overtime"] != 1:
            dec["overtime"] = 1
    elif report["overtime"]:
        dec["overtime"] = 0
    if push and late > 1.5:
        dec.update(_cuts(report))
    if talk_now:
        dec["communicate"] = talk_now
    if responses:
        dec["risk_responses"] = responses
    if changes:
        dec["change_requests"] = changes
    return dec


def _cuts(report: Report) -> Decisions:
    """Cut up to two unstarted 'could' stories, or one unstarted option."""
    if report["kind"] != "predictive":
        cuts = [a["id"] for a in report.get("could_stories", []) if a["percent"] == 0]
        return {"cut": cuts[:2]} if cuts else {}
    optional = [
        a["id"]
        for a in report["activities"]
        if a.get("optional") and a["percent"] == 0 and not a["cut"]
    ]
    return {"cut": optional[:1]} if optional else {}


def sound(report: Report) -> Decisions:
    """Lead the way the course teaches (see the module docstring).

    Parameters
    ----------
    report : dict
        The latest status report.

    Returns
    -------
    dict
        This week's decisions.

    Examples
    --------
    >>> from pmcourse.capstone import Project
    >>> p = Project("substation_upgrade", 1)
    >>> sorted(sound(p.last_report))
    ['communicate', 'risk_responses']
    """
    return _lead(report, talk=_talk_as_needed, respond=_best_response, push=True)


def firefighter(report: Report) -> Decisions:
    """React hard to bad news and say yes to everyone (see the module docstring).

    Parameters
    ----------
    report : dict
        The latest status report.

    Returns
    -------
    dict

    Examples
    --------
    >>> from pmcourse.capstone import Project
    >>> firefighter(Project("substation_upgrade", 1).last_report)
    {}
    """
    week = report["week"]
    dec: Decisions = {}
    changes = {
        i["id"]: "accept"
        for i in report["open_decisions"]
        if i["kind"] == "change_request"
    }
    if changes:
        dec["change_requests"] = changes
    if not week:
        return dec
    behind = report["spi"] < 0.95 or report["forecast_finish"] > report["deadline"]
    dec["overtime"] = 2 if behind else 0
    if behind and report["team_size"] < report["max_team"] and week < 10:
        dec["hire"] = 1
    if behind:
        crash = [
            a["id"]
            for a in report["activities"]
            if a.get("workable") and a.get("kind") == "activity"
        ][:1]
        if crash:
            dec["crash"] = crash
    if _blocked(report):
        dec["communicate"] = ["escalation"]
    return dec


def by_the_book(report: Report) -> Decisions:
    """Follow every procedure to the letter (see the module docstring).

    Parameters
    ----------
    report : dict
        The latest status report.

    Returns
    -------
    dict

    Examples
    --------
    >>> from pmcourse.capstone import Project
    >>> sorted(by_the_book(Project("substation_upgrade", 1).last_report))
    ['communicate', 'risk_responses']
    """
    dec: Decisions = {"communicate": ["status_meeting", "one_to_ones"]}
    order = ("avoid", "transfer", "mitigate", "escalate")
    responses, changes = {}, {}
    for item in report["open_decisions"]:
        if item["kind"] == "risk":
            options = [o for o in order if o in item["responses"]]
            if options:
                responses[item["id"]] = options[0]
        elif item["kind"] == "change_request":
            changes[item["id"]] = "reject"
    if responses:
        dec["risk_responses"] = responses
    if changes:
        dec["change_requests"] = changes
    return dec


def steady(report: Report) -> Decisions:
    """Lead like ``sound`` but never push: no overtime, no cuts, talk weekly.

    Every open risk gets its cheapest listed response, the team gets
    one-to-ones and the stakeholders a status meeting every week.

    Parameters
    ----------
    report : dict
        The latest status report.

    Returns
    -------
    dict

    Examples
    --------
    >>> from pmcourse.capstone import Project
    >>> steady(Project("substation_upgrade", 1).last_report)["communicate"]
    ['status_meeting', 'one_to_ones']
    """
    return _lead(report, talk=_talk_weekly, respond=_cheapest_response, push=False)


#: The reference strategies by name.
STRATEGIES: dict[str, Callable[[Report], Decisions]] = {
    "passive": passive,
    "sound": sound,
    "firefighter": firefighter,
    "by_the_book": by_the_book,
    "steady": steady,
}
