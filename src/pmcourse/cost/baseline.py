"""Reserves, the cost budget and the time-phased cost baseline (the S-curve).

Used in: lesson 02, budgeting; lesson 04, earned value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from pmcourse.core.checks import as_frame, number

# --------------------------------------------------------------------------
# Reserves, baseline and budget


def contingency_reserve(
    *,
    emv: float | Sequence[float] | None = None,
    percent: float | None = None,
    base_cost: float | None = None,
) -> float:
    """Size the contingency reserve for identified risks, one of two ways.

    - From the risk register: ``emv`` is the expected monetary value of the
      identified risks (one total or one value per risk, as
      :mod:`pmcourse.risk` computes it, with threats negative and
      opportunities positive). The reserve covers the net expected cost,
      ``max(0, -sum(emv))``.
    - As a percentage of the estimates: ``percent * base_cost`` (``percent``
      as a fraction: 0.1 is 10 %).

    Parameters
    ----------
    emv : float or sequence of float, optional
        Total EMV of the register, or each risk's EMV.
    percent : float, optional
        Fraction of ``base_cost``; >= 0.
    base_cost : float, optional
        The summed cost estimates; >= 0.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Unless exactly one way is given (``emv``, or ``percent`` with
        ``base_cost``), or if a value is negative or not finite.

    Examples
    --------
    >>> contingency_reserve(emv=[-0.2 * 50_000, -0.5 * 10_000, 0.1 * 20_000])
    13000.0
    >>> contingency_reserve(percent=0.10, base_cost=400_000)
    40000.0

    Used in: lesson 02, budgeting (reserves); lesson 05, risk.
    """
    if (emv is None) == (percent is None):
        raise ValueError(
            "give either emv (from the risk register) or percent with base_cost"
        )
    if emv is not None:
        if base_cost is not None:
            raise ValueError("base_cost is only used with percent, not with emv")
        values = np.asarray(emv, dtype=float)
        if not np.all(np.isfinite(values)):
            raise ValueError(f"emv must hold finite numbers, got {values.tolist()!r}")
        return max(0.0, -float(values.sum()))
    if base_cost is None:
        raise ValueError("percent needs base_cost, the summed estimates")
    return number(percent, "percent") * number(base_cost, "base_cost")


def management_reserve(cost_baseline: float, percent: float) -> float:
    """Size the management reserve as a percentage of the cost baseline.

    ``management reserve = percent * cost baseline``, for risks nobody has
    identified. It sits outside the cost baseline (earned value is not
    measured against it) and releasing it needs management approval.

    Parameters
    ----------
    cost_baseline : float
        Estimates plus contingency reserve; >= 0.
    percent : float
        Fraction of the baseline (0.05 is 5 %); >= 0.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If a value is negative or not finite.

    Examples
    --------
    >>> management_reserve(440_000, 0.05)
    22000.0

    Used in: lesson 02, budgeting (reserves).
    """
    return number(cost_baseline, "cost_baseline") * number(percent, "percent")


@dataclass(frozen=True)
class CostBudget:
    """How a project budget is built up.

    Attributes
    ----------
    estimates : float
        Sum of the activity or work-package cost estimates.
    contingency_reserve : float
        Reserve for identified risks (inside the baseline).
    cost_baseline : float
        ``estimates + contingency_reserve``: what performance is measured
        against (the BAC).
    management_reserve : float
        Reserve for unidentified risks (outside the baseline).
    budget : float
        ``cost_baseline + management_reserve``: the total funds authorised.
    """

    estimates: float
    contingency_reserve: float
    cost_baseline: float
    management_reserve: float
    budget: float

    def to_dict(self) -> dict[str, float]:
        """Return the amounts as a dict.

        Returns
        -------
        dict of str to float

        Examples
        --------
        >>> cost_budget([100, 50], contingency=15).to_dict()["cost_baseline"]
        165.0

        Used in: lesson 02, budgeting (cost baseline).
        """
        return asdict(self)


def cost_budget(
    estimates: float | Sequence[float],
    *,
    contingency: float = 0.0,
    management_reserve: float = 0.0,
) -> CostBudget:
    """Build the cost baseline and the project budget from estimates and reserves.

    ``cost baseline = sum(estimates) + contingency`` and
    ``budget = cost baseline + management reserve``.

    Parameters
    ----------
    estimates : float or sequence of float
        Cost estimates (work packages or activities); each >= 0.
    contingency : float
        Contingency reserve, e.g. from :func:`contingency_reserve`; >= 0.
    management_reserve : float
        Management reserve, e.g. from the function of that name; >= 0.

    Returns
    -------
    CostBudget

    Raises
    ------
    ValueError
        If an estimate or reserve is negative or not finite (naming it).

    Examples
    --------
    >>> b = cost_budget([250_000, 150_000], contingency=40_000,
    ...                 management_reserve=22_000)
    >>> b.cost_baseline, b.budget
    (440000.0, 462000.0)

    Used in: lesson 02, budgeting (cost baseline); exercise ps02.
    """
    values = np.atleast_1d(np.asarray(estimates, dtype=float))
    bad = np.flatnonzero(~np.isfinite(values) | (values < 0))
    if bad.size:
        i = int(bad[0])
        raise ValueError(f"estimates[{i}] must be a cost >= 0, got {values[i]!r}")
    total = float(values.sum())
    cr = number(contingency, "contingency")
    mr = number(management_reserve, "management_reserve")
    return CostBudget(
        estimates=total,
        contingency_reserve=cr,
        cost_baseline=total + cr,
        management_reserve=mr,
        budget=total + cr + mr,
    )


@dataclass(frozen=True)
class ReserveSizing:
    """Reserves sized from simulated total costs at a chosen confidence.

    Attributes
    ----------
    base_estimate : float
        The estimate the reserves are added to (usually the sum of the most
        likely costs).
    confidence : float
        The chosen confidence level, as a fraction (0.8 for P80).
    mean : float
        Mean of the simulated totals.
    cost_at_confidence : float
        The simulated total not exceeded with that confidence (P80...).
    contingency_reserve : float
        ``max(0, cost_at_confidence - base_estimate)``.
    cost_baseline : float
        ``base_estimate + contingency_reserve``.
    management_reserve : float
        ``management_percent * cost_baseline``.
    budget : float
        ``cost_baseline + management_reserve``.
    probability_over_estimate : float
        Share of the simulated totals above the base estimate.
    probability_over_baseline : float
        Share above the cost baseline (the chance of using management
        reserve).
    probability_over_budget : float
        Share above the whole budget.
    """

    base_estimate: float
    confidence: float
    mean: float
    cost_at_confidence: float
    contingency_reserve: float
    cost_baseline: float
    management_reserve: float
    budget: float
    probability_over_estimate: float
    probability_over_baseline: float
    probability_over_budget: float


def size_reserves(
    totals: Sequence[float] | np.ndarray,
    base_estimate: float,
    *,
    confidence: float = 0.8,
    management_percent: float = 0.0,
) -> ReserveSizing:
    """Size the contingency reserve from simulated costs at a confidence level.

    The cost baseline is set at the simulated total that is not exceeded
    with the chosen confidence (``numpy.quantile(totals, confidence)``, the
    P80 for 0.8); the contingency reserve is what that adds to the base
    estimate, and the management reserve is a percentage on top:
    ``baseline = base + max(0, P_conf - base)``,
    ``budget = baseline * (1 + management_percent)``.

    Parameters
    ----------
    totals : array_like
        Simulated total costs, e.g. from
        :func:`pmcourse.risk.montecarlo.monte_carlo_cost`.
    base_estimate : float
        The estimate without reserves; >= 0.
    confidence : float
        Confidence level, strictly between 0 and 1.
    management_percent : float
        Management reserve as a fraction of the baseline; >= 0.

    Returns
    -------
    ReserveSizing

    Raises
    ------
    ValueError
        If ``totals`` is empty or not finite, or a parameter is out of range
        (naming it).

    Examples
    --------
    >>> totals = np.arange(1, 101) * 1_000.0   # 1,000 to 100,000
    >>> r = size_reserves(totals, 50_000, confidence=0.8,
    ...                   management_percent=0.05)
    >>> r.cost_at_confidence, r.contingency_reserve, r.budget
    (80200.0, 30200.0, 84210.0)
    >>> r.probability_over_estimate, r.probability_over_baseline
    (0.5, 0.2)

    Used in: lesson 02, budgeting (reserves; the estimate-vs-actual
    simulation).
    """
    t = np.asarray(totals, dtype=float).ravel()
    if t.size == 0 or not np.all(np.isfinite(t)):
        raise ValueError("totals must hold at least one finite simulated cost")
    base = number(base_estimate, "base_estimate")
    c = float(confidence)
    if not 0 < c < 1:
        raise ValueError(
            f"confidence must be a fraction between 0 and 1 (0.8 for P80), got "
            f"{confidence!r}"
        )
    mr_percent = number(management_percent, "management_percent")
    at_conf = float(np.quantile(t, c))
    contingency = max(0.0, at_conf - base)
    baseline = base + contingency
    mr = baseline * mr_percent
    return ReserveSizing(
        base_estimate=base,
        confidence=c,
        mean=float(t.mean()),
        cost_at_confidence=at_conf,
        contingency_reserve=contingency,
        cost_baseline=baseline,
        management_reserve=mr,
        budget=baseline + mr,
        probability_over_estimate=float(np.mean(t > base)),
        probability_over_baseline=float(np.mean(t > baseline)),
        probability_over_budget=float(np.mean(t > baseline + mr)),
    )


# --------------------------------------------------------------------------
# Time-phased cost baseline (the S-curve)


def time_phased_baseline(
    schedule: pd.DataFrame,
    costs: Mapping[str, float] | pd.Series | None = None,
    *,
    period: float = 1.0,
) -> pd.DataFrame:
    """Spread task costs over the schedule: planned value per period (S-curve).

    Each task's cost is spread evenly from its early start ``es`` to its
    early finish ``ef`` (the plan the baseline records). A zero-duration task
    (a milestone payment) puts its whole cost in the period containing its
    date; one dated exactly at the project finish goes in the last period.
    Period ``k`` covers ``[k * period, (k + 1) * period)``, counting from
    the project start at 0.

    Parameters
    ----------
    schedule : DataFrame
        A :func:`pmcourse.schedule.cpm` result (indexed by task id) or any
        table with ``es`` and ``ef`` and task ids in the index or an ``id``
        column; a ``cost`` column is used when ``costs`` is not given.
    costs : mapping or Series, optional
        Cost of each task, by id; every task needs one (0 if it costs
        nothing), each >= 0.
    period : float
        Length of a period in schedule time units (1 for days, 7 for weeks
        when durations are in days); > 0.

    Returns
    -------
    DataFrame
        Indexed by ``period`` (0, 1, ...), with ``start`` and ``end`` of each
        period, ``pv`` (cost planned in the period) and ``cumulative_pv``
        (the S-curve; its last value is the total cost).

    Raises
    ------
    ValueError
        If ``es`` or ``ef`` is missing or ``ef < es`` (naming the task), a
        task has no cost or a negative one, or ``costs`` names an unknown
        task.

    Examples
    --------
    >>> import pandas as pd
    >>> sched = pd.DataFrame({"es": [0.0, 2.0, 4.0], "ef": [2.0, 4.0, 4.0]},
    ...                      index=pd.Index(["A", "B", "M"], name="id"))
    >>> time_phased_baseline(sched, {"A": 100, "B": 300, "M": 50}, period=1)
            start  end     pv  cumulative_pv
    period
    0         0.0  1.0   50.0           50.0
    1         1.0  2.0   50.0          100.0
    2         2.0  3.0  150.0          250.0
    3         3.0  4.0  200.0          450.0

    Used in: lesson 02, budgeting (cost baseline); lesson 04, earned value
    (the S-curve); exercise ps04.
    """
    schedule = as_frame(schedule)
    for col in ("es", "ef"):
        if col not in schedule.columns:
            raise ValueError(
                f"schedule is missing the column {col!r}; pass a cpm() result"
            )
    ids = (
        [str(i) for i in schedule["id"]]
        if "id" in schedule.columns
        else [str(i) for i in schedule.index]
    )
    if len(set(ids)) != len(ids):
        raise ValueError("schedule has repeated task ids")
    step = number(period, "period", strict=True)
    es = pd.to_numeric(schedule["es"], errors="coerce").to_numpy(dtype=float)
    ef = pd.to_numeric(schedule["ef"], errors="coerce").to_numpy(dtype=float)
    for i, task in enumerate(ids):
        if not (math.isfinite(es[i]) and math.isfinite(ef[i])) or es[i] < 0:
            raise ValueError(
                f"task '{task}': es and ef must be numbers >= 0, got "
                f"{es[i]!r} and {ef[i]!r}"
            )
        if ef[i] < es[i]:
            raise ValueError(f"task '{task}': ef ({ef[i]:g}) is before es ({es[i]:g})")

    if costs is None:
        if "cost" not in schedule.columns:
            raise ValueError("give costs, or a 'cost' column in the schedule")
        by_id = dict(zip(ids, schedule["cost"], strict=True))
    else:
        by_id = {str(k): v for k, v in dict(costs).items()}
        unknown = sorted(set(by_id) - set(ids))
        if unknown:
            raise ValueError(f"costs names task(s) not in the schedule: {unknown}")
    amount = np.empty(len(ids))
    for i, task in enumerate(ids):
        if task not in by_id:
            raise ValueError(f"task '{task}' has no cost; give 0 if it costs nothing")
        value = by_id[task]
        try:
            amount[i] = float(value)
        except (TypeError, ValueError):
            amount[i] = math.nan
        if not math.isfinite(amount[i]) or amount[i] < 0:
            raise ValueError(f"task '{task}': cost must be >= 0, got {value!r}")

    finish = float(ef.max()) if len(ef) else 0.0
    n = max(1, math.ceil(finish / step - 1e-9))
    bounds = np.arange(n + 1) * step
    duration = ef - es
    spread = duration > 0
    # Share of each task's cost spent by each boundary: a ramp from es to ef
    # for a task with duration, a step just after its date for a milestone.
    with np.errstate(divide="ignore", invalid="ignore"):
        ramp = (bounds[np.newaxis, :] - es[:, np.newaxis]) / np.where(
            spread, duration, 1.0
        )[:, np.newaxis]
    share = np.where(
        spread[:, np.newaxis],
        np.clip(ramp, 0.0, 1.0),
        (bounds[np.newaxis, :] > es[:, np.newaxis]).astype(float),
    )
    share[:, -1] = 1.0  # everything is spent by the end of the last period
    cumulative = amount @ share
    return pd.DataFrame(
        {
            "start": bounds[:-1],
            "end": bounds[1:],
            "pv": np.diff(cumulative),
            "cumulative_pv": cumulative[1:],
        },
        index=pd.RangeIndex(n, name="period"),
    )
