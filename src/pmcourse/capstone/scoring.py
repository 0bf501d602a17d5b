"""The end-of-project debrief: scores, turning points, reference strategies.

Six scores from 0 to 100, each read from the finished project:

- **scope**: value delivered over the value planned (accepted changes and
  added extras count, cut work does not), capped at 100;
- **schedule**: 100 on or before the authorised deadline (the original one,
  moved by the time approved changes were granted: their work over the
  team's planned capacity), minus 30 points per tenth of it late;
- **cost**: 100 up to the authorised budget (the baseline's BAC plus
  approved changes and added scope; cuts do not lower it) plus half the
  contingency reserve, minus 25 points per 10 % of that budget beyond;
- **quality**: ``100 * exp(-defects left open / 10)``;
- **team**: the mean of the average and the final morale, minus 10 per
  person lost;
- **stakeholders**: the final influence-weighted satisfaction.

``overall`` weighs them 20, 20, 20, 15, 10, 15 %.

Used in: lesson 10, leading a project; exercise ps10.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from pmcourse.capstone.engine import Project

__all__ = ["WEIGHTS", "scores", "turning_points"]

#: Weight of each score in the overall score.
WEIGHTS: dict[str, float] = {
    "scope": 0.20,
    "schedule": 0.20,
    "cost": 0.20,
    "quality": 0.15,
    "team": 0.10,
    "stakeholders": 0.15,
}


def _clip(x: float, low: float = 0.0, high: float = 100.0) -> float:
    return max(low, min(high, x))


def scores(project: Project) -> dict[str, float]:
    """Return the six scores and the overall score of a project.

    Parameters
    ----------
    project : Project
        Usually finished; an unfinished one is scored as it stands, with
        its forecast finish.

    Returns
    -------
    dict of str to float
        ``scope, schedule, cost, quality, team, stakeholders, overall``,
        each in 0 to 100, rounded to 0.1.

    Examples
    --------
    >>> from pmcourse.capstone import Project
    >>> p = Project("substation_upgrade", 0)
    >>> while not p.done:
    ...     _ = p.step()
    >>> s = scores(p)
    >>> sorted(s) == sorted([*WEIGHTS, "overall"]), 0 <= s["overall"] <= 100
    (True, True)

    Used in: lesson 10, leading a project.
    """
    w = project.w
    report = project.last_report
    deadline = w.authorised_deadline
    finish = report["forecast_finish"]
    late = max(0.0, finish - deadline) / deadline
    budget = w.authorised + 0.5 * w.contingency
    over = max(0.0, w.ac() - budget) / w.authorised
    history = w.morale_history or [w.morale]
    out = {
        "scope": _clip(100.0 * w.scope_done()),
        "schedule": _clip(100.0 - 300.0 * late),
        "cost": _clip(100.0 - 250.0 * over),
        "quality": _clip(w.quality_index()),
        "team": _clip(0.5 * (sum(history) / len(history) + w.morale) - 10.0 * w.lost),
        "stakeholders": _clip(w.overall_satisfaction()),
    }
    out["overall"] = sum(WEIGHTS[k] * out[k] for k in WEIGHTS)
    return {k: round(v, 1) for k, v in out.items()}


def replay_lenient(
    scenario: str, seed: int, decisions: list[dict[str, Any]]
) -> Project:
    """Play decisions, dropping a week's decisions that became impossible.

    Examples
    --------
    >>> replay_lenient("mobile_banking_app", 1, []).done  # played to the end
    True
    """
    p = Project(scenario, seed)
    for dec in decisions:
        if p.done:
            break
        try:
            p.w.validate(_norm(dec), p.week + 1)
        except ValueError:
            dec = {}
        p.step(dec)
    while not p.done:
        p.step()
    return p


def _norm(dec: Mapping[str, Any]) -> dict[str, Any]:
    from pmcourse.capstone.decisions import normalise

    return normalise(dict(dec))


def turning_points(project: Project, top: int = 3) -> list[dict[str, Any]]:
    """Find the weeks whose decisions moved the outcome most.

    Each week with decisions is replayed with that week's decisions undone
    (later decisions that became impossible are dropped); the change in the
    overall score is what that week's decisions were worth.

    Parameters
    ----------
    project : Project
        A finished project.
    top : int
        How many weeks to return.

    Returns
    -------
    list of dict
        ``week``, ``decisions``, ``overall_without`` and ``worth`` (the
        overall score minus the score without them), largest ``|worth|``
        first.

    Examples
    --------
    >>> from pmcourse.capstone import run_project
    >>> p = run_project("substation_upgrade", "sound", 4)
    >>> tp = turning_points(p, top=1)
    >>> len(tp), set(tp[0]) == {"week", "decisions", "overall_without", "worth"}
    (1, True)

    Used in: lesson 10, leading a project.
    """
    base = scores(project)["overall"]
    decisions = project.log["decisions"]
    out = []
    for k, dec in enumerate(decisions):
        if not dec:
            continue
        trial = copy.deepcopy(decisions)
        trial[k] = {}
        other = scores(replay_lenient(project.scenario.name, project.seed, trial))
        out.append(
            {
                "week": k + 1,
                "decisions": dec,
                "overall_without": other["overall"],
                "worth": round(base - other["overall"], 1),
            }
        )
    out.sort(key=lambda t: (-abs(t["worth"]), t["week"]))
    return out[:top]


Strategy = Callable[[dict[str, Any]], dict[str, Any] | None]
