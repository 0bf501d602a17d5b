"""WSJF: cost of delay, weighted shortest job first, and ranking a backlog.

The cost of delay of an item is ``user-business value + time criticality +
risk reduction or opportunity enablement`` and ``WSJF = cost of delay / job
size`` (the form used by SAFe); do the highest first. The score itself is
:func:`wsjf`. Doing jobs in WSJF order is Smith's rule
(W. E. Smith, "Various optimizers for single-stage production", Naval
Research Logistics Quarterly 3, 1956): when job size stands for duration it
gives the smallest total cost of delay, ``sum(cost of delay x finish time)``.

Used in: lesson 08, business analysis (prioritisation); exercise ps08.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from pmcourse.analysis._common import numbers
from pmcourse.analysis.moscow import MOSCOW, moscow_categories

__all__ = [
    "COD_PARTS",
    "METHODS",
    "compare_rankings",
    "cost_of_delay",
    "rank_backlog",
    "weighted_score",
    "wsjf",
    "wsjf_table",
]

#: The three parts of the cost of delay, as backlog column names.
COD_PARTS: tuple[str, ...] = ("business_value", "time_criticality", "risk_reduction")
#: How :func:`rank_backlog` can order a backlog.
METHODS: tuple[str, ...] = ("wsjf", "cost_of_delay", "moscow", "moscow_wsjf")


def _weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Return one finite weight >= 0 per cost-of-delay part (1 when missing)."""
    weights = dict(weights or {})
    unknown = sorted(set(weights) - set(COD_PARTS))
    if unknown:
        raise ValueError(
            f"weights: unknown part(s) {unknown}; parts: {', '.join(COD_PARTS)}"
        )
    out = {}
    for part in COD_PARTS:
        w = weights.get(part, 1.0)
        if isinstance(w, bool) or not isinstance(w, int | float) or not w >= 0:
            raise ValueError(f"weights[{part!r}] must be a number >= 0, got {w!r}")
        if not math.isfinite(w):
            raise ValueError(f"weights[{part!r}] must be finite, got {w!r}")
        out[part] = float(w)
    return out


def cost_of_delay(
    business_value: Any,
    time_criticality: Any,
    risk_reduction: Any,
    *,
    weights: Mapping[str, float] | None = None,
) -> Any:
    """Return the cost of delay: value + time criticality + risk reduction.

    ``cost of delay = user-business value + time criticality + risk reduction
    or opportunity enablement``, each a relative score (often 1, 2, 3, 5, 8,
    13, 20). ``weights`` multiplies each part, e.g. to stress urgency; SAFe's
    WSJF uses weight 1 for all three. Works elementwise on arrays.

    Parameters
    ----------
    business_value, time_criticality, risk_reduction : float or array_like
        The three parts; each >= 0.
    weights : dict, optional
        Multipliers by part name (``business_value``, ``time_criticality``,
        ``risk_reduction``); a missing part has weight 1.

    Returns
    -------
    float or numpy.ndarray
        The (weighted) sum.

    Raises
    ------
    ValueError
        If a part is negative or not finite, or a weight is unknown, negative
        or not finite.

    Examples
    --------
    >>> cost_of_delay(8, 5, 3)
    16.0
    >>> cost_of_delay(8, 5, 3, weights={"time_criticality": 2})
    21.0

    Used in: lesson 08, business analysis (prioritisation).
    """
    w = _weights(weights)
    total: Any = 0.0
    for part, value in zip(
        COD_PARTS, (business_value, time_criticality, risk_reduction), strict=True
    ):
        x = np.asarray(value, dtype=float)
        if not np.all(np.isfinite(x)) or np.any(x < 0):
            raise ValueError(f"{part} must be finite and >= 0, got {x.tolist()!r}")
        total = total + w[part] * x
    return float(total) if np.ndim(total) == 0 else total


