"""Monte Carlo simulation of schedules and costs, vectorised over iterations.

Each task's duration (or cost item) is drawn from a distribution built on its
three-point estimate, and the network's forward pass is run for all
iterations at once: the durations form an array of shape
``(n_tasks, n_iterations)`` and :class:`pmcourse.schedule.Network` computes
every early finish in a handful of numpy operations per topological level.
What a learner would write by hand, one iteration at a time, is::

    for k in range(n):
        durations = [rng.triangular(o, m, p) for (o, m, p) in estimates]
        finish[k] = cpm(tasks with those durations)["ef"].max()

The two give the same distribution; this one is thousands of times faster.

Distributions (``o``, ``m``, ``p``: optimistic, most likely, pessimistic):

- ``"triangular"``: mean ``(o + m + p) / 3``.
- ``"pert"``: beta-PERT, ``o + (p - o) * Beta(1 + 4(m - o)/(p - o),
  1 + 4(p - m)/(p - o))``, mean ``(o + 4m + p) / 6``.
- ``"uniform"``: between ``o`` and ``p``; ``m`` is ignored.

Correlation between tasks is introduced with a Gaussian copula: each task's
uniform draw is ``Phi(z)`` where the ``z`` are standard normal with the given
correlation (one number for every pair, or a full matrix). The draws are made
in :mod:`pmcourse.risk.sampling` (:func:`sample_three_point`, also in the
:mod:`pmcourse.risk` front).

Used in: lesson 05, risk; lesson 02, budgeting; exercise ps05.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pmcourse.risk.sampling import ESTIMATES as _ESTIMATES
from pmcourse.risk.sampling import sample_three_point
from pmcourse.schedule import build_network, task_column, task_ids, task_records

__all__ = [
    "ScheduleSimulation",
    "monte_carlo_cost",
    "monte_carlo_schedule",
    "simulate_schedule",
    "widen_estimates",
]


def _estimates(table: pd.DataFrame, ids: list[str]) -> list[np.ndarray]:
    cols = []
    for name in _ESTIMATES:
        if name not in table.columns:
            raise ValueError(
                f"tasks table is missing the column '{name}' (Monte Carlo needs "
                "optimistic, most_likely and pessimistic instead of duration)"
            )
        cols.append(task_column(table, name, ids))
    o, m, p = cols
    bad = np.flatnonzero((o > m) | (m > p))
    if bad.size:
        k = bad[0]
        raise ValueError(
            f"task '{ids[k]}' needs optimistic <= most_likely <= pessimistic, got "
            f"{o[k]:g}, {m[k]:g}, {p[k]:g}"
        )
    return cols


def _row_labels(table: pd.DataFrame) -> list[str]:
    """Name each row by its ``id``, or ``row k`` in a table without ids."""
    if "id" in table.columns:
        return [str(x) for x in table["id"]]
    return [f"row {i}" for i in range(len(table))]


def widen_estimates(
    tasks: pd.DataFrame | Iterable[Mapping[str, Any]], factor: float
) -> pd.DataFrame:
    """Scale the spread of three-point estimates around the most likely value.

    ``optimistic' = max(0, m - factor * (m - o))`` and
    ``pessimistic' = m + factor * (p - m)``, with ``o``, ``m``, ``p`` the
    optimistic, most likely and pessimistic estimates. A factor of 1 keeps
    the team's ranges, 0 removes all uncertainty (every estimate becomes its
    most likely value) and 2 doubles each range on both sides (an optimistic
    value never drops below 0). Use it to ask "what if we are less sure than
    we think?".

    Parameters
    ----------
    tasks : DataFrame or list of dict
        Rows with ``optimistic``, ``most_likely`` and ``pessimistic``; other
        columns are kept as they are.
    factor : float
        How much to stretch each range; >= 0.

    Returns
    -------
    DataFrame
        A copy of the table with the new ``optimistic`` and ``pessimistic``.

    Raises
    ------
    ValueError
        If ``factor`` is negative or not a number, a column is missing, or a
        row's estimates are out of order (naming the row).

    Examples
    --------
    >>> out = widen_estimates([{"id": "A", "optimistic": 4, "most_likely": 6,
    ...                         "pessimistic": 10}], 1.5)
    >>> out[["optimistic", "most_likely", "pessimistic"]].to_dict("records")
    [{'optimistic': 3.0, 'most_likely': 6, 'pessimistic': 12.0}]

    Used in: lesson 05, risk (the Monte Carlo simulator).
    """
    try:
        scale = float(factor)
    except (TypeError, ValueError):
        raise ValueError(f"factor must be a number >= 0, got {factor!r}") from None
    if not np.isfinite(scale) or scale < 0:
        raise ValueError(f"factor must be a number >= 0, got {factor!r}")
    table = task_records(tasks).copy()
    o, m, p = _estimates(table, _row_labels(table))
    table["optimistic"] = np.maximum(0.0, m - scale * (m - o))
    table["pessimistic"] = m + scale * (p - m)
    return table


@dataclass(frozen=True)
class ScheduleSimulation:
    """The outcome of a schedule Monte Carlo run.

    Attributes
    ----------
    ids : tuple of str
        Task ids.
    finish : numpy.ndarray
        Project finish of every iteration, shape ``(n,)``.
    durations : numpy.ndarray
        Sampled durations, shape ``(n_tasks, n)``.
    critical : numpy.ndarray or None
        Whether each task was critical in each iteration, shape
        ``(n_tasks, n)`` (None unless asked for).
    """

    ids: tuple[str, ...]
    finish: np.ndarray
    durations: np.ndarray
    critical: np.ndarray | None = None

    def percentile(self, q: float | Iterable[float]) -> Any:
        """Return finish-time percentiles, e.g. ``percentile(80)`` for P80.

        Examples
        --------
        >>> sim = simulate_schedule([{"id": "A", "optimistic": 1,
        ...     "most_likely": 2, "pessimistic": 3, "predecessors": ""}], 1000, rng=0)
        >>> 1 <= sim.percentile(50) <= 3
        True
        """
        out = np.percentile(self.finish, np.asarray(q, dtype=float))
        return float(out) if np.ndim(out) == 0 else out

    def probability_by(self, deadline: float) -> float:
        """Return the share of iterations that finish by ``deadline``.

        Examples
        --------
        >>> sim = simulate_schedule([{"id": "A", "optimistic": 1,
        ...     "most_likely": 2, "pessimistic": 3, "predecessors": ""}], 1000, rng=0)
        >>> sim.probability_by(3)
        1.0
        """
        return float(np.mean(self.finish <= deadline + 1e-9))

    def criticality(self) -> pd.Series:
        """Return each task's criticality index: the share of runs it was critical.

        Raises
        ------
        ValueError
            If the simulation was run without ``criticality=True``.
        """
        if self.critical is None:
            raise ValueError("run simulate_schedule(..., criticality=True) first")
        return pd.Series(
            self.critical.mean(axis=1),
            index=pd.Index(self.ids, name="id"),
            name="criticality",
        )

    def sensitivity(self) -> pd.Series:
        """Return each task's Spearman rank correlation with the finish (a tornado).

        Sorted by absolute value, largest first: the tasks whose uncertainty
        drives the finish date most. A task whose duration never varies gets 0.
        """
        from scipy import stats  # imported when needed: it is slow to import

        finish_rank = stats.rankdata(self.finish)
        ranks = stats.rankdata(self.durations, axis=1)
        fr = finish_rank - finish_rank.mean()
        dr = ranks - ranks.mean(axis=1, keepdims=True)
        denom = np.sqrt((dr**2).sum(axis=1) * (fr**2).sum())
        rho = np.divide(dr @ fr, denom, out=np.zeros(len(self.ids)), where=denom > 0)
        s = pd.Series(rho, index=pd.Index(self.ids, name="id"), name="sensitivity")
        return s.reindex(s.abs().sort_values(ascending=False, kind="stable").index)

    def summary(self, deadline: float | None = None) -> dict[str, float]:
        """Return mean, std, P10, P50, P80, P90 (and P(finish <= deadline)).

        Examples
        --------
        >>> sim = simulate_schedule([{"id": "A", "optimistic": 2,
        ...     "most_likely": 2, "pessimistic": 2, "predecessors": ""}], 10, rng=0)
        >>> sim.summary(deadline=2)["probability"]
        1.0
        """
        out = {
            "mean": float(self.finish.mean()),
            "std": float(self.finish.std(ddof=1)) if self.finish.size > 1 else 0.0,
        }
        for q in (10, 50, 80, 90):
            out[f"p{q}"] = float(np.percentile(self.finish, q))
        if deadline is not None:
            out["probability"] = self.probability_by(deadline)
        return out


def simulate_schedule(
    tasks: pd.DataFrame | Iterable[Mapping[str, Any]],
    n: int = 10_000,
    rng: np.random.Generator | int | None = None,
    distribution: str = "triangular",
    correlation: Any = None,
    criticality: bool = False,
) -> ScheduleSimulation:
    """Simulate a schedule ``n`` times and keep what a risk analysis needs.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        The :func:`pmcourse.schedule.cpm` table with ``optimistic``,
        ``most_likely`` and ``pessimistic`` instead of ``duration``.
    n : int
        Iterations.
    rng : numpy.random.Generator, int or None
        Seed or generator.
    distribution : {"triangular", "pert", "uniform"}
        Duration distribution.
    correlation : float or array_like, optional
        Correlation between task durations (see :func:`sample_three_point`).
    criticality : bool
        Also run the backward pass to record which tasks were critical.

    Returns
    -------
    ScheduleSimulation

    Raises
    ------
    ValueError
        For a malformed network (as :func:`pmcourse.schedule.cpm`), estimates
        out of order, an unknown distribution or ``n`` < 1.

    Examples
    --------
    >>> plan = [
    ...     {"id": "A", "optimistic": 2, "most_likely": 4, "pessimistic": 9,
    ...      "predecessors": ""},
    ...     {"id": "B", "optimistic": 3, "most_likely": 5, "pessimistic": 10,
    ...      "predecessors": ""},
    ...     {"id": "C", "optimistic": 1, "most_likely": 1, "pessimistic": 1,
    ...      "predecessors": "A, B"},
    ... ]
    >>> sim = simulate_schedule(plan, 20_000, rng=42, criticality=True)
    >>> round(sim.summary()["mean"], 1) > 1 + 6  # merge bias: above the longer path
    True
    >>> float(sim.criticality()["C"])
    1.0

    Used in: lesson 05, risk; exercise ps05.
    """
    table = task_records(tasks)
    if len(table) == 0:
        raise ValueError("tasks table is empty: add at least one task")
    ids = task_ids(table)
    o, m, p = _estimates(table, ids)
    if "predecessors" not in table.columns:
        raise ValueError("tasks table is missing the column 'predecessors'")
    net = build_network(ids, table["predecessors"].tolist())
    d = sample_three_point(o, m, p, n, rng, distribution, correlation)
    es, ef = net.forward(d)
    finish = ef.max(axis=0)
    crit = None
    if criticality:
        ls, _ = net.backward(d, finish)
        crit = (ls - es) <= 1e-9
    return ScheduleSimulation(tuple(ids), finish, d, crit)


def monte_carlo_schedule(
    tasks: pd.DataFrame | Iterable[Mapping[str, Any]],
    n: int,
    rng: np.random.Generator | int | None = None,
    distribution: str = "triangular",
    correlation: Any = None,
) -> np.ndarray:
    """Return ``n`` simulated project finish times.

    The finish times of :func:`simulate_schedule`, for code that needs no
    more than them (a milestone with all three estimates 0 is allowed).

    Parameters
    ----------
    tasks, n, rng, distribution, correlation
        As in :func:`simulate_schedule`.

    Returns
    -------
    numpy.ndarray
        Shape ``(n,)``: ``simulate_schedule(...).finish``.

    Examples
    --------
    >>> finish = monte_carlo_schedule([
    ...     {"id": "A", "optimistic": 3, "most_likely": 6, "pessimistic": 9,
    ...      "predecessors": []},
    ...     {"id": "B", "optimistic": 1, "most_likely": 2, "pessimistic": 3,
    ...      "predecessors": ["A"]},
    ... ], 50_000, rng=7)
    >>> finish.shape, round(float(finish.mean()), 1)
    ((50000,), 8.0)

    Used in: lesson 05, risk; exercise ps05.
    """
    return simulate_schedule(tasks, n, rng, distribution, correlation).finish


def monte_carlo_cost(
    items: pd.DataFrame | Iterable[Mapping[str, Any]],
    n: int,
    rng: np.random.Generator | int | None = None,
    distribution: str = "triangular",
    correlation: Any = None,
) -> np.ndarray:
    """Return ``n`` simulated total costs of items with three-point estimates.

    Parameters
    ----------
    items : DataFrame or list of dict
        Rows with ``optimistic``, ``most_likely`` and ``pessimistic`` costs.
    n : int
        Iterations.
    rng : numpy.random.Generator, int or None
        Seed or generator.
    distribution : {"triangular", "pert", "uniform"}
        Cost distribution.
    correlation : float or array_like, optional
        Correlation between items.

    Returns
    -------
    numpy.ndarray
        Shape ``(n,)``.

    Examples
    --------
    >>> total = monte_carlo_cost([
    ...     {"optimistic": 8_000, "most_likely": 10_000, "pessimistic": 15_000},
    ...     {"optimistic": 4_000, "most_likely": 5_000, "pessimistic": 9_000},
    ... ], 100_000, rng=3, distribution="pert")
    >>> round(float(total.mean()), -2)
    16000.0

    Used in: lesson 02, budgeting; lesson 05, risk.
    """
    table = task_records(items)
    if len(table) == 0:
        raise ValueError("items table is empty: add at least one cost item")
    o, m, p = _estimates(table, _row_labels(table))
    return sample_three_point(o, m, p, n, rng, distribution, correlation).sum(axis=0)
