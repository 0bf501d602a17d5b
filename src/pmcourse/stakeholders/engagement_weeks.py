"""Stakeholder engagement over a project's weeks, under a communication plan.

A teaching model of what lesson 07's engagement assessment matrix and
communication plan are for. Each stakeholder has an engagement level, from
resistant (-1) through unaware (0), neutral (1) and supportive (2) to leading
(3), and the level the project needs (``desired``). The communication plan
says how often each quadrant of the power-interest grid is contacted:

- a week with a contact moves the stakeholder 0.25 of a level towards the
  desired level (never past it);
- a week without one, once the stakeholder has waited longer than they
  tolerate (``1 + (10 - power) / 3`` weeks: the powerful expect to hear
  from you often), lowers the level by ``0.1 * power / 10 * (0.5 +
  interest / 10)``, down to resistant (-1): resistance grows where a key
  stakeholder is neglected;
- every second week a decision needs the sign-off of the high-power
  stakeholders (power >= 7); each one below neutral delays it by
  ``2 * (1 - level) * power / 10`` days, and the delays add up to the
  schedule slip;
- contacts cost the lead 1 hour (manage closely), 0.5 (keep satisfied) or
  0.25 hours (keep informed, monitor).

Used in: lesson 07, stakeholders (the engagement simulation).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pmcourse.stakeholders import classify_power_interest

__all__ = ["DEFAULT_PLAN", "LEVELS", "EngagementRun", "simulate_engagement"]

#: engagement levels as numbers (the engagement assessment matrix's columns)
LEVELS = {"resistant": -1.0, "unaware": 0.0, "neutral": 1.0, "supportive": 2.0,
          "leading": 3.0}  # fmt: skip
#: weeks between contacts for each quadrant (0: never)
DEFAULT_PLAN = {"manage closely": 1, "keep satisfied": 2, "keep informed": 2,
                "monitor": 4}  # fmt: skip
_CONTACT_HOURS = {"manage closely": 1.0, "keep satisfied": 0.5,
                  "keep informed": 0.25, "monitor": 0.25}  # fmt: skip
KEY_POWER = 7


@dataclass(frozen=True)
class EngagementRun:
    """The result of :func:`simulate_engagement`.

    Attributes
    ----------
    levels : DataFrame
        Engagement level by week (rows 0 to ``weeks``) and stakeholder.
    weekly : DataFrame
        By week: ``resistant`` (stakeholders below neutral among the key
        ones), ``delay_days`` (decision delay that week), ``slip_days``
        (cumulative) and ``lead_hours`` (cumulative contact hours).
    quadrants : Series
        Each stakeholder's quadrant.
    """

    levels: pd.DataFrame
    weekly: pd.DataFrame
    quadrants: pd.Series

    @property
    def slip_days(self) -> float:
        """The schedule slip at the end, in days."""
        return float(self.weekly["slip_days"].iloc[-1])

    @property
    def lead_hours(self) -> float:
        """The lead's contact hours over the whole run."""
        return float(self.weekly["lead_hours"].iloc[-1])

    def first_resistant_week(self, name: str) -> int | None:
        """Return the first week ``name`` is below neutral, or None."""
        below = self.levels.index[(self.levels[name] < 1.0) & (self.levels.index > 0)]
        return int(below[0]) if len(below) else None


def simulate_engagement(
    register: pd.DataFrame,
    plan: Mapping[str, int] | None = None,
    *,
    weeks: int = 12,
    neglect: str | None = None,
) -> EngagementRun:
    """Run the engagement model week by week (see the module docstring).

    Parameters
    ----------
    register : DataFrame
        Columns ``stakeholder``, ``power``, ``interest`` (1-10), ``current``
        and ``desired`` (engagement levels, see :data:`LEVELS`).
    plan : mapping of str to int, optional
        Weeks between contacts per quadrant (0: never); missing quadrants
        take :data:`DEFAULT_PLAN`'s value.
    weeks : int
        Length of the run, 1 to 52.
    neglect : str, optional
        A stakeholder who is never contacted, whatever the plan says.

    Returns
    -------
    EngagementRun

    Raises
    ------
    ValueError
        For an unknown quadrant, level or stakeholder, or a bad interval.

    Examples
    --------
    >>> from pmcourse import datasets
    >>> register = datasets.load("stakeholder_register")
    >>> run = simulate_engagement(register)
    >>> run.slip_days, run.lead_hours
    (7.8, 52.5)
    >>> run = simulate_engagement(register, plan={"keep satisfied": 0})
    >>> run.slip_days, run.first_resistant_week("Graham Achebe")
    (29.64, 2)

    Used in: lesson 07, stakeholders.
    """
    chosen = dict(DEFAULT_PLAN)
    for quadrant, interval in (plan or {}).items():
        if quadrant not in DEFAULT_PLAN:
            raise ValueError(
                f"unknown quadrant {quadrant!r}; use one of {list(DEFAULT_PLAN)}"
            )
        if isinstance(interval, bool) or int(interval) != interval or interval < 0:
            raise ValueError(
                f"weeks between contacts for {quadrant!r} must be a whole number "
                f">= 0 (0: never), got {interval!r}"
            )
        chosen[quadrant] = int(interval)
    if isinstance(weeks, bool) or int(weeks) != weeks or not 1 <= weeks <= 52:
        raise ValueError(f"weeks must be a whole number from 1 to 52, got {weeks!r}")
    grid = classify_power_interest(register)
    names = [str(n) for n in grid["stakeholder"]]
    if neglect is not None and neglect not in names:
        raise ValueError(f"unknown stakeholder {neglect!r}; one of {names}")
    for column in ("current", "desired"):
        unknown = sorted(set(grid[column]) - set(LEVELS))
        if unknown:
            raise ValueError(f"unknown {column} level(s) {unknown}; use {list(LEVELS)}")
    power = grid["power"].to_numpy(dtype=float)
    interest = grid["interest"].to_numpy(dtype=float)
    level = grid["current"].map(LEVELS).to_numpy(dtype=float)
    desired = grid["desired"].map(LEVELS).to_numpy(dtype=float)
    quadrant = grid["quadrant"].astype(str).to_numpy()
    every = np.array([chosen[q] for q in quadrant])
    if neglect is not None:
        every[names.index(neglect)] = 0
    tolerance = 1 + (10 - power) / 3
    drop = 0.1 * power / 10 * (0.5 + interest / 10)
    cost = np.array([_CONTACT_HOURS[q] for q in quadrant])
    key = power >= KEY_POWER
    waited = np.zeros(len(names))
    rows, history = [], [level.copy()]
    slip = hours = 0.0
    for week in range(1, int(weeks) + 1):
        contact = (every > 0) & (week % np.maximum(every, 1) == 0)
        waited = np.where(contact, 0.0, waited + 1)
        up = np.minimum(level + 0.25, np.maximum(desired, level))
        down = np.where(waited > tolerance, np.maximum(level - drop, -1.0), level)
        level = np.round(np.where(contact, up, down), 6)
        hours += float(cost[contact].sum())
        below = key & (level < 1.0)
        delay = 0.0
        if week % 2 == 0:
            delay = float((2 * (1 - level[below]) * power[below] / 10).sum())
        slip += delay
        history.append(level.copy())
        rows.append({"week": week, "resistant": int(below.sum()),
                     "delay_days": round(delay, 2), "slip_days": round(slip, 2),
                     "lead_hours": hours})  # fmt: skip
    levels = pd.DataFrame(history, columns=names).rename_axis("week")
    weekly = pd.DataFrame(rows).set_index("week")
    return EngagementRun(levels, weekly, pd.Series(quadrant, index=names))
