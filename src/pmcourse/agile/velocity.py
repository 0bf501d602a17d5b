"""Velocity statistics and sprint forecasts.

Velocity is the number of story points a team finishes in a sprint. Its
history drives three kinds of forecast taught in lesson 06:

- a single number: ``sprints_remaining = ceil(remaining_points / velocity)``;
- a range from the history's statistics (:func:`velocity_stats`);
- a Monte Carlo forecast that replays past sprints at random
  (:func:`forecast_sprints`), read off as percentiles.

Used in: lesson 06, Agile vs Waterfall; exercise ps06.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from pmcourse.core import is_whole
from pmcourse.core.checks import number

__all__ = [
    "VelocityStats",
    "capacity_adjusted_velocity",
    "forecast_percentiles",
    "forecast_sprints",
    "probability_within",
    "sprints_remaining",
    "velocity_stats",
]

# Largest number of velocity draws held in memory at once by forecast_sprints.
_BLOCK_CELLS = 4_000_000


def _velocities(velocities: Sequence[float] | np.ndarray) -> np.ndarray:
    """Validate a velocity history and return it as a float array."""
    v = np.asarray(velocities, dtype=float)
    if v.ndim != 1:
        raise ValueError(
            f"velocities must be a flat list of numbers, got shape {v.shape}"
        )
    if v.size == 0:
        raise ValueError(
            "velocities is empty: give at least one past sprint's velocity"
        )
    bad = np.flatnonzero(~np.isfinite(v) | (v < 0))
    if bad.size:
        k = int(bad[0])
        raise ValueError(
            f"velocities[{k}] = {velocities[k]!r}: each velocity must be a finite "
            "number >= 0"
        )
    return v


@dataclass(frozen=True)
class VelocityStats:
    """Summary of a team's velocity history (story points per sprint).

    ``low`` and ``high`` bound a confidence interval for the team's *mean*
    velocity (Student's t); they are NaN with fewer than two sprints.

    Examples
    --------
    >>> s = velocity_stats([20, 30])
    >>> s.n, s.mean, s.min, s.max
    (2, 25.0, 20.0, 30.0)
    """

    n: int
    mean: float
    median: float
    std: float
    min: float
    max: float
    low: float
    high: float
    confidence: float

    def to_dict(self) -> dict[str, float]:
        """Return the fields as a plain dict.

        Examples
        --------
        >>> velocity_stats([20, 22, 18]).to_dict()["mean"]
        20.0
        """
        return asdict(self)


def velocity_stats(
    velocities: Sequence[float] | np.ndarray, confidence: float = 0.9
) -> VelocityStats:
    """Summarise a velocity history: centre, spread and a band for the mean.

    ``std`` is the sample standard deviation (divides by ``n - 1``). The band
    is ``mean ± t * std / sqrt(n)`` with ``t`` from Student's t distribution
    with ``n - 1`` degrees of freedom: the range in which the team's long-run
    average velocity probably lies. Single sprints vary more than that; use
    ``min``/``max`` or :func:`forecast_sprints` for those.

    Parameters
    ----------
    velocities : sequence of float
        Points completed in each past sprint (>= 0, at least one).
    confidence : float
        Confidence level of the band, in (0, 1).

    Returns
    -------
    VelocityStats
        ``n, mean, median, std, min, max, low, high, confidence``.

    Raises
    ------
    ValueError
        If the history is empty, holds a negative or non-finite value, or
        ``confidence`` is outside (0, 1).

    Examples
    --------
    >>> s = velocity_stats([18, 22, 20, 24, 16])
    >>> s.mean, s.median, round(s.std, 3)
    (20.0, 20.0, 3.162)
    >>> round(s.low, 2), round(s.high, 2)
    (16.99, 23.01)

    Used in: lesson 06, velocity; exercise ps06.
    """
    v = _velocities(velocities)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    n = v.size
    mean = float(v.mean())
    if n > 1:
        std = float(v.std(ddof=1))
        from scipy import stats  # imported when needed: it is slow to import

        half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * std / math.sqrt(n)
        low, high = mean - half, mean + half
    else:
        std, low, high = 0.0, math.nan, math.nan
    return VelocityStats(
        n=n,
        mean=mean,
        median=float(np.median(v)),
        std=std,
        min=float(v.min()),
        max=float(v.max()),
        low=low,
        high=high,
        confidence=float(confidence),
    )


def sprints_remaining(remaining_points: float, velocity: float) -> int:
    """Return the sprints needed at a steady velocity: ``ceil(remaining / velocity)``.

    Parameters
    ----------
    remaining_points : float
        Story points still to do (>= 0).
    velocity : float
        Points completed per sprint (> 0).

    Returns
    -------
    int
        Whole sprints; a part-used sprint still counts as a sprint.

    Raises
    ------
    ValueError
        If ``remaining_points`` is negative or ``velocity`` is not positive.

    Examples
    --------
    >>> sprints_remaining(120, 25)
    5
    >>> sprints_remaining(100, 25)
    4

    Used in: lesson 06, velocity; exercise ps06.
    """
    remaining = number(remaining_points, "remaining_points")
    v = number(velocity, "velocity")
    if v == 0:
        raise ValueError("velocity must be > 0 points per sprint, got 0")
    # Round first so that 0.3 / 0.1 = 2.9999999999999996 counts as 3, not 4.
    return math.ceil(round(remaining / v, 9))


def capacity_adjusted_velocity(
    velocity: float, capacity: float, usual_capacity: float
) -> float:
    """Scale a velocity to a sprint with more or fewer people-days than usual.

    ``velocity * capacity / usual_capacity``: a team that averages 30 points
    with 6 people finishes about 25 when one person-sprint of the six is
    missing. It assumes points per person-day stay the same, which is
    roughly true for a short absence and wrong for a newcomer, who first
    slows the team down.

    Parameters
    ----------
    velocity : float
        The usual velocity, points per sprint (>= 0).
    capacity : float
        People-days (or people) available in the coming sprint (>= 0).
    usual_capacity : float
        People-days (or people) behind the usual velocity (> 0).

    Returns
    -------
    float
        The expected velocity of the coming sprint.

    Raises
    ------
    ValueError
        If a value is negative or ``usual_capacity`` is zero.

    Examples
    --------
    Six people average 30 points; two will be away for half the sprint:

    >>> capacity_adjusted_velocity(30, capacity=5, usual_capacity=6)
    25.0

    Used in: lesson 06, velocity; exercise ps06.
    """
    v = number(velocity, "velocity")
    now = number(capacity, "capacity")
    usual = number(usual_capacity, "usual_capacity")
    if usual == 0:
        raise ValueError("usual_capacity must be > 0: the capacity behind the velocity")
    return v * now / usual


def forecast_sprints(
    backlog_points: float,
    velocities: Sequence[float] | np.ndarray,
    n: int,
    rng: np.random.Generator | int | None = None,
) -> np.ndarray:
    """Forecast the sprints a backlog needs by replaying past velocities.

    Each of the ``n`` runs draws sprint velocities at random, with
    replacement, from the history and counts the fewest sprints whose total
    reaches ``backlog_points``. The spread of the counts is the forecast's
    uncertainty; read it with :func:`forecast_percentiles`.

    The work is vectorised: a block of draws is summed along each run
    (``cumsum``) and the first sprint at or above the backlog is found; runs
    not yet finished (possible when the history holds zeros) draw another
    block, carrying their total forward.

    Parameters
    ----------
    backlog_points : float
        Points to finish (>= 0; 0 needs 0 sprints).
    velocities : sequence of float
        Past sprint velocities (>= 0, at least one above zero). Sprints with
        zero velocity are kept: they happen, and they are part of the risk.
    n : int
        Number of simulated runs (>= 1).
    rng : numpy.random.Generator or int or None
        Random source or seed.

    Returns
    -------
    numpy.ndarray
        ``n`` integer sprint counts.

    Raises
    ------
    ValueError
        If the history is empty, holds negative values or only zeros, if
        ``backlog_points`` is negative, or if ``n`` is not a positive integer.

    Examples
    --------
    >>> counts = forecast_sprints(100, [18, 22, 20, 25, 15], n=10_000, rng=1)
    >>> int(counts.min()), int(counts.max())
    (4, 7)
    >>> forecast_percentiles(counts, [50, 85]).tolist()
    [5, 6]

    Used in: lesson 06, forecasting with velocity; exercise ps06.
    """
    v = _velocities(velocities)
    if not np.any(v > 0):
        raise ValueError("velocities are all zero: no forecast is possible")
    backlog = number(backlog_points, "backlog_points")
    if not is_whole(n, 1):
        raise ValueError(f"n must be a whole number of runs >= 1, got {n!r}")
    n = int(n)
    gen = np.random.default_rng(rng)
    counts = np.zeros(n, dtype=np.int64)
    if backlog == 0:
        return counts
    # Tolerance so that 0.1 + 0.2 reaches a backlog of 0.3.
    tol = 1e-9 * max(1.0, backlog)
    # Block length: about twice the expected number of sprints, at least 4.
    block = max(4, math.ceil(2 * backlog / v.mean()) + 2)
    remaining = np.full(n, backlog)
    active = np.arange(n)
    while active.size:
        k = max(1, min(block, _BLOCK_CELLS // active.size))
        draws = v[gen.integers(0, v.size, size=(active.size, k))]
        total = np.cumsum(draws, axis=1)
        reached = total >= remaining[active, None] - tol
        hit = reached[:, -1]  # totals never fall, so the last column decides
        first = reached.argmax(axis=1)
        counts[active[hit]] += first[hit] + 1
        counts[active[~hit]] += k
        remaining[active[~hit]] -= total[~hit, -1]
        active = active[~hit]
    return counts


def forecast_percentiles(
    samples: Sequence[float] | np.ndarray, q: Sequence[float] = (50, 85, 95)
) -> pd.Series:
    """Read percentiles off forecast samples: "85% of runs finished within X".

    Uses the inverted-CDF definition: the smallest sample value with at least
    ``q`` percent of the samples at or below it, so a forecast in whole
    sprints stays a whole number of sprints.

    Parameters
    ----------
    samples : sequence of float
        Forecast results, e.g. from :func:`forecast_sprints`.
    q : sequence of float
        Percentiles in [0, 100].

    Returns
    -------
    pandas.Series
        Values indexed ``P50``, ``P85``, ...

    Raises
    ------
    ValueError
        If ``samples`` is empty or a percentile is outside [0, 100].

    Examples
    --------
    >>> forecast_percentiles([4, 5, 5, 5, 6, 6, 7, 8, 9, 12], [50, 80])
    P50    6
    P80    8
    dtype: int64

    Used in: lesson 06, forecasting with velocity; lesson 05, risk.
    """
    x = np.asarray(samples)
    if x.size == 0:
        raise ValueError("samples is empty: run the forecast first")
    qs = np.asarray(q, dtype=float)
    if np.any((qs < 0) | (qs > 100)):
        raise ValueError(f"q must hold percentiles in [0, 100], got {list(q)}")
    values = np.percentile(x, qs, method="inverted_cdf")
    labels = [f"P{p:g}" for p in qs]
    return pd.Series(values, index=labels)


def probability_within(samples: Sequence[float] | np.ndarray, limit: float) -> float:
    """Return the share of forecast runs that finish within ``limit``.

    Parameters
    ----------
    samples : sequence of float
        Forecast results, e.g. sprint counts from :func:`forecast_sprints`.
    limit : float
        The number of sprints (or days) available.

    Returns
    -------
    float
        ``mean(samples <= limit)``, in [0, 1].

    Raises
    ------
    ValueError
        If ``samples`` is empty.

    Examples
    --------
    >>> probability_within([4, 5, 5, 6], 5)
    0.75

    Used in: lesson 06, forecasting with velocity.
    """
    x = np.asarray(samples, dtype=float)
    if x.size == 0:
        raise ValueError("samples is empty: run the forecast first")
    return float(np.mean(x <= limit))
