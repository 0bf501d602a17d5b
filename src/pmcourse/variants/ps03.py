"""Per-student numbers for exercise ps03, scheduling a product launch.

The story and the network stay the same for everyone: nine activities of the
Sprout launch, linked finish-to-start except for three special links (the web
page ``C`` starts two days after the brief ``A`` starts, ``A:SS+2``; the
press kit ``E`` finishes two days after the web page, ``C:FF+2``; support
training ``G`` finishes a day after the beta test ``F``, ``F:FF+1``). What
varies is each activity's most likely duration, its three-point estimate and
the day of the trade fair.

A draw is kept only when the questions make sense for it: one critical path,
made of finish-to-start links only (brief, packaging, manufacturing,
shipping, launch; or brief, packaging, press kit, launch) so that its PERT
estimate is the sum of its activities; a fair after the plan's own finish;
and a chance of meeting the fair that is neither hopeless nor comfortable.

Used in: exercise ps03.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from pmcourse import schedule
from pmcourse.variants import Variant, params_of

ASSIGNMENT = "ps03_scheduling"

#: The activities: id, name, predecessors (fixed for every variant).
NETWORK: tuple[tuple[str, str, str], ...] = (
    ("A", "Agree the launch brief with sales", ""),
    ("B", "Design the retail packaging", "A"),
    ("C", "Build the product web page", "A:SS+2"),
    ("D", "Manufacture the first batch", "B"),
    ("E", "Write the press kit", "B, C:FF+2"),
    ("F", "Run the customer beta test", "C"),
    ("G", "Train the support team", "F:FF+1"),
    ("H", "Ship stock to retailers", "D"),
    ("I", "Launch at the trade fair", "E, G, H"),
)

#: Range (inclusive) of each activity's most likely duration, in days. The
#: launch itself (``I``) always takes one day, with no uncertainty.
MOST_LIKELY: dict[str, tuple[int, int]] = {
    "A": (2, 4),
    "B": (4, 8),
    "C": (3, 6),
    "D": (5, 9),
    "E": (4, 13),
    "F": (6, 10),
    "G": (3, 6),
    "H": (2, 5),
}

#: The critical paths a variant may have: chains of finish-to-start links
#: only, so that the path's length is the sum of its activities' durations.
ALLOWED_PATHS: tuple[tuple[str, ...], ...] = (
    ("A", "B", "D", "H", "I"),
    ("A", "B", "E", "I"),
)

#: Bounds on the chance of launching by the fair (exclusive of 0 and 1).
P_ON_TIME_RANGE = (0.05, 0.85)
#: The confidence of the committed date (part 7).
COMMIT_CONFIDENCE = 0.9

COLUMNS = [
    "id",
    "activity",
    "duration",
    "predecessors",
    "optimistic",
    "most_likely",
    "pessimistic",
]


_params = params_of


def draw(rng: np.random.Generator) -> dict[str, Any]:
    """Draw one variant's durations, three-point estimates and fair day.

    Each most likely duration is a whole number of days in its range of
    :data:`MOST_LIKELY`; the optimistic estimate is up to a third below it
    (at least 1 day) and the pessimistic one a quarter to twice as much
    above it, so the estimates lean towards overruns. The fair is one to
    three days after the plan's own finish.

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator to draw from.

    Returns
    -------
    dict
        ``activities``: a list of dicts with the columns of :data:`COLUMNS`
        (plain ints and strings), and ``fair_day``: an int.

    Examples
    --------
    >>> params = draw(np.random.default_rng(1))
    >>> [row["id"] for row in params["activities"]]
    ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']
    >>> isinstance(params["fair_day"], int)
    True

    Used in: exercise ps03.
    """
    activities = []
    for task, name, predecessors in NETWORK:
        if task in MOST_LIKELY:
            low, high = MOST_LIKELY[task]
            most_likely = int(rng.integers(low, high + 1))
            down = int(rng.integers(0, most_likely // 3 + 1))
            up = int(rng.integers(math.ceil(most_likely / 4), most_likely + 1))
            optimistic = max(1, most_likely - down)
            pessimistic = most_likely + up
        else:
            optimistic = most_likely = pessimistic = 1
        activities.append(
            {
                "id": task,
                "activity": name,
                "duration": most_likely,
                "predecessors": predecessors,
                "optimistic": optimistic,
                "most_likely": most_likely,
                "pessimistic": pessimistic,
            }
        )
    finish = schedule.project_finish(activities)
    fair_day = int(round(finish)) + int(rng.integers(1, 4))
    return {"activities": activities, "fair_day": fair_day}


def plan(params_or_variant: Variant | Mapping[str, Any]) -> pd.DataFrame:
    """Return the launch plan of a variant as a task table.

    Parameters
    ----------
    params_or_variant : Variant or dict
        A variant of ps03, or its parameters.

    Returns
    -------
    DataFrame
        One row per activity with columns ``id, activity, duration,
        predecessors, optimistic, most_likely, pessimistic``.

    Examples
    --------
    >>> from pmcourse import variants
    >>> table = plan(variants.scenario(ASSIGNMENT, student="ana"))
    >>> list(table["id"]), bool((table["duration"] == table["most_likely"]).all())
    (['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'], True)

    Used in: exercise ps03.
    """
    rows = _params(params_or_variant)["activities"]
    return pd.DataFrame([dict(row) for row in rows], columns=COLUMNS)


def fair_day(params_or_variant: Variant | Mapping[str, Any]) -> int:
    """Return the day of the trade fair, in working days from the start.

    Parameters
    ----------
    params_or_variant : Variant or dict
        A variant of ps03, or its parameters.

    Returns
    -------
    int

    Examples
    --------
    >>> fair_day({"activities": [], "fair_day": 23})
    23

    Used in: exercise ps03.
    """
    return int(_params(params_or_variant)["fair_day"])


def _check_rows(rows: Any) -> list[str]:
    problems: list[str] = []
    if not isinstance(rows, list) or len(rows) != len(NETWORK):
        return [f"activities: expected a list of {len(NETWORK)} rows"]
    for row, (task, _, predecessors) in zip(rows, NETWORK, strict=True):
        if not isinstance(row, Mapping) or row.get("id") != task:
            problems.append(f"activities: expected activity {task!r} in this place")
            continue
        if row.get("predecessors") != predecessors:
            problems.append(
                f"activity {task!r}: predecessors must stay {predecessors!r}"
            )
        values: list[Any] = [
            row.get(c) for c in ("optimistic", "most_likely", "pessimistic")
        ]
        if not all(
            isinstance(v, int | float) and v > 0 for v in [row.get("duration"), *values]
        ):
            problems.append(
                f"activity {task!r}: duration and estimates must be positive numbers"
            )
            continue
        low, mode, high = values
        if not low <= mode <= high:
            problems.append(
                f"activity {task!r}: expected optimistic <= most_likely <= "
                f"pessimistic, got {low}, {mode}, {high}"
            )
        if row.get("duration") != mode:
            problems.append(f"activity {task!r}: duration must equal most_likely")
    return problems


def check(params: Mapping[str, Any]) -> list[str]:
    """Return every problem with a draw, in words (empty when it is valid).

    A valid variant keeps the network of :data:`NETWORK`; has positive
    durations with ``optimistic <= most_likely <= pessimistic``; exactly one
    critical path, one of :data:`ALLOWED_PATHS`, whose length is the sum of
    its durations; some spread on that path; a fair after the plan's own
    finish; a chance of launching by the fair within :data:`P_ON_TIME_RANGE`;
    and a 90 % date at least a day after the plan's finish (so quoting the
    plan's finish as that date is always wrong).

    Parameters
    ----------
    params : dict
        Parameters from :func:`draw`.

    Returns
    -------
    list of str

    Examples
    --------
    >>> params = draw(np.random.default_rng(3))
    >>> params["activities"][3]["duration"] = -2
    >>> check(params)[0]
    "activity 'D': duration and estimates must be positive numbers"

    Used in: exercise ps03.
    """
    problems = _check_rows(params.get("activities"))
    day: Any = params.get("fair_day")
    if not isinstance(day, int) or isinstance(day, bool):
        problems.append(f"fair_day: expected a whole number of days, got {day!r}")
    if problems:
        return problems
    table = plan(params)
    result = schedule.cpm(table)
    critical = schedule.critical_path(result)
    if tuple(critical) not in ALLOWED_PATHS:
        allowed = " or ".join("-".join(p) for p in ALLOWED_PATHS)
        return [
            f"critical path: expected exactly one chain, {allowed}, "
            f"got the critical activities {'-'.join(critical)}"
        ]
    finish = float(result["ef"].max())
    if abs(finish - float(table.set_index("id").loc[critical, "duration"].sum())) > 0:
        problems.append("critical path: its length is not the sum of its durations")
    # Draw validity only: the answer key lives with the source assignment
    # (solutions/ps03_scheduling/answers.py), never in the student's package.
    path = table.set_index("id").loc[critical].reset_index()
    mean, std = schedule.path_estimate(path)
    got: dict[str, float] = {"path_std": std}
    if got["path_std"] <= 0:
        problems.append("critical path: no spread in its three-point estimates")
        return problems
    if day <= finish:
        problems.append(
            f"fair_day: expected a day after the plan's finish {finish:g}, got {day}"
        )
    got["p_on_time"] = schedule.probability_of_finishing_by(day, mean, std)
    got["commit_day"] = schedule.deadline_for_probability(COMMIT_CONFIDENCE, mean, std)
    low, high = P_ON_TIME_RANGE
    if not low <= got["p_on_time"] <= high:
        problems.append(
            f"p_on_time: expected between {low} and {high}, got {got['p_on_time']:.3f}"
        )
    if got["commit_day"] < finish + 1:
        problems.append(
            "commit_day: the 90 % date is less than a day after the plan's finish"
        )
    return problems


__all__ = [
    "ALLOWED_PATHS",
    "ASSIGNMENT",
    "COMMIT_CONFIDENCE",
    "MOST_LIKELY",
    "NETWORK",
    "P_ON_TIME_RANGE",
    "check",
    "draw",
    "fair_day",
    "plan",
]
