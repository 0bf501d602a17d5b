"""Project selection: present value, NPV, IRR, payback, benefit-cost ratio, ROI.

Cash flows are a sequence ``cashflows[0], cashflows[1], ...`` with
``cashflows[0]`` at time 0 (now, usually the investment, negative) and
``cashflows[t]`` at the end of period ``t``. Rates are per period and written
as fractions: ``0.08`` is 8 %. A rate must be greater than -1 (a rate of -100 %
would make every future amount infinitely valuable).

The formulas, as the CAPM formula sheets give them:

- present value ``PV = amount / (1 + r)**t``;
- net present value ``NPV = sum(CF_t / (1 + r)**t)`` for ``t = 0, 1, ...``;
- internal rate of return: the rate at which ``NPV = 0``;
- payback: last period whose cumulative cash flow is still negative, plus the
  amount still to recover divided by the next period's flow;
- benefit-cost ratio ``BCR = PV(benefits) / PV(costs)``;
- return on investment ``ROI = net benefit / cost``.

Used in: lesson 02, budgeting (project selection); exercise ps02.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias

import numpy as np
from scipy.optimize import brentq

__all__ = [
    "benefit_cost_ratio",
    "discounted_payback_period",
    "irr",
    "npv",
    "payback_period",
    "present_value",
    "roi",
]

ArrayLike: TypeAlias = float | Sequence[float] | np.ndarray


def _scalar(x: np.ndarray) -> Any:
    """Return a Python float for a 0-d array, the array otherwise."""
    return float(x) if np.ndim(x) == 0 else x


def _rate(rate: Any, name: str = "rate") -> np.ndarray:
    r = np.asarray(rate, dtype=float)
    if not np.all(np.isfinite(r)):
        raise ValueError(f"{name} must be a finite number, got {r.tolist()!r}")
    if np.any(r <= -1):
        raise ValueError(
            f"{name} must be greater than -1 (a fraction: 0.08 means 8 %), "
            f"got {r.tolist()!r}"
        )
    return r


def _cashflows(cashflows: Any) -> np.ndarray:
    cf = np.asarray(cashflows, dtype=float)
    if cf.ndim != 1:
        raise ValueError(
            f"cashflows must be a one-dimensional sequence, got shape {cf.shape}"
        )
    if cf.size == 0:
        raise ValueError("cashflows is empty: give at least the flow at time 0")
    bad = np.flatnonzero(~np.isfinite(cf))
    if bad.size:
        raise ValueError(
            f"cashflows[{bad[0]}] must be a finite number, got {cf[bad[0]]!r}"
        )
    return cf


def present_value(amount: ArrayLike, rate: ArrayLike, periods: ArrayLike) -> Any:
    """Discount an amount received ``periods`` periods from now to today.

    ``PV = amount / (1 + rate) ** periods``. The arguments broadcast like
    numpy arrays, so one call can discount many amounts or try many rates.

    Parameters
    ----------
    amount : float or array_like
        The future amount.
    rate : float or array_like
        The discount rate per period, as a fraction (0.1 is 10 %); > -1.
    periods : float or array_like
        How many periods from now the amount arrives; >= 0.

    Returns
    -------
    float or numpy.ndarray
        The present value (a float when every argument is a scalar).

    Raises
    ------
    ValueError
        If ``rate <= -1``, ``periods < 0`` or a value is not finite.

    Examples
    --------
    >>> present_value(1210, 0.10, 2)
    1000.0
    >>> present_value(1000, [0.0, 0.05, 0.10], 1).round(2)
    array([1000.  ,  952.38,  909.09])

    Used in: lesson 02, budgeting (project selection).
    """
    a = np.asarray(amount, dtype=float)
    if not np.all(np.isfinite(a)):
        raise ValueError(f"amount must be a finite number, got {a.tolist()!r}")
    r = _rate(rate)
    t = np.asarray(periods, dtype=float)
    if not np.all(np.isfinite(t)) or np.any(t < 0):
        raise ValueError(f"periods must be a finite number >= 0, got {t.tolist()!r}")
    return _scalar(a / (1.0 + r) ** t)


def npv(rate: ArrayLike, cashflows: Sequence[float] | np.ndarray) -> Any:
    """Return the net present value of a series of cash flows.

    ``NPV = sum(cashflows[t] / (1 + rate) ** t)``, with ``cashflows[0]`` at
    time 0 (not discounted). Give an array of rates to get the NPV profile
    (one NPV per rate) in one call.

    Parameters
    ----------
    rate : float or array_like
        Discount rate per period as a fraction (0.1 is 10 %); > -1.
    cashflows : sequence of float
        Net cash flow of each period, time 0 first (outflows negative).

    Returns
    -------
    float or numpy.ndarray
        The NPV, with the shape of ``rate``.

    Raises
    ------
    ValueError
        If ``rate <= -1``, or ``cashflows`` is empty or holds a non-finite
        value.

    Examples
    --------
    >>> round(npv(0.10, [-1000, 500, 500, 500]), 2)
    243.43
    >>> npv([0.0, 0.10], [-1000, 500, 500, 500]).round(2)
    array([500.  , 243.43])

    Used in: lesson 02, budgeting (project selection); exercise ps02.
    """
    r = _rate(rate)
    cf = _cashflows(cashflows)
    t = np.arange(cf.size, dtype=float)
    factors = (1.0 + r[..., np.newaxis]) ** -t
    return _scalar(factors @ cf)


def irr(cashflows: Sequence[float] | np.ndarray) -> float:
    """Return the internal rate of return: the rate at which the NPV is zero.

    The candidate rates are the real roots of the NPV polynomial, found with
    :func:`numpy.roots` as :func:`numpy_financial.irr` finds them, each then
    polished with Brent's method from :mod:`scipy.optimize`. A conventional
    project (outflows first, then inflows) has exactly one IRR. Cash flows
    whose sign changes more than once may have several; like
    numpy-financial, this returns the one closest to zero, so compare such
    projects by NPV.

    Parameters
    ----------
    cashflows : sequence of float
        Net cash flow of each period, time 0 first.

    Returns
    -------
    float
        The IRR per period, as a fraction (0.1 is 10 %).

    Raises
    ------
    ValueError
        If no real rate above -1 makes the NPV zero, for instance when every
        cash flow has the same sign.

    Examples
    --------
    >>> round(irr([-1000, 1100]), 6)
    0.1
    >>> round(irr([-100, 60, 60]), 4)
    0.1307
    >>> irr([100, 50])
    Traceback (most recent call last):
    ...
    ValueError: no IRR: every non-zero cash flow has the same sign, ...

    Used in: lesson 02, budgeting (project selection); exercise ps02.
    """
    cf = _cashflows(cashflows)
    nonzero = cf[cf != 0]
    if nonzero.size == 0 or np.all(nonzero > 0) or np.all(nonzero < 0):
        raise ValueError(
            "no IRR: every non-zero cash flow has the same sign, so the NPV "
            "is never zero; an IRR needs both outflows and inflows"
        )
    # Leading zeros only shift time and trailing zeros add nothing: drop them.
    first, last = np.flatnonzero(cf)[[0, -1]]
    core = cf[first : last + 1] / np.abs(cf).max()
    # NPV(r) = 0 is a polynomial equation, in x = 1 / (1 + r) with
    # coefficients core[0], core[1], ... (rising powers), or equally in
    # y = 1 + r with the coefficients reversed. numpy.roots divides by the
    # top coefficient, so solve in the variable whose top coefficient is the
    # larger end of the flows (a tiny one would overflow).
    in_y = abs(core[0]) >= abs(core[-1])
    rising = core[::-1] if in_y else core
    powers = np.arange(rising.size)

    def residual(z: float) -> float:
        # The polynomial at z, relative to the size of its terms.
        terms = rising * z**powers
        return float(terms.sum() / np.abs(terms).sum())

    roots = np.roots(rising[::-1])
    zs = roots.real[
        (np.abs(roots.imag) <= 1e-6 * np.maximum(1.0, np.abs(roots))) & (roots.real > 0)
    ]
    rates = []
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        for z in zs:
            # Polish the root inside the smallest bracket where the sign
            # changes (a double root touches zero without crossing: keep it).
            for width in (1e-9, 1e-6, 1e-3):
                lo, hi = z * (1 - width), z * (1 + width)
                if residual(lo) * residual(hi) < 0:
                    z = brentq(residual, lo, hi, xtol=1e-300, rtol=1e-15)
                    break
            rate = z - 1.0 if in_y else 1.0 / z - 1.0
            if abs(residual(z)) <= 1e-9 and rate > -1.0:
                rates.append(rate)
    if not rates:
        raise ValueError(
            "no IRR: no real rate above -1 makes the NPV of these cash flows zero"
        )
    rates_arr = np.asarray(rates)
    return float(rates_arr[np.argmin(np.abs(rates_arr))])


def _payback(flows: np.ndarray) -> float | None:
    """Return the fractional payback period of already-validated flows."""
    cumulative = np.cumsum(flows)
    # Sums of floats can miss zero by a rounding error: allow that much.
    tol = 1e-12 * max(1.0, float(np.abs(flows).sum()))
    negative = np.flatnonzero(cumulative < -tol)
    if negative.size == 0:
        return 0.0
    after = np.flatnonzero((cumulative >= -tol) & (np.arange(flows.size) > negative[0]))
    if after.size == 0:
        return None
    t = int(after[0])
    still_owed = -float(cumulative[t - 1])
    fraction = min(1.0, max(0.0, still_owed / float(flows[t])))
    return (t - 1) + fraction


def payback_period(cashflows: Sequence[float] | np.ndarray) -> float | None:
    """Return how many periods it takes for the cash flows to repay the outlay.

    The cumulative cash flow starts negative (the investment). The payback
    period is the first moment it climbs back to zero, assuming each period's
    flow arrives evenly through the period: the last period still in the red
    plus the amount still owed divided by the next period's flow. Flows after
    that moment are ignored (the method's known blind spot), and no
    discounting is applied (see :func:`discounted_payback_period`).

    Parameters
    ----------
    cashflows : sequence of float
        Net cash flow of each period, time 0 first.

    Returns
    -------
    float or None
        The payback period in periods (``0.0`` if the cumulative flow is never
        negative), or ``None`` if the outlay is never repaid.

    Raises
    ------
    ValueError
        If ``cashflows`` is empty or holds a non-finite value.

    Examples
    --------
    >>> payback_period([-1000, 300, 400, 500])
    2.6
    >>> payback_period([-1000, 500, 500])
    2.0
    >>> payback_period([-1000, 300, 300]) is None
    True

    Used in: lesson 02, budgeting (project selection); exercise ps02.
    """
    return _payback(_cashflows(cashflows))


def discounted_payback_period(
    rate: float, cashflows: Sequence[float] | np.ndarray
) -> float | None:
    """Return the payback period of the cash flows discounted at ``rate``.

    Each flow is first turned into its present value
    ``cashflows[t] / (1 + rate) ** t``; the payback is then found as in
    :func:`payback_period`. It is never shorter than the plain payback when
    the rate is positive.

    Parameters
    ----------
    rate : float
        Discount rate per period as a fraction; > -1.
    cashflows : sequence of float
        Net cash flow of each period, time 0 first.

    Returns
    -------
    float or None
        The discounted payback period, or ``None`` if never repaid.

    Raises
    ------
    ValueError
        If ``rate <= -1`` or the cash flows are empty or not finite.

    Examples
    --------
    >>> round(discounted_payback_period(0.10, [-1000, 550, 605]), 6)
    2.0
    >>> discounted_payback_period(0.10, [-1000, 500, 500]) is None
    True

    Used in: lesson 02, budgeting (project selection).
    """
    r = _rate(rate)
    if r.ndim != 0:
        raise ValueError(f"rate must be a single number, got shape {r.shape}")
    cf = _cashflows(cashflows)
    discounted = cf / (1.0 + float(r)) ** np.arange(cf.size)
    return _payback(discounted)


def benefit_cost_ratio(benefits_pv: ArrayLike, costs_pv: ArrayLike) -> Any:
    """Return the benefit-cost ratio ``BCR = PV(benefits) / PV(costs)``.

    A ratio above 1 means the benefits outweigh the costs. Both amounts must
    be present values (discount them first with :func:`present_value` or
    :func:`npv`). Arrays compare several projects at once.

    Parameters
    ----------
    benefits_pv : float or array_like
        Present value of the benefits; >= 0.
    costs_pv : float or array_like
        Present value of the costs; > 0.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        If a benefit is negative or a cost is not positive.

    Examples
    --------
    >>> benefit_cost_ratio(150_000, 100_000)
    1.5
    >>> benefit_cost_ratio([90, 240], [100, 200])
    array([0.9, 1.2])

    Used in: lesson 02, budgeting (project selection); exercise ps02.
    """
    b = np.asarray(benefits_pv, dtype=float)
    c = np.asarray(costs_pv, dtype=float)
    if not np.all(np.isfinite(b)) or np.any(b < 0):
        raise ValueError(f"benefits_pv must be finite and >= 0, got {b.tolist()!r}")
    if not np.all(np.isfinite(c)) or np.any(c <= 0):
        raise ValueError(f"costs_pv must be finite and > 0, got {c.tolist()!r}")
    return _scalar(b / c)


def roi(net_benefit: ArrayLike, cost: ArrayLike) -> Any:
    """Return the return on investment ``ROI = net benefit / cost``.

    The convention used throughout the course: the *net* benefit (gain minus
    cost) over the cost, as a fraction (0.25 is 25 %). If you know the total
    gain instead, pass ``gain - cost``. ROI ignores when money arrives; use
    :func:`npv` for that.

    Parameters
    ----------
    net_benefit : float or array_like
        Gain minus cost (negative for a loss).
    cost : float or array_like
        The investment; > 0.

    Returns
    -------
    float or numpy.ndarray
        The ROI as a fraction.

    Raises
    ------
    ValueError
        If ``cost`` is not positive or a value is not finite.

    Examples
    --------
    >>> roi(25_000, 100_000)
    0.25
    >>> roi(125_000 - 100_000, 100_000)  # from a total gain of 125,000
    0.25

    Used in: lesson 02, budgeting (project selection); lesson 00 (the ROI of a
    certification).
    """
    n = np.asarray(net_benefit, dtype=float)
    c = np.asarray(cost, dtype=float)
    if not np.all(np.isfinite(n)):
        raise ValueError(f"net_benefit must be finite, got {n.tolist()!r}")
    if not np.all(np.isfinite(c)) or np.any(c <= 0):
        raise ValueError(f"cost must be finite and > 0, got {c.tolist()!r}")
    return _scalar(n / c)
