"""The capstone exercise (ps10): each student's own run, and its checks.

Each student gets a scenario and a seed drawn by :mod:`pmcourse.variants`
from the course salt, the assignment and their id. They play the whole
project and hand in its log. Everything graded is computed from that log
by replaying it (:func:`pmcourse.capstone.replay`): a log that could not
have been played, or that belongs to another seed, is invalid.

Examples
--------
>>> v = my_run("demo-salt", student="ana")
>>> v.params["scenario"] in scenarios(), v == my_run("demo-salt", student="ana")
(True, True)

Used in: exercise ps10.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

import numpy as np

from pmcourse import variants
from pmcourse.capstone.engine import InvalidLog, Project
from pmcourse.capstone.scenario import scenario_names as scenarios
from pmcourse.capstone.scoring import replay_lenient as _replay_lenient
from pmcourse.capstone.scoring import scores

__all__ = [
    "ASSIGNMENT",
    "EAC_WEEK",
    "check_log",
    "draw",
    "log_text",
    "my_run",
    "response_worth",
]

ASSIGNMENT = "ps10_capstone"
#: The week whose EAC part 3 asks for.
EAC_WEEK = 8


def draw(rng: np.random.Generator) -> dict[str, Any]:
    """Draw a student's scenario and seed.

    Parameters
    ----------
    rng : numpy.random.Generator

    Returns
    -------
    dict
        ``scenario`` and ``seed``.

    Examples
    --------
    >>> sorted(draw(np.random.default_rng(1)))
    ['scenario', 'seed']
    """
    names = scenarios()
    return {
        "scenario": names[int(rng.integers(len(names)))],
        "seed": int(rng.integers(0, 2**31 - 1)),
    }


def check(params: Mapping[str, Any]) -> list[str]:
    """Return the problems of a draw (none for a known scenario).

    Parameters
    ----------
    params : dict

    Returns
    -------
    list of str

    Examples
    --------
    >>> check({"scenario": "moon_base", "seed": 1})
    ["unknown scenario 'moon_base'"]
    """
    if params["scenario"] not in scenarios():
        return [f"unknown scenario {params['scenario']!r}"]
    return []


def my_run(salt: str, student: str | None = None) -> variants.Variant:
    """Return a student's capstone variant (their scenario and seed).

    Parameters
    ----------
    salt : str
        The course salt (``COURSE_SALT`` in the notebook).
    student : str, optional
        The student id; found by :func:`pmcourse.variants.student_id` when
        not given (the practice variant when there is none).

    Returns
    -------
    pmcourse.variants.Variant

    Used in: exercise ps10.
    """
    return variants.variant(ASSIGNMENT, draw, check, salt=salt, student=student)


def log_text(project: Project) -> str:
    """Return a project's log as one line of JSON to paste into a notebook.

    Parameters
    ----------
    project : Project

    Returns
    -------
    str

    Examples
    --------
    >>> p = Project("substation_upgrade", 3)
    >>> _ = p.step()
    >>> json.loads(log_text(p))["decisions"]
    [{}]
    """
    return json.dumps(project.log, separators=(",", ":"))


def check_log(log: Mapping[str, Any] | str, variant: variants.Variant) -> Project:
    """Replay a handed-in log and check that it is this student's whole run.

    Parameters
    ----------
    log : dict or str
        The log (or its JSON text).
    variant : pmcourse.variants.Variant
        The student's variant (:func:`my_run`).

    Returns
    -------
    Project
        The replayed, finished project.

    Raises
    ------
    InvalidLog
        If the log does not replay, is for another scenario or seed, or
        stops before the project's end.

    Examples
    --------
    >>> from pmcourse.capstone import run_project
    >>> v = my_run("demo", student="ana")
    >>> p = run_project(v["scenario"], "sound", v["seed"])
    >>> check_log(p.log, v).done
    True
    >>> check_log(run_project(v["scenario"], "sound", 1).log, v)
    Traceback (most recent call last):
    ...
    pmcourse.capstone.engine.InvalidLog: the log is for seed 1 of ...
    """
    from pmcourse.capstone import replay

    project = replay(log)
    if project.scenario.name != variant["scenario"] or project.seed != variant["seed"]:
        raise InvalidLog(
            f"the log is for seed {project.seed} of {project.scenario.name!r}, but "
            f"this student's run is seed {variant['seed']} of {variant['scenario']!r}"
        )
    if not project.done:
        raise InvalidLog(f"the log stops at week {project.week}: play to the end")
    return project


def response_worth(project: Project) -> dict[str, float]:
    """Return what each risk response of a run was worth to its overall score.

    Each response is undone (removed from its week's decisions) and the run
    replayed; its worth is the overall score minus the score without it.

    Parameters
    ----------
    project : Project
        A finished project.

    Returns
    -------
    dict of str to float
        Risk id to worth, rounded to 0.1 (empty when no risk was answered).

    Examples
    --------
    >>> from pmcourse.capstone import run_project
    >>> worth = response_worth(run_project("substation_upgrade", "sound", 2))
    >>> sorted(worth)
    ['R2', 'R3', 'R4', 'R5', 'R6']
    """
    base = scores(project)["overall"]
    decisions = project.log["decisions"]
    out: dict[str, float] = {}
    for k, dec in enumerate(decisions):
        for risk in dec.get("risk_responses", {}):
            trial = copy.deepcopy(decisions)
            del trial[k]["risk_responses"][risk]
            other = _replay_lenient(project.scenario.name, project.seed, trial)
            out[risk] = round(base - scores(other)["overall"], 1)
    return out
