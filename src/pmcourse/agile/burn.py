"""Burn charts: burndown and burnup series for a sprint or a release.

Row 0 of every series is the start (nothing done yet) and row ``k`` the end
of sprint ``k``; pass days instead of sprints for a sprint burndown.

Used in: lesson 06, burndown and burnup; exercise ps06.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from pmcourse.core import is_whole

__all__ = ["burndown", "burnup"]


def _scope_and_done(
    scope: float | Sequence[float], completed: Sequence[float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    done_per = np.asarray(completed, dtype=float)
    if done_per.ndim != 1 or done_per.size == 0:
        raise ValueError("completed must list the points finished in each sprint")
    bad = np.flatnonzero(~np.isfinite(done_per) | (done_per < 0))
    if bad.size:
        k = int(bad[0])
        raise ValueError(f"completed[{k}] = {done_per[k]!r}: points must be >= 0")
    n = done_per.size
    s = np.asarray(scope, dtype=float)
    if s.ndim == 0:
        s = np.full(n, float(s))
    if s.shape != (n,):
        raise ValueError(
            f"scope must be one number or one per sprint ({n}), got {s.size} values"
        )
    bad = np.flatnonzero(~np.isfinite(s) | (s < 0))
    if bad.size:
        k = int(bad[0])
        raise ValueError(f"scope[{k}] = {s[k]!r}: scope must be >= 0 points")
    scope_rows = np.concatenate([[s[0]], s])
    done = np.concatenate([[0.0], np.cumsum(done_per)])
    over = np.flatnonzero(done > scope_rows + 1e-9)
    if over.size:
        k = int(over[0])
        raise ValueError(
            f"after sprint {k} the team has done {done[k]:g} points but the scope is "
            f"only {scope_rows[k]:g}: check scope and completed"
        )
    return scope_rows, np.concatenate([[0.0], done_per]), done


def _ideal(start: float, end: float, n_rows: int, planned: int) -> np.ndarray:
    t = np.arange(n_rows, dtype=float)
    frac = np.minimum(t / planned, 1.0)
    return start + (end - start) * frac


def _planned(planned_sprints: int | None, n: int) -> int:
    if planned_sprints is None:
        return n
    if not is_whole(planned_sprints, 1):
        raise ValueError(
            f"planned_sprints must be a whole number >= 1, got {planned_sprints!r}"
        )
    return int(planned_sprints)


def burndown(
    scope: float | Sequence[float],
    completed: Sequence[float],
    planned_sprints: int | None = None,
) -> pd.DataFrame:
    """Build a burndown series: the work remaining after each sprint.

    Row 0 is the start (nothing done yet); row ``k`` is the end of sprint
    ``k``. ``remaining = scope - done`` where ``done`` adds up ``completed``.
    The ideal line falls in a straight line from the starting scope to zero
    at ``planned_sprints``. When scope grows, remaining work can rise even in a
    sprint where the team finished points: a burnup (:func:`burnup`) shows the
    two effects apart. The same function serves a sprint burndown: pass days
    instead of sprints.

    Parameters
    ----------
    scope : float or sequence of float
        Total points in the release: one number if it never changes, or the
        total as known at the end of each sprint (row 0 uses the first value).
    completed : sequence of float
        Points finished in each sprint (not cumulative), each >= 0.
    planned_sprints : int, optional
        Length of the ideal line, in sprints; defaults to ``len(completed)``.

    Returns
    -------
    DataFrame
        Columns ``sprint, scope, completed, done, remaining, ideal``, one row
        per sprint plus the starting row.

    Raises
    ------
    ValueError
        For negative points, a scope of the wrong length, or more work done
        than the scope holds.

    Examples
    --------
    >>> bd = burndown(100, [20, 25, 15, 30])
    >>> bd["remaining"].tolist()
    [100.0, 80.0, 55.0, 40.0, 10.0]
    >>> bd["ideal"].tolist()
    [100.0, 75.0, 50.0, 25.0, 0.0]

    Used in: lesson 06, burndown and burnup; exercise ps06.
    """
    scope_rows, per, done = _scope_and_done(scope, completed)
    n = per.size - 1
    planned = _planned(planned_sprints, n)
    return pd.DataFrame(
        {
            "sprint": np.arange(n + 1),
            "scope": scope_rows,
            "completed": per,
            "done": done,
            "remaining": scope_rows - done,
            "ideal": _ideal(scope_rows[0], 0.0, n + 1, planned),
        }
    )


def burnup(
    scope: float | Sequence[float],
    completed: Sequence[float],
    planned_sprints: int | None = None,
) -> pd.DataFrame:
    """Build a burnup series: work done against the (possibly growing) scope.

    Two lines, drawn on one chart: ``done`` climbs as work is finished and
    ``scope`` steps up when work is added, so a slipping date shows whether
    the team slowed down or the target moved. The ideal line climbs from 0 to
    the starting scope at ``planned_sprints``.

    Parameters
    ----------
    scope : float or sequence of float
        Total points: one number, or the total at the end of each sprint.
    completed : sequence of float
        Points finished in each sprint (not cumulative).
    planned_sprints : int, optional
        Length of the ideal line, in sprints; defaults to ``len(completed)``.

    Returns
    -------
    DataFrame
        Columns ``sprint, scope, done, ideal``.

    Raises
    ------
    ValueError
        As for :func:`burndown`.

    Examples
    --------
    >>> bu = burnup([100, 100, 120, 120], [20, 25, 15, 30])
    >>> bu[["scope", "done"]].values.tolist()[-2:]
    [[120.0, 60.0], [120.0, 90.0]]

    Used in: lesson 06, burndown and burnup.
    """
    scope_rows, per, done = _scope_and_done(scope, completed)
    n = per.size - 1
    planned = _planned(planned_sprints, n)
    return pd.DataFrame(
        {
            "sprint": np.arange(n + 1),
            "scope": scope_rows,
            "done": done,
            "ideal": _ideal(0.0, scope_rows[0], n + 1, planned),
        }
    )
