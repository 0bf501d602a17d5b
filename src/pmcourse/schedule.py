"""Scheduling: the critical path method (CPM), PERT and the chance of a date.

The dates follow the zero-based convention: the project starts at time 0, a
task's early finish is ``ef = es + duration``, and a successor linked
finish-to-start can start at that same number. (Some books count day numbers
instead, ``ef = es + duration - 1``; lesson 03 shows both.)

A task table is a DataFrame or a list of dicts with the columns ``id``,
``duration`` and ``predecessors``. A predecessor entry is ``ID`` (finish-to-
start, no lag), ``ID:TYPE`` or ``ID:TYPE+LAG`` / ``ID:TYPE-LAG`` with TYPE one
of ``FS``, ``SS``, ``FF``, ``SF``.

Resource-constrained scheduling (:func:`resource_schedule`,
:func:`optimal_schedule`, :func:`resource_usage`, :func:`check_feasible`) lives in
:mod:`pmcourse.resources` and is re-exported here.

Used in: lesson 03, scheduling; exercise ps03.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import norm

from pmcourse import _network
from pmcourse.resources import (
    check_feasible,
    optimal_schedule,
    resource_schedule,
    resource_usage,
)

__all__ = [
    "check_feasible",
    "cpm",
    "crash_cost_slope",
    "critical_path",
    "deadline_for_probability",
    "optimal_schedule",
    "path_estimate",
    "pert",
    "pert_table",
    "probability_of_finishing_by",
    "project_finish",
    "resource_schedule",
    "resource_usage",
    "triangular_mean",
    "triangular_std",
]

TaskTable = pd.DataFrame | Iterable[Mapping[str, Any]]
_TOL = 1e-9


def network(tasks: TaskTable, duration: str = "duration"):
    """Parse a task table into ids, durations and a network.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        The task table.
    duration : str
        The column holding durations.

    Returns
    -------
    ids : list of str
    durations : numpy.ndarray
    net : pmcourse._network.Network

    Raises
    ------
    ValueError
        For a missing column, a bad duration, an unknown predecessor or a cycle.

    Examples
    --------
    >>> ids, d, net = network([{"id": "A", "duration": 2, "predecessors": []}])
    >>> ids, d.tolist()
    (['A'], [2.0])
    """
    table = _network.records(tasks)
    if len(table) == 0:
        raise ValueError("tasks table is empty: add at least one task")
    ids = _network.task_ids(table)
    durations = _network.numeric_column(table, duration, ids)
    if "predecessors" in table.columns:
        preds = table["predecessors"].tolist()
    else:
        raise ValueError(
            "tasks table is missing the column 'predecessors' "
            "(use an empty list or '' for a task without predecessors)"
        )
    return ids, durations, _network.build(ids, preds)


def cpm(tasks: TaskTable) -> pd.DataFrame:
    """Compute early and late dates, float and the critical path of a network.

    The forward pass gives each task its earliest start (ES) and finish (EF);
    the backward pass, from the project finish ``max(ef)``, gives its latest
    start (LS) and finish (LF). ``total_float = ls - es``: how far a task can
    slip without delaying the project. ``free_float``: how far it can slip
    without moving any successor's early dates. A task is critical when its
    total float is 0.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        Columns ``id`` (str), ``duration`` (number >= 0) and ``predecessors``
        (list of str or comma-separated string; entries ``ID``, ``ID:TYPE``,
        ``ID:TYPE+LAG``, ``ID:TYPE-LAG``). Other columns are ignored.

    Returns
    -------
    DataFrame
        Indexed by ``id`` in input order, with float columns ``es, ef, ls, lf,
        total_float, free_float`` and bool column ``critical``.

    Raises
    ------
    ValueError
        Naming the task with an unknown predecessor or a negative duration,
        the missing column, or every task of a cycle ("cycle: A -> B -> A").

    Examples
    --------
    >>> plan = [
    ...     {"id": "A", "duration": 3, "predecessors": ""},
    ...     {"id": "B", "duration": 2, "predecessors": "A"},
    ...     {"id": "C", "duration": 4, "predecessors": "A"},
    ...     {"id": "D", "duration": 1, "predecessors": "B, C"},
    ... ]
    >>> cpm(plan)[["es", "ef", "total_float", "critical"]]
         es   ef  total_float  critical
    id
    A   0.0  3.0          0.0      True
    B   3.0  5.0          2.0     False
    C   3.0  7.0          0.0      True
    D   7.0  8.0          0.0      True

    Used in: lesson 03, scheduling; exercise ps03.
    """
    ids, d, net = network(tasks)
    es, ef = net.forward(d)
    finish = float(ef.max())
    ls, lf = net.backward(d, finish)
    total = ls - es
    total[np.abs(total) < _TOL] = 0.0
    total = np.maximum(total, 0.0)
    free = net.free_float(es, ef, total)
    free[np.abs(free) < _TOL] = 0.0
    out = pd.DataFrame(
        {
            "es": es,
            "ef": ef,
            "ls": ls,
            "lf": lf,
            "total_float": total,
            "free_float": free,
            "critical": total <= _TOL,
        },
        index=pd.Index(ids, name="id"),
    )
    return out


def project_finish(tasks: TaskTable) -> float:
    """Return the project's earliest finish, the length of the longest path.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        A task table (see :func:`cpm`).

    Returns
    -------
    float

    Examples
    --------
    >>> project_finish([{"id": "A", "duration": 3, "predecessors": ""},
    ...                 {"id": "B", "duration": 2, "predecessors": "A:SS+1"}])
    3.0

    Used in: lesson 03, scheduling.
    """
    _, d, net = network(tasks)
    return float(net.forward(d)[1].max())


def critical_path(tasks: TaskTable) -> list[str]:
    """Return the ids of the critical tasks in order of their early start.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        A task table, or a result of :func:`cpm` (then it is not recomputed).

    Returns
    -------
    list of str
        Critical task ids sorted by ``es`` (ties keep the input order).

    Examples
    --------
    >>> critical_path([
    ...     {"id": "A", "duration": 3, "predecessors": ""},
    ...     {"id": "B", "duration": 2, "predecessors": "A"},
    ...     {"id": "C", "duration": 4, "predecessors": "A"},
    ... ])
    ['A', 'C']

    Used in: lesson 03, scheduling; exercise ps03.
    """
    if isinstance(tasks, pd.DataFrame) and {"es", "critical"} <= set(tasks.columns):
        result = tasks
    else:
        result = cpm(tasks)
    crit = result[result["critical"]]
    order = np.argsort(crit["es"].to_numpy(), kind="stable")
    return [str(i) for i in crit.index[order]]


def _three_points(
    optimistic: Any, most_likely: Any, pessimistic: Any
) -> tuple[Any, Any, Any]:
    o, m, p = (
        np.asarray(x, dtype=float) for x in (optimistic, most_likely, pessimistic)
    )
    for name, x in (("optimistic", o), ("most_likely", m), ("pessimistic", p)):
        if not np.all(np.isfinite(x)):
            raise ValueError(f"{name} must be a finite number, got {x.tolist()!r}")
    if np.any(o > m) or np.any(m > p):
        raise ValueError(
            "three-point estimate needs optimistic <= most_likely <= pessimistic, "
            f"got optimistic={o.tolist()!r}, most_likely={m.tolist()!r}, "
            f"pessimistic={p.tolist()!r}"
        )
    return o, m, p


def _scalar(x: np.ndarray) -> Any:
    return float(x) if np.ndim(x) == 0 else x


def pert(optimistic: Any, most_likely: Any, pessimistic: Any) -> tuple[Any, Any]:
    """Return the PERT (beta) mean and standard deviation of a three-point estimate.

    ``mean = (o + 4m + p) / 6`` and ``std = (p - o) / 6``, the exam's
    conventions. Works elementwise on arrays.

    Parameters
    ----------
    optimistic, most_likely, pessimistic : float or array_like
        The three estimates, with ``optimistic <= most_likely <= pessimistic``.

    Returns
    -------
    mean, std : float or numpy.ndarray

    Raises
    ------
    ValueError
        Unless ``optimistic <= most_likely <= pessimistic``.

    Examples
    --------
    >>> pert(4, 6, 14)
    (7.0, 1.6666666666666667)

    Used in: lesson 03, scheduling; lesson 02, budgeting; exercise ps03.
    """
    o, m, p = _three_points(optimistic, most_likely, pessimistic)
    return _scalar((o + 4 * m + p) / 6), _scalar((p - o) / 6)


def triangular_mean(optimistic: Any, most_likely: Any, pessimistic: Any) -> Any:
    """Return the triangular-distribution mean ``(o + m + p) / 3``.

    Parameters
    ----------
    optimistic, most_likely, pessimistic : float or array_like
        The three estimates, with ``optimistic <= most_likely <= pessimistic``.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        Unless ``optimistic <= most_likely <= pessimistic``.

    Examples
    --------
    >>> triangular_mean(4, 6, 14)
    8.0

    Used in: lesson 02, budgeting; lesson 03, scheduling.
    """
    o, m, p = _three_points(optimistic, most_likely, pessimistic)
    return _scalar((o + m + p) / 3)


def triangular_std(optimistic: Any, most_likely: Any, pessimistic: Any) -> Any:
    """Return the triangular-distribution standard deviation.

    ``std = sqrt((o² + m² + p² - om - op - mp) / 18)``.

    Parameters
    ----------
    optimistic, most_likely, pessimistic : float or array_like
        The three estimates, with ``optimistic <= most_likely <= pessimistic``.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        Unless ``optimistic <= most_likely <= pessimistic``.

    Examples
    --------
    >>> round(triangular_std(0, 0, 6), 4)
    1.4142

    Used in: lesson 02, budgeting; lesson 05, risk.
    """
    o, m, p = _three_points(optimistic, most_likely, pessimistic)
    var = (o * o + m * m + p * p - o * m - o * p - m * p) / 18
    return _scalar(np.sqrt(np.maximum(var, 0.0)))


def pert_table(tasks: TaskTable) -> pd.DataFrame:
    """Add the PERT mean, standard deviation and variance to each task.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        Rows with ``optimistic``, ``most_likely`` and ``pessimistic``.

    Returns
    -------
    DataFrame
        A copy of the table with columns ``mean``, ``std`` and ``variance``.

    Raises
    ------
    ValueError
        Naming the row whose estimates are missing or out of order.

    Examples
    --------
    >>> pert_table([{"id": "A", "optimistic": 2, "most_likely": 4,
    ...              "pessimistic": 12}])[["mean", "std", "variance"]]
       mean       std  variance
    0   5.0  1.666667  2.777778

    Used in: lesson 03, scheduling; exercise ps03.
    """
    table = _network.records(tasks).copy()
    labels = (
        [str(x) for x in table["id"]]
        if "id" in table.columns
        else [f"row {i}" for i in range(len(table))]
    )
    cols = {}
    for name in ("optimistic", "most_likely", "pessimistic"):
        cols[name] = _network.numeric_column(table, name, labels, allow_negative=True)
    for i, label in enumerate(labels):
        o, m, p = (cols[n][i] for n in ("optimistic", "most_likely", "pessimistic"))
        if not o <= m <= p:
            raise ValueError(
                f"task '{label}' needs optimistic <= most_likely <= pessimistic, "
                f"got {o:g}, {m:g}, {p:g}"
            )
    mean, std = pert(cols["optimistic"], cols["most_likely"], cols["pessimistic"])
    table["mean"] = np.asarray(mean, dtype=float)
    table["std"] = np.asarray(std, dtype=float)
    table["variance"] = table["std"] ** 2
    return table


def path_estimate(tasks: TaskTable) -> tuple[float, float]:
    """Return the PERT mean and standard deviation of a path of tasks.

    The path's mean is the sum of the task means; its standard deviation is
    the square root of the summed variances (never the sum of the standard
    deviations), which assumes the tasks vary independently.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        The tasks on the path, with ``optimistic``, ``most_likely`` and
        ``pessimistic``.

    Returns
    -------
    mean, std : float

    Examples
    --------
    >>> path_estimate([
    ...     {"optimistic": 2, "most_likely": 4, "pessimistic": 6},
    ...     {"optimistic": 3, "most_likely": 5, "pessimistic": 13},
    ... ])
    (10.0, 1.7950549357115013)

    Used in: lesson 03, scheduling; exercise ps03.
    """
    table = pert_table(tasks)
    return float(table["mean"].sum()), float(math.sqrt(table["variance"].sum()))


def probability_of_finishing_by(deadline: float, mean: float, std: float) -> float:
    """Return the chance of finishing by a deadline, by the normal approximation.

    ``P(finish <= deadline) = Phi((deadline - mean) / std)``.

    Parameters
    ----------
    deadline : float
        The date to meet, in the same units as ``mean``.
    mean, std : float
        The path's mean and standard deviation (see :func:`path_estimate`).

    Returns
    -------
    float
        A probability in [0, 1]. With ``std = 0`` it is 1 when the deadline
        is at or after the mean, else 0.

    Raises
    ------
    ValueError
        If ``std`` is negative.

    Examples
    --------
    >>> round(probability_of_finishing_by(12, 10, 2), 4)
    0.8413

    Used in: lesson 03, scheduling; lesson 05, risk; exercise ps03.
    """
    if std < 0 or not math.isfinite(std):
        raise ValueError(f"std must be 0 or more, got {std!r}")
    if std == 0:
        return 1.0 if deadline >= mean else 0.0
    return float(norm.cdf((deadline - mean) / std))


def deadline_for_probability(probability: float, mean: float, std: float) -> float:
    """Return the date met with a given probability (normal approximation).

    Parameters
    ----------
    probability : float
        Wanted confidence, strictly between 0 and 1 (e.g. 0.8 for P80).
    mean, std : float
        The path's mean and standard deviation.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``probability`` is not strictly between 0 and 1 or ``std`` < 0.

    Examples
    --------
    >>> round(deadline_for_probability(0.8413, 10, 2), 2)
    12.0

    Used in: lesson 03, scheduling; lesson 05, risk.
    """
    if not 0 < probability < 1:
        raise ValueError(f"probability must be between 0 and 1, got {probability!r}")
    if std < 0 or not math.isfinite(std):
        raise ValueError(f"std must be 0 or more, got {std!r}")
    return float(mean + std * norm.ppf(probability))


def _nonnegative(value: Any, name: str) -> float:
    """Return ``value`` as a finite float >= 0, naming it in the error."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(x) or x < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return x


