"""A resource-overloaded plan for the levelling part of lesson 03.

The plan is drawn by :func:`pmcourse.datasets.synthetic.rcpsp_instance`, the
course's PSPLIB-like generator: 12 tasks from a single kick-off (``T1``) to a
single hand-over (``T12``), durations of 1 to 10 working days, and two teams,
engineers and testers, each task needing 1 to 5 people of one team or both.
The capacities come from a resource strength of 0.3, so the early-start plan
asks for more people than there are.

Both builders draw the same instance from the same seed
(:data:`LEVELLING_SEED`): one returns its tasks, the other its capacities, so
that each is a plain CSV file.

Used in: lesson 03, scheduling (resource levelling).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmcourse.datasets.synthetic import rcpsp_instance

__all__ = ["LEVELLING_SEED", "levelling_capacities", "levelling_plan"]

#: The seed both datasets are built with (chosen, among a few, for a plan in
#: which the simple heuristic misses the optimum, so the lesson can show it).
LEVELLING_SEED = 2030

#: The generator's resource names and the teams they stand for.
_TEAMS = {"R1": "engineers", "R2": "testers"}


def _instance(
    rng: np.random.Generator | int | None,
) -> tuple[pd.DataFrame, dict[str, int]]:
    tasks, capacities = rcpsp_instance(
        12, 2, resource_strength=0.3, resource_factor=0.75, max_use=5, rng=rng
    )
    tasks = tasks.rename(columns=_TEAMS)
    return tasks, {_TEAMS[name]: cap for name, cap in capacities.items()}


def levelling_plan(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build the 12-task plan whose early-start schedule overloads its teams.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Source of randomness (the course uses :data:`LEVELLING_SEED`).

    Returns
    -------
    DataFrame
        Columns ``id, duration, predecessors, engineers, testers``: duration
        in working days, finish-to-start predecessors, people of each team
        the task needs while it runs.

    Examples
    --------
    >>> plan = levelling_plan(LEVELLING_SEED)
    >>> list(plan.columns), len(plan)
    (['id', 'duration', 'predecessors', 'engineers', 'testers'], 12)

    Used in: lesson 03, scheduling (resource levelling).
    """
    return _instance(rng)[0]


def levelling_capacities(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build the capacities that go with :func:`levelling_plan` (same seed).

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Source of randomness (the course uses :data:`LEVELLING_SEED`).

    Returns
    -------
    DataFrame
        Columns ``resource`` (the plan's resource column) and ``capacity``
        (people available on any working day).

    Examples
    --------
    >>> levelling_capacities(LEVELLING_SEED)["resource"].tolist()
    ['engineers', 'testers']

    Used in: lesson 03, scheduling (resource levelling).
    """
    capacities = _instance(rng)[1]
    return pd.DataFrame(
        {"resource": list(capacities), "capacity": list(capacities.values())}
    )