def wsjf_table(
    backlog: pd.DataFrame, *, weights: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Add each item's cost of delay and WSJF score to a backlog.

    Parameters
    ----------
    backlog : DataFrame
        One row per item with columns ``business_value``, ``time_criticality``,
        ``risk_reduction`` (each >= 0) and ``job_size`` (> 0); an ``id``
        column names rows in error messages.
    weights : dict, optional
        Multipliers of the cost-of-delay parts (see :func:`cost_of_delay`).

    Returns
    -------
    DataFrame
        A copy of ``backlog`` with ``cost_of_delay`` and ``wsjf`` columns, in
        the input order.

    Raises
    ------
    ValueError
        If a column is missing, or a value is not a number in range (the
        message names the row).

    Examples
    --------
    >>> items = pd.DataFrame({"id": ["A", "B"], "business_value": [8, 3],
    ...                       "time_criticality": [5, 8], "risk_reduction": [3, 1],
    ...                       "job_size": [4, 2]})
    >>> wsjf_table(items)[["id", "cost_of_delay", "wsjf"]].to_dict("list")
    {'id': ['A', 'B'], 'cost_of_delay': [16.0, 12.0], 'wsjf': [4.0, 6.0]}

    Used in: lesson 08, business analysis (prioritisation); exercise ps08.
    """
    w = _weights(weights)
    parts = {part: numbers(backlog, part, positive=False) for part in COD_PARTS}
    size = numbers(backlog, "job_size", positive=True)
    out = backlog.copy()
    out["cost_of_delay"] = cost_of_delay(*parts.values(), weights=w)
    value, urgency, reduction = (w[p] * parts[p] for p in COD_PARTS)
    out["wsjf"] = np.atleast_1d(wsjf(value, urgency, reduction, size)).astype(float)
    return out


def rank_backlog(
    backlog: pd.DataFrame,
    method: str = "wsjf",
    *,
    weights: Mapping[str, float] | None = None,
    capacity: float | None = None,
) -> pd.DataFrame:
    """Order a backlog by a prioritisation method and time it as a sequence.

    The methods (ties keep the backlog's own order):

    - ``"wsjf"``: highest WSJF first; equal scores, higher cost of delay first;
    - ``"cost_of_delay"``: highest cost of delay first, ignoring size;
    - ``"moscow"``: Must, Should, Could, Won't, in the order written;
    - ``"moscow_wsjf"``: by MoSCoW category, then by WSJF inside each one.

    Items are then done one after another: ``start`` and ``finish`` are the
    cumulative job size before and after each item, and ``delay_cost =
    cost_of_delay x finish`` is what waiting for the item costs. Their sum is
    smallest in WSJF order (Smith's rule).

    Parameters
    ----------
    backlog : DataFrame
        Columns ``id``, ``business_value``, ``time_criticality``,
        ``risk_reduction``, ``job_size`` and, for the MoSCoW methods,
        ``moscow``.
    method : {"wsjf", "cost_of_delay", "moscow", "moscow_wsjf"}
        How to order the items.
    weights : dict, optional
        Multipliers of the cost-of-delay parts (see :func:`cost_of_delay`).
    capacity : float, optional
        The job size that fits in the next release; adds a boolean column
        ``in_release`` (``finish <= capacity``).

    Returns
    -------
    DataFrame
        The items in their new order (index 0, 1, ...) with the columns of
        :func:`wsjf_table` plus ``rank`` (1 = first), ``start``, ``finish``,
        ``delay_cost`` and, with a capacity, ``in_release``.

    Raises
    ------
    ValueError
        For an unknown method, a missing column, a bad value (naming the row),
        a repeated id or a negative capacity.

    Examples
    --------
    >>> items = pd.DataFrame({
    ...     "id": ["A", "B", "C"], "moscow": ["Must", "Could", "Must"],
    ...     "business_value": [8, 3, 2], "time_criticality": [5, 8, 1],
    ...     "risk_reduction": [3, 1, 1], "job_size": [8, 2, 4]})
    >>> rank_backlog(items)["id"].tolist()
    ['B', 'A', 'C']
    >>> rank_backlog(items, "moscow", capacity=10)[["id", "finish", "in_release"]]
      id  finish  in_release
    0  A     8.0        True
    1  C    12.0       False
    2  B    14.0       False

    Used in: lesson 08, business analysis (prioritisation); exercise ps08.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
    if "id" not in backlog.columns:
        raise ValueError(
            f"backlog needs an 'id' column; it has {list(backlog.columns)}"
        )
    ids = backlog["id"].astype(str)
    if ids.duplicated().any():
        raise ValueError(f"backlog: id {ids[ids.duplicated()].iloc[0]!r} repeats")
    table = wsjf_table(backlog.reset_index(drop=True), weights=weights)
    position = np.arange(len(table))
    if method == "wsjf":
        keys: tuple[Any, ...] = (position, -table["cost_of_delay"], -table["wsjf"])
    elif method == "cost_of_delay":
        keys = (position, table["job_size"].astype(float), -table["cost_of_delay"])
    else:
        if "moscow" not in table.columns:
            raise ValueError(f"method {method!r} needs a 'moscow' column in backlog")
        table["moscow"] = moscow_categories(table["moscow"])
        category = table["moscow"].map(MOSCOW.index).to_numpy()
        keys = (position, category)
        if method == "moscow_wsjf":
            keys = (position, -table["wsjf"], category)
    order = np.lexsort([np.asarray(k, dtype=float) for k in keys])
    out = table.iloc[order].reset_index(drop=True)
    size = out["job_size"].astype(float)
    out["rank"] = np.arange(1, len(out) + 1)
    out["finish"] = size.cumsum()
    out["start"] = out["finish"] - size
    out["delay_cost"] = out["cost_of_delay"] * out["finish"]
    if capacity is not None:
        if not isinstance(capacity, int | float) or not capacity >= 0:
            raise ValueError(f"capacity must be a number >= 0, got {capacity!r}")
        out["in_release"] = out["finish"] <= capacity
    return out


def compare_rankings(
    backlog: pd.DataFrame,
    methods: Iterable[str] = ("moscow", "wsjf"),
    *,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Show where each item lands under several prioritisation methods.

    Parameters
    ----------
    backlog : DataFrame
        As for :func:`rank_backlog`.
    methods : iterable of str
        Methods of :data:`METHODS`.
    weights : dict, optional
        Multipliers of the cost-of-delay parts.

    Returns
    -------
    DataFrame
        Indexed by item id in the backlog's order, one column of ranks
        (1 = first) per method.

    Raises
    ------
    ValueError
        As :func:`rank_backlog`, or if no method is given.

    Examples
    --------
    >>> items = pd.DataFrame({"id": ["A", "B"], "moscow": ["Must", "Could"],
    ...                       "business_value": [8, 3], "time_criticality": [5, 8],
    ...                       "risk_reduction": [3, 1], "job_size": [8, 2]})
    >>> compare_rankings(items).to_dict("index")
    {'A': {'moscow': 1, 'wsjf': 2}, 'B': {'moscow': 2, 'wsjf': 1}}

    Used in: lesson 08, business analysis (prioritisation).
    """
    methods = list(methods)
    if not methods:
        raise ValueError("methods: give at least one method")
    ids = backlog["id"].astype(str) if "id" in backlog.columns else None
    out = pd.DataFrame(index=pd.Index(ids, name="id") if ids is not None else None)
    for method in methods:
        ranked = rank_backlog(backlog, method, weights=weights)
        out[method] = ranked.set_index(ranked["id"].astype(str))["rank"]
    return out


def wsjf(
    business_value: Any, time_criticality: Any, risk_reduction: Any, job_size: Any
) -> Any:
    """Return the weighted-shortest-job-first score: cost of delay over job size.

    ``cost of delay = business value + time criticality + risk reduction``
    (each usually a relative estimate on a Fibonacci-like scale) and
    ``WSJF = cost of delay / job size``. Do the highest score first. Works
    elementwise on arrays.

    Parameters
    ----------
    business_value, time_criticality, risk_reduction : float or array_like
        The three parts of the cost of delay; >= 0.
    job_size : float or array_like
        Relative size (duration or effort); > 0.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        If a part is negative or not finite, or a job size is not positive.

    Examples
    --------
    >>> wsjf(8, 5, 3, 4)
    4.0
    >>> wsjf([8, 3], [5, 8], [3, 1], [4, 2]).tolist()
    [4.0, 6.0]

    Used in: lesson 08, business analysis (prioritisation).
    """
    parts = {
        "business_value": business_value,
        "time_criticality": time_criticality,
        "risk_reduction": risk_reduction,
        "job_size": job_size,
    }
    arrays = {}
    for name, value in parts.items():
        x = np.asarray(value, dtype=float)
        if not np.all(np.isfinite(x)) or np.any(x < 0):
            raise ValueError(f"{name} must be finite and >= 0, got {x.tolist()!r}")
        arrays[name] = x
    if np.any(arrays["job_size"] == 0):
        raise ValueError("job_size must be > 0: a job of size 0 has no WSJF")
    cost_of_delay = (
        arrays["business_value"] + arrays["time_criticality"] + arrays["risk_reduction"]
    )
    out = cost_of_delay / arrays["job_size"]
    return float(out) if out.ndim == 0 else out


def weighted_score(
    scores: pd.DataFrame | Mapping[str, Mapping[str, float]],
    weights: Mapping[str, float],
) -> pd.Series:
    """Score alternatives with a weighted scoring model: ``sum(weight * score)``.

    Parameters
    ----------
    scores : DataFrame or dict of dict
        One row per alternative, one column per criterion (a dict maps each
        alternative to its ``{criterion: score}``).
    weights : dict
        The weight of each criterion (>= 0), usually summing to 1. Every
        criterion of ``scores`` needs a weight.

    Returns
    -------
    pandas.Series
        The weighted score of each alternative, in the input order.

    Raises
    ------
    ValueError
        If a criterion has no weight, a weight is negative or not finite, or
        a score is missing or not finite.

    Examples
    --------
    >>> weighted_score({"Vendor A": {"cost": 8, "quality": 6},
    ...                 "Vendor B": {"cost": 5, "quality": 9}},
    ...                {"cost": 0.4, "quality": 0.6}).round(2).to_dict()
    {'Vendor A': 6.8, 'Vendor B': 7.4}

    Used in: lesson 08, business analysis; lesson 02, budgeting (selection).
    """
    table = (
        scores.copy()
        if isinstance(scores, pd.DataFrame)
        else pd.DataFrame.from_dict(dict(scores), orient="index")
    )
    missing = [c for c in table.columns if c not in weights]
    if missing:
        raise ValueError(f"criterion '{missing[0]}' has no weight in weights")
    w = pd.Series({c: weights[c] for c in table.columns}, dtype=float)
    if not np.all(np.isfinite(w)) or (w < 0).any():
        raise ValueError(f"weights must be finite and >= 0, got {w.to_dict()!r}")
    values = table.astype(float)
    bad = np.argwhere(~np.isfinite(values.to_numpy()))
    if bad.size:
        row, col = bad[0]
        raise ValueError(
            f"alternative '{values.index[row]}' has no finite score for "
            f"'{values.columns[col]}'"
        )
    return (values * w).sum(axis=1)