def crash_cost_slope(
    normal_duration: float,
    normal_cost: float,
    crash_duration: float,
    crash_cost: float,
) -> float:
    """Return the cost of shortening an activity by one time unit (crashing).

    ``slope = (crash cost - normal cost) / (normal duration - crash duration)``.
    When crashing, shorten first the critical activity with the lowest slope.

    Parameters
    ----------
    normal_duration, normal_cost : float
        Duration and cost at the normal pace; duration > 0, cost >= 0.
    crash_duration, crash_cost : float
        The shortest possible duration and its cost;
        ``crash_duration < normal_duration``, ``crash_cost >= normal_cost``.

    Returns
    -------
    float
        Cost per time unit saved.

    Raises
    ------
    ValueError
        For a negative or non-finite value, a crash duration that is not
        shorter than the normal one, or a crash cost below the normal cost.

    Examples
    --------
    >>> crash_cost_slope(10, 20_000, 6, 30_000)
    2500.0

    Used in: lesson 03, scheduling (crashing).
    """
    d, c, dc, cc = (
        _nonnegative(value, name)
        for value, name in (
            (normal_duration, "normal_duration"),
            (normal_cost, "normal_cost"),
            (crash_duration, "crash_duration"),
            (crash_cost, "crash_cost"),
        )
    )
    if dc >= d:
        raise ValueError(
            f"crash_duration ({dc:g}) must be shorter than normal_duration ({d:g})"
        )
    if cc < c:
        raise ValueError(
            f"crash_cost ({cc:,.2f}) must be at least normal_cost ({c:,.2f})"
        )
    return (cc - c) / (d - dc)
