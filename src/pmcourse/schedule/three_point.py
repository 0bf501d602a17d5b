"""PERT: three-point estimates, the spread of a path, the chance of a date.

The beta-PERT mean and standard deviation of a task, ``(o + 4m + p) / 6``
and ``(p - o) / 6``, and the triangular ones; a path's mean and standard
deviation (means add, and so do variances, assuming the tasks vary
independently); and the normal approximation that turns them into the
chance of finishing by a deadline, or the deadline for a given chance. All
are re-exported by :mod:`pmcourse.schedule`.

Used in: lesson 03, scheduling; lesson 02, budgeting; exercise ps03.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from pmcourse.core.checks import Table
from pmcourse.schedule import _tasks

__all__ = [
    "deadline_for_probability",
    "path_estimate",
    "pert",
    "pert_table",
    "probability_of_finishing_by",
    "triangular_mean",
    "triangular_std",
    "with_estimates",
]

TaskTable: TypeAlias = Table


# The standard library's normal distribution: exact to double precision and
# quick to import (scipy.stats would add half a second to every kernel).
_STANDARD_NORMAL = NormalDist()


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
    table = _tasks.records(tasks).copy()
    labels = (
        [str(x) for x in table["id"]]
        if "id" in table.columns
        else [f"row {i}" for i in range(len(table))]
    )
    cols = {}
    for name in ("optimistic", "most_likely", "pessimistic"):
        cols[name] = _tasks.numeric_column(table, name, labels, allow_negative=True)
    return with_estimates(
        table,
        cols["optimistic"],
        cols["most_likely"],
        cols["pessimistic"],
        rows=[f"task '{label}'" for label in labels],
    )


def with_estimates(
    table: pd.DataFrame,
    optimistic: np.ndarray,
    most_likely: np.ndarray,
    pessimistic: np.ndarray,
    *,
    rows: list[str],
    method: str = "pert",
) -> pd.DataFrame:
    """Add ``mean``, ``std`` and ``variance`` to a table of three-point estimates.

    The one place the three-point table is built: :func:`pert_table` (task
    durations) and :func:`pmcourse.cost.three_point_costs` (cost items) read
    and check their numbers, then come here.

    Parameters
    ----------
    table : DataFrame
        The table to extend (changed in place and returned).
    optimistic, most_likely, pessimistic : numpy.ndarray
        The estimates, one per row, already read as floats.
    rows : list of str
        How an error message names each row, e.g. ``"task 'A'"``.
    method : {"pert", "triangular"}
        Which mean and standard deviation to use.

    Returns
    -------
    DataFrame
        ``table`` with the three columns added.

    Raises
    ------
    ValueError
        Naming the first row whose estimates are out of order, or for an
        unknown ``method``.

    Examples
    --------
    >>> import pandas as pd
    >>> with_estimates(pd.DataFrame({"id": ["A"]}), np.array([2.0]),
    ...                np.array([4.0]), np.array([12.0]), rows=["task 'A'"])
      id  mean       std  variance
    0  A   5.0  1.666667  2.777778
    """
    order = np.flatnonzero((optimistic > most_likely) | (most_likely > pessimistic))
    if order.size:
        i = int(order[0])
        raise ValueError(
            f"{rows[i]} needs optimistic <= most_likely <= pessimistic, got "
            f"{optimistic[i]:g}, {most_likely[i]:g}, {pessimistic[i]:g}"
        )
    if method == "pert":
        mean, std = pert(optimistic, most_likely, pessimistic)
    elif method == "triangular":
        mean = triangular_mean(optimistic, most_likely, pessimistic)
        std = triangular_std(optimistic, most_likely, pessimistic)
    else:
        raise ValueError(f"method must be 'pert' or 'triangular', got {method!r}")
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
    return float(_STANDARD_NORMAL.cdf((deadline - mean) / std))


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
    return float(mean + std * _STANDARD_NORMAL.inv_cdf(probability))
