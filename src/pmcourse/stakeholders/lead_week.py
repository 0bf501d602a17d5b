"""A new lead's week: how the hours shift from doing to leading as the team grows.

The model splits a week into hands-on work and five kinds of leading work,
each a plain formula of the team size ``n`` (the lead included, so ``n - 1``
direct reports) and of what the lead chooses:

- **meetings**: team events (stand-ups, planning, review) of
  ``1 + 0.4 (n - 1)`` hours, plus the stakeholder and status meetings of
  ``status_hours``;
- **one-to-ones**: ``(n - 1) * one_to_one_minutes / 60`` hours;
- **interrupts**: ``0.75 (n - 1)`` hours of questions and unblocking;
- **planning and reporting**: ``2 + 0.3 (n - 1)`` hours;
- **coaching the deputy**: ``6 * delegation`` hours a week.

``delegation`` (0 to 0.8) is the share of the meetings, interrupts and
planning the lead hands to a deputy. Hands-on hours are what is left of the
week (never below 0). **Focus time** is the part of the hands-on hours in
blocks long enough for deep work: interrupts break them up, so
``focus = hands_on / (1 + interrupts / 6)``.

Used in: lesson 00, start here (the lead's week simulation).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from pmcourse.core.checks import is_whole, number

__all__ = ["LEADING", "lead_week"]

#: the kinds of leading work, in the order they are stacked
LEADING = ("meetings", "one_to_ones", "interrupts", "planning", "coaching")


def _check(value: float, name: str, low: float, high: float) -> float:
    return number(value, name, low=low, high=high, numeric_only=True)


def lead_week(
    team_size: int | Iterable[int],
    *,
    delegation: float = 0.0,
    one_to_one_minutes: float = 30.0,
    status_hours: float = 2.0,
    week_hours: float = 40.0,
) -> pd.DataFrame:
    """Split a lead's week into hands-on work, focus time and leading work.

    Parameters
    ----------
    team_size : int or iterable of int
        People on the team, the lead included (1 to 50).
    delegation : float
        Share of meetings, interrupts and planning handed to a deputy, 0 to
        0.8; it costs ``6 * delegation`` hours of coaching.
    one_to_one_minutes : float
        Minutes a week with each direct report, 0 to 120.
    status_hours : float
        Hours a week of stakeholder and status meetings, 0 to 20.
    week_hours : float
        The working week, 10 to 80 hours.

    Returns
    -------
    DataFrame
        One row per team size: ``team_size``, the hours of each kind of
        leading work (:data:`LEADING`), ``leading_hours`` (their sum),
        ``hands_on_hours``, ``focus_hours`` and ``leading_share``.

    Raises
    ------
    ValueError
        Naming the parameter that is out of its range.

    Examples
    --------
    Six people: meetings (1 + 0.4 x 5) + 2 = 5, one-to-ones 2.5, interrupts
    3.75, planning 3.5: 14.75 hours of leading, 25.25 hands-on, of which
    25.25 / (1 + 3.75 / 6) = 15.54 in focus blocks.

    >>> week = lead_week([1, 6], delegation=0.0)
    >>> week[["team_size", "leading_hours", "hands_on_hours", "focus_hours"]]
       team_size  leading_hours  hands_on_hours  focus_hours
    0          1           5.00           35.00        35.00
    1          6          14.75           25.25        15.54

    Used in: lesson 00, start here.
    """
    sizes: list[Any] = (
        [team_size] if isinstance(team_size, numbers.Number) else list(team_size)  # type: ignore[arg-type]
    )
    if not sizes:
        raise ValueError("team_size must hold at least one team size")
    for size in sizes:
        if not is_whole(size, 1) or size > 50:
            raise ValueError(f"team_size must be whole numbers 1 to 50, got {size!r}")
    d = _check(delegation, "delegation", 0.0, 0.8)
    minutes = _check(one_to_one_minutes, "one_to_one_minutes", 0.0, 120.0)
    status = _check(status_hours, "status_hours", 0.0, 20.0)
    week = _check(week_hours, "week_hours", 10.0, 80.0)
    reports = np.asarray(sizes, dtype=float) - 1
    kept = 1.0 - d
    table = pd.DataFrame(
        {
            "team_size": np.asarray(sizes, dtype=int),
            "meetings": (1 + 0.4 * reports) * kept + status,
            "one_to_ones": reports * minutes / 60,
            "interrupts": 0.75 * reports * kept,
            "planning": (2 + 0.3 * reports) * kept,
            "coaching": np.where(reports > 0, 6 * d, 0.0),
        }
    )
    table["leading_hours"] = table[list(LEADING)].sum(axis=1)
    table["hands_on_hours"] = np.maximum(week - table["leading_hours"], 0.0)
    table["focus_hours"] = table["hands_on_hours"] / (1 + table["interrupts"] / 6)
    table["leading_share"] = np.minimum(table["leading_hours"] / week, 1.0)
    return table.round(2)
