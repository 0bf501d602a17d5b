"""The random draws of a run, all made when it starts.

Internal to :mod:`pmcourse.capstone`, one layer of the state of a run that
:class:`pmcourse.capstone._world.World` puts together (each layer builds on
the one below it; see that module). Work is measured in person-weeks, money
in dollars.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pmcourse.capstone.scenario import Scenario


@dataclass(frozen=True)
class Draws:
    """Every random number a run uses, drawn from the seed alone.

    Decisions change what an event does, never whether the dice come up:
    the true size of each piece of work, the weekly noise on productivity,
    the uniform numbers of each risk, event and change request, and the
    skills of the people on the team and of later hires.
    """

    noise: np.ndarray
    act_err: np.ndarray
    story_err: np.ndarray
    risk_u: np.ndarray
    event_u: np.ndarray
    cr_u: np.ndarray
    skill_err: np.ndarray


def draw(sc: Scenario, rng: np.random.Generator) -> Draws:
    """Make a run's draws, always in the same order (replays rely on it)."""
    d = sc.data
    n_weeks = sc.max_weeks + 1
    noise = rng.lognormal(0.0, 0.08, n_weeks)
    act_err = rng.lognormal(0.0, 0.12, len(d["activities"]))
    story_err = rng.lognormal(0.0, 0.15, len(d.get("stories", [])))
    risk_u = rng.random((len(d.get("risks", [])), n_weeks))
    event_u = rng.random((len(d.get("events", [])), n_weeks))
    cr_u = rng.random(len(d.get("change_requests", [])))
    skill_err = rng.normal(0.0, 0.05, len(d["team"]) + 12)
    return Draws(noise, act_err, story_err, risk_u, event_u, cr_u, skill_err)
