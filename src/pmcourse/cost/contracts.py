"""Contracts: the arithmetic of incentive contracts.

Contract arithmetic for the two incentive contract types the CAPM formula
sheets cover:

- fixed-price incentive fee (FPIF): the seller is paid its actual cost plus
  the target fee, adjusted by the seller's share of any underrun or overrun,
  never more than the ceiling price. The point of total assumption (PTA) is
  the cost above which every extra dollar is the seller's alone:
  ``PTA = (ceiling price - target price) / buyer's share + target cost``;
- cost-plus incentive fee (CPIF): the seller's fee is the target fee plus its
  share of the underrun (or minus its share of the overrun), within an
  optional minimum and maximum fee;

The crashing cost slope lives in :mod:`pmcourse.schedule` and prioritisation
(WSJF, weighted scoring) in :mod:`pmcourse.analysis`.

Shares are fractions: a 70/30 buyer/seller share ratio is
``buyer_share = 0.7``; the seller's share is ``1 - buyer_share``.

Used in: lesson 02, budgeting (contracts); the CAPM item families.
"""

from __future__ import annotations

import math
from typing import Any

from pmcourse.core.checks import number

__all__ = [
    "cpif_final_fee",
    "fpif_final_price",
    "point_of_total_assumption",
]


def _share(buyer_share: Any) -> float:
    s = number(buyer_share, "buyer_share")
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
    cost = number(target_cost, "target_cost", strict=True)
    fee = number(target_fee, "target_fee")
    ceiling = number(ceiling_price, "ceiling_price")
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
    actual = number(actual_cost, "actual_cost")
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
    cost = number(target_cost, "target_cost", strict=True)
    fee = number(target_fee, "target_fee")
    seller = 1.0 - _share(buyer_share)
    actual = number(actual_cost, "actual_cost")
    low = -math.inf if min_fee is None else number(min_fee, "min_fee")
    high = math.inf if max_fee is None else number(max_fee, "max_fee")
    if low > high:
        raise ValueError(f"min_fee ({low:,.2f}) is above max_fee ({high:,.2f})")
    return float(min(max(fee + (cost - actual) * seller, low), high))
