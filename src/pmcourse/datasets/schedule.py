"""Lesson 03's plans: the product launch, and a resource-overloaded plan.

``product_launch`` (:func:`product_launch`) is the course's running example,
a 12-activity plan with three-point durations, costs and resources, built
with :data:`PRODUCT_LAUNCH_SEED`.

The levelling plan:

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

__all__ = [
    "LEVELLING_SEED",
    "PRODUCT_LAUNCH_SEED",
    "levelling_capacities",
    "levelling_plan",
    "product_launch",
]

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


#: The seed ``product_launch`` is built with.
PRODUCT_LAUNCH_SEED = 20240315

# --- product_launch ---------------------------------------------------------

#: The plan's structure, chosen by hand: (id, name, wbs, most likely duration in
#: days, predecessors, resource). The generator adds three-point spreads and costs.
_LAUNCH_PLAN: tuple[tuple[str, str, str, int, str, str], ...] = (
    ("A", "Agree launch goals and scope", "1.1.1", 3, "", "Project lead"),
    ("B", "Interview target customers", "1.2.1", 8, "A", "Product research"),
    ("C", "Freeze product specification", "1.3.1", 6, "A", "Engineering"),
    ("D", "Build release candidate", "1.3.2", 15, "C", "Engineering"),
    ("E", "Test and fix release candidate", "1.3.3", 12, "D:SS+5, D:FF+3", "QA"),
    ("F", "Set price and positioning", "1.2.2", 5, "B", "Product research"),
    ("G", "Produce campaign material", "1.4.1", 10, "F", "Marketing"),
    ("H", "Build launch web page", "1.4.2", 7, "G:SS+3", "Web team"),
    ("I", "Write user guides and FAQ", "1.5.1", 8, "C:FS+4", "Technical writing"),
    ("J", "Train sales and support", "1.5.2", 4, "E:SS+6, I", "Sales enablement"),
    ("K", "Launch day", "1.6.1", 1, "E, H, J", "Project lead"),
    ("L", "Post-launch review", "1.6.2", 2, "K:FS+5", "Project lead"),
)

#: Loaded cost of one working day of each resource, in dollars.
_DAY_RATES: dict[str, int] = {
    "Project lead": 900,
    "Product research": 1400,
    "Engineering": 4200,
    "QA": 2600,
    "Marketing": 1800,
    "Web team": 1500,
    "Technical writing": 800,
    "Sales enablement": 1100,
}


def product_launch(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build the product launch plan: 12 activities with links, estimates and costs.

    The network, names and most likely durations are fixed by hand so that
    the lesson can talk about them: the product track (spec, build, test) is
    critical, the marketing track has one day of float, and the plan uses
    start-to-start and finish-to-finish links with lags. The random part is
    the three-point spread around each most likely duration (optimistic
    60-85 % of it, pessimistic 130-200 %) and a +-10 % variation in each
    activity's cost around ``duration x day rate of its resource``.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Source of randomness (the course uses the seed in :data:`DATASETS`).

    Returns
    -------
    DataFrame
        Columns ``id, name, wbs, duration, predecessors, optimistic,
        most_likely, pessimistic, cost, resource``; durations in working days,
        cost in US dollars.

    Examples
    --------
    >>> plan = product_launch(7)
    >>> len(plan), bool((plan.duration == plan.most_likely).all())
    (12, True)
    >>> bool(((plan.optimistic <= plan.most_likely)
    ...       & (plan.most_likely <= plan.pessimistic)).all())
    True

    Used in: lesson 03, scheduling; lesson 05, risk.
    """
    rng = np.random.default_rng(rng)
    rows = []
    for tid, name, wbs, most_likely, preds, resource in _LAUNCH_PLAN:
        low, high = rng.uniform(0.60, 0.85), rng.uniform(1.30, 2.00)
        optimistic = max(1, min(most_likely, round(most_likely * low)))
        pessimistic = max(most_likely + 1, round(most_likely * high))
        cost = most_likely * _DAY_RATES[resource] * rng.uniform(0.90, 1.10)
        rows.append(
            {
                "id": tid,
                "name": name,
                "wbs": wbs,
                "duration": most_likely,
                "predecessors": preds,
                "optimistic": optimistic,
                "most_likely": most_likely,
                "pessimistic": pessimistic,
                "cost": int(round(cost, -2)),
                "resource": resource,
            }
        )
    return pd.DataFrame(rows)
