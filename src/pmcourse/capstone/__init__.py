"""Capstone: lead a whole project, week by week, in a seeded simulation.

Scope, schedule, cost, risk, the team and the stakeholders push on each
other; risks fire as events with their probabilities, change requests
arrive, and each week the lead decides with what the status report shows.
The same scenario, seed and decisions always give the same run, so a run is
stored as its log and replayed.

Examples
--------
>>> from pmcourse import capstone
>>> capstone.scenarios()
['clinic_records_rollout', 'mobile_banking_app', 'substation_upgrade']
>>> p = capstone.Project("substation_upgrade", seed=7)
>>> report = p.step({"communicate": ["status_meeting"]})
>>> report["week"], round(report["cpi"], 6) == round(report["ev"] / report["ac"], 6)
(1, True)
>>> while not p.done:
...     _ = p.step()
>>> again = capstone.replay(p.log)
>>> again.reports == p.reports
True
>>> 0 <= capstone.debrief(p, detail=False)["overall"] <= 100
True

Used in: lesson 10, leading a project; exercise ps10.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from pmcourse.capstone.decisions import DECISION_KEYS, normalise
from pmcourse.capstone.engine import LOG_VERSION, InvalidLog, Project
from pmcourse.capstone.scenario import load_scenario, scenario_names
from pmcourse.capstone.scoring import WEIGHTS, scores, turning_points
from pmcourse.capstone.strategies import STRATEGIES

__all__ = [
    "DECISION_KEYS",
    "STRATEGIES",
    "WEIGHTS",
    "InvalidLog",
    "Project",
    "debrief",
    "load_scenario",
    "replay",
    "run",
    "run_project",
    "scenarios",
    "scores",
    "turning_points",
]

Strategy = Callable[[dict[str, Any]], "dict[str, Any] | None"]


def scenarios() -> list[str]:
    """Return the names of the scenarios, sorted.

    Returns
    -------
    list of str

    Examples
    --------
    >>> len(scenarios()) >= 3
    True

    Used in: lesson 10, leading a project.
    """
    return scenario_names()


def replay(log: Mapping[str, Any] | str) -> Project:
    """Replay a log and return the project it describes.

    Parameters
    ----------
    log : dict or str
        A project's :attr:`Project.log` (or its JSON text): ``scenario``,
        ``seed``, ``decisions`` (one dict per week) and, when present,
        ``checks`` (each week's earned value and actual cost, rounded to the
        cent) that the replay must reproduce.

    Returns
    -------
    Project
        Advanced through every logged week.

    Raises
    ------
    InvalidLog
        If the log is malformed, names an unknown scenario, holds a decision
        that was impossible that week, plays past the project's end, or its
        checks differ from the replay (the log was edited).

    Examples
    --------
    >>> p = Project("mobile_banking_app", 5)
    >>> _ = p.step({"communicate": ["one_to_ones"]})
    >>> replay(p.log).reports == p.reports
    True
    >>> bad = dict(p.log, checks=[[1.0, 2.0]])
    >>> replay(bad)
    Traceback (most recent call last):
    ...
    pmcourse.capstone.engine.InvalidLog: week 1: the log says ev, ac = 1.0, 2.0 ...

    Used in: exercise ps10 (the hidden tests), ``pmcourse capstone report``.
    """
    if isinstance(log, str):
        try:
            log = json.loads(log)
        except json.JSONDecodeError as err:
            raise InvalidLog(f"log: not JSON ({err})") from None
    if not isinstance(log, Mapping):
        raise InvalidLog(f"log: expected a dict, got {type(log).__name__}")
    for key in ("scenario", "seed", "decisions"):
        if key not in log:
            raise InvalidLog(f"log: missing {key!r}")
    if log.get("version", LOG_VERSION) != LOG_VERSION:
        raise InvalidLog(f"log: version {log.get('version')!r} is not {LOG_VERSION}")
    decisions = log["decisions"]
    checks = log.get("checks")
    if not isinstance(decisions, list):
        raise InvalidLog("log: decisions must be a list, one dict per week")
    if checks is not None and (
        not isinstance(checks, list) or len(checks) != len(decisions)
    ):
        raise InvalidLog("log: checks must hold one [ev, ac] per week")
    try:
        project = Project(str(log["scenario"]), log["seed"])
    except ValueError as err:
        raise InvalidLog(f"log: {err}") from None
    for k, dec in enumerate(decisions):
        try:
            report = project.step(dec)
        except ValueError as err:
            raise InvalidLog(f"week {k + 1}: {err}") from None
        if checks is not None:
            want = checks[k]
            got = [round(report["ev"], 2), round(report["ac"], 2)]
            if list(want) != got:
                raise InvalidLog(
                    f"week {k + 1}: the log says ev, ac = {want[0]}, {want[1]} but "
                    f"the replay gives {got[0]}, {got[1]}"
                )
    return project


def _strategy(strategy: str | Strategy) -> Strategy:
    if isinstance(strategy, str):
        if strategy not in STRATEGIES:
            raise ValueError(
                f"strategy: {strategy!r} is unknown; "
                f"choose one of {', '.join(STRATEGIES)}"
            )
        return STRATEGIES[strategy]
    if not callable(strategy):
        raise TypeError(f"strategy: expected a name or a function, got {strategy!r}")
    return strategy


def run_project(scenario: str, strategy: str | Strategy, seed: int) -> Project:
    """Play a whole project with a strategy and return the finished project.

    Parameters
    ----------
    scenario : str
        A name from :func:`scenarios`.
    strategy : str or callable
        A name in :data:`STRATEGIES` or ``strategy(report) -> decisions``;
        it first sees the start report (week 0), then each week's report.
    seed : int
        The run's seed.

    Returns
    -------
    Project

    Examples
    --------
    >>> run_project("clinic_records_rollout", "passive", 2).done
    True

    Used in: lesson 10, leading a project.
    """
    decide = _strategy(strategy)
    project = Project(scenario, seed)
    while not project.done:
        project.step(decide(project.last_report))
    return project


def debrief(project: Project, *, detail: bool = True) -> dict[str, Any]:
    """Return the end-of-project debrief.

    Parameters
    ----------
    project : Project
        A finished project (an unfinished one is scored as it stands).
    detail : bool
        Also find the turning points and play the reference strategies on
        the same scenario and seed (a few dozen replays).

    Returns
    -------
    dict
        The scores (``scope``, ``schedule``, ``cost``, ``quality``,
        ``team``, ``stakeholders``, ``overall``), ``weeks``, ``finish``,
        ``final`` (the last report's EVM figures), and with ``detail``
        ``turning_points`` and ``strategies`` (each reference strategy's
        overall score on the same seed).

    Examples
    --------
    >>> d = debrief(run_project("substation_upgrade", "sound", 3))
    >>> 0 <= d["overall"] <= 100, "passive" in d["strategies"]
    (True, True)

    Used in: lesson 10, leading a project; exercise ps10.
    """
    out: dict[str, Any] = dict(scores(project))
    last = project.last_report
    out["scenario"] = project.scenario.name
    out["seed"] = project.seed
    out["weeks"] = project.week
    out["finished"] = bool(last["finished"])
    out["finish"] = last["forecast_finish"]
    out["deadline"] = project.scenario.deadline
    out["final"] = {
        k: last[k] for k in ("pv", "ev", "ac", "bac", "cpi", "spi", "eac", "morale")
    }
    if detail:
        out["turning_points"] = turning_points(project)
        out["strategies"] = {
            name: scores(run_project(project.scenario.name, name, project.seed))[
                "overall"
            ]
            for name in STRATEGIES
        }
    return out


def run(scenario: str, strategy: str | Strategy, seed: int) -> dict[str, Any]:
    """Play a whole project with a strategy and return its debrief.

    The debrief is the quick one (``detail=False``), so an instructor can
    play a thousand runs in seconds.

    Parameters
    ----------
    scenario : str
        A name from :func:`scenarios`.
    strategy : str or callable
        A name in :data:`STRATEGIES` or ``strategy(report) -> decisions``.
    seed : int
        The run's seed.

    Returns
    -------
    dict
        See :func:`debrief`.

    Examples
    --------
    >>> d = run("mobile_banking_app", "sound", 1)
    >>> 0 <= d["overall"] <= 100
    True

    Used in: lesson 10, leading a project.
    """
    return debrief(run_project(scenario, strategy, seed), detail=False)


# re-exported for users who validate decisions before playing them
validate_decisions = normalise
