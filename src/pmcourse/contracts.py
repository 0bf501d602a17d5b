"""Money trade-offs: incentive contracts, the price of a day saved, work order.

Contract arithmetic for the two incentive contract types the CAPM formula
sheets cover, and two other small formulas the course prices in money:

- fixed-price incentive fee (FPIF): the seller is paid its actual cost plus
  the target fee, adjusted by the seller's share of any underrun or overrun,
  never more than the ceiling price. The point of total assumption (PTA) is
  the cost above which every extra dollar is the seller's alone:
  ``PTA = (ceiling price - target price) / buyer's share + target cost``;
- cost-plus incentive fee (CPIF): the seller's fee is the target fee plus its
  share of the underrun (or minus its share of the overrun), within an
  optional minimum and maximum fee;
- crashing: the cost slope ``(crash cost - normal cost) / (normal duration -
  crash duration)``, the price of each day saved on an activity;
- prioritisation: weighted shortest job first,
  ``WSJF = (business value + time criticality + risk reduction) / job size``,
  and a weighted scoring model, ``sum(weight * score)``.

Shares are fractions: a 70/30 buyer/seller share ratio is
``buyer_share = 0.7``; the seller's share is ``1 - buyer_share``.

Crashing and prioritisation live here until the scheduling and business
analysis modules take them in; the formulas will not change.

Used in: lesson 02, budgeting (contracts); lesson 03, scheduling (crashing);
lesson 08, business analysis (prioritisation); the CAPM item families.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "cpif_final_fee",
    "crash_cost_slope",
    "fpif_final_price",
    "point_of_total_assumption",
    "weighted_score",
    "wsjf",
]


def _amount(value: Any, name: str, *, positive: bool = False) -> float:
    """Return ``value`` as a finite float >= 0 (> 0 if ``positive``)."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(x) or x < 0 or (positive and x == 0):
        bound = "> 0" if positive else ">= 0"
        raise ValueError(f"{name} must be a finite number {bound}, got {value!r}")
    return x


def _share(buyer_share: Any) -> float:
    s = _amount(buyer_share, "buyer_share")
    if not 0 < s < 1:
        raise ValueError(
            "buyer_share must be a fraction strictly between 0 and 1 "
            f"(0.7 for a 70/30 buyer/seller split), got {buyer_share!r}"
        )
    return s


def point_of_total_assumption(
    target_cost: float, target_fee: float, ceiling_price: float, buyer_share: float
) -> float:
    """Return the point of total assumption of a fixed-price incentive contract.

    ``PTA = (ceiling price - target price) / buyer_share + target cost`` with
    ``target price = target cost + target fee``. Above this actual cost the
    price has reached the ceiling, so the seller bears every further dollar.

    Parameters
    ----------
    target_cost : float
        The negotiated target cost; > 0.
    target_fee : float
        The target fee (profit) at the target cost; >= 0.
    ceiling_price : float
        The most the buyer will pay; at least the target price.
    buyer_share : float
        The buyer's share of an overrun, a fraction in (0, 1).

    Returns
    -------
    float
        The actual cost at which the ceiling is reached.

    Raises
    ------
    ValueError
        If an amount is negative or not finite, the share is not in (0, 1),
        or the ceiling is below the target price.

    Examples
    --------
    Target cost 100,000, target fee 10,000, ceiling 120,000, share 70/30:

    >>> round(point_of_total_assumption(100_000, 10_000, 120_000, 0.7))
    114286

    Used in: lesson 02, budgeting (contracts).
    """
    cost = _amount(target_cost, "target_cost", positive=True)
    fee = _amount(target_fee, "target_fee")
    ceiling = _amount(ceiling_price, "ceiling_price")
    share = _share(buyer_share)
    if ceiling < cost + fee:
        raise ValueError(
            f"ceiling_price ({ceiling:,.2f}) is below the target price "
            f"({cost + fee:,.2f} = target_cost + target_fee)"
        )
    return (ceiling - (cost + fee)) / share + cost


def fpif_final_price(
    target_cost: float,
    target_fee: float,
    ceiling_price: float,
    buyer_share: float,
    actual_cost: float,
) -> float:
    """Return what the buyer pays under a fixed-price incentive fee contract.

    ``fee = target fee + (target cost - actual cost) * (1 - buyer_share)``
    and ``price = min(actual cost + fee, ceiling price)``. The fee may turn
    negative (the seller loses money) when the overrun is large.

    Parameters
    ----------
    target_cost : float
        The negotiated target cost; > 0.
    target_fee : float
        The target fee; >= 0.
    ceiling_price : float
        The price cap; at least the target price.
    buyer_share : float
        The buyer's share of an underrun or overrun, a fraction in (0, 1).
    actual_cost : float
        The seller's actual cost; >= 0.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        As :func:`point_of_total_assumption`, or for a bad ``actual_cost``.

    Examples
    --------
    >>> fpif_final_price(100_000, 10_000, 120_000, 0.7, 90_000)
    103000.0
    >>> fpif_final_price(100_000, 10_000, 120_000, 0.7, 118_000)
    120000.0

    Used in: lesson 02, budgeting (contracts).
    """
    point_of_total_assumption(target_cost, target_fee, ceiling_price, buyer_share)
    actual = _amount(actual_cost, "actual_cost")
    seller = 1.0 - float(buyer_share)
    fee = float(target_fee) + (float(target_cost) - actual) * seller
    return min(actual + fee, float(ceiling_price))


def cpif_final_fee(
    target_cost: float,
    target_fee: float,
    buyer_share: float,
    actual_cost: float,
    *,
    min_fee: float | None = None,
    max_fee: float | None = None,
) -> float:
    """Return the fee a seller earns under a cost-plus incentive fee contract.

    ``fee = target fee + (target cost - actual cost) * (1 - buyer_share)``,
    clipped to ``[min_fee, max_fee]`` when they are given. The buyer also
    reimburses the actual cost, so the total paid is ``actual cost + fee``.

    Parameters
    ----------
    target_cost : float
        The negotiated target cost; > 0.
    target_fee : float
        The fee at the target cost; >= 0.
    buyer_share : float
        The buyer's share of an underrun or overrun, a fraction in (0, 1).
    actual_cost : float
        The seller's actual cost; >= 0.
    min_fee, max_fee : float, optional
        Bounds on the fee; ``min_fee <= max_fee``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For a negative or non-finite amount, a share outside (0, 1) or
        ``min_fee > max_fee``.

    Examples
    --------
    An 80/20 share and a 10,000 underrun add 2,000 to a 15,000 target fee:

    >>> cpif_final_fee(200_000, 15_000, 0.8, 190_000)
    17000.0
    >>> cpif_final_fee(200_000, 15_000, 0.8, 150_000, max_fee=20_000)
    20000.0

    Used in: lesson 02, budgeting (contracts).
    """
    cost = _amount(target_cost, "target_cost", positive=True)
    fee = _amount(target_fee, "target_fee")
    seller = 1.0 - _share(buyer_share)
    actual = _amount(actual_cost, "actual_cost")
    low = -math.inf if min_fee is None else _amount(min_fee, "min_fee")
    high = math.inf if max_fee is None else _amount(max_fee, "max_fee")
    if low > high:
        raise ValueError(f"min_fee ({low:,.2f}) is above max_fee ({high:,.2f})")
    return float(min(max(fee + (cost - actual) * seller, low), high))


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
    d = _amount(normal_duration, "normal_duration", positive=True)
    c = _amount(normal_cost, "normal_cost")
    dc = _amount(crash_duration, "crash_duration")
    cc = _amount(crash_cost, "crash_cost")
    if dc >= d:
        raise ValueError(
            f"crash_duration ({dc:g}) must be shorter than normal_duration ({d:g})"
        )
    if cc < c:
        raise ValueError(
            f"crash_cost ({cc:,.2f}) must be at least normal_cost ({c:,.2f})"
        )
    return (cc - c) / (d - dc)


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
