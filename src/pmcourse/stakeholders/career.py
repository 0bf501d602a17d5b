"""Career arithmetic: what a certification returns on its cost.

A certification is a small investment project, and the tools of project
selection (:mod:`pmcourse.cost.finance`) judge it like any other. The model:

- at year 0 you pay the fees (exam, preparation course, membership) and
  give up your study hours, valued at what an hour of your spare time is
  worth to you: ``outlay = cost + study_hours * hour_value``;
- from year 1 to ``years`` your pay is higher by ``uplift`` (a fraction of
  your salary), growing by ``salary_growth`` a year:
  ``gain_t = salary * uplift * (1 + salary_growth) ** (t - 1)``.

So ``cashflows = [-outlay, gain_1, ..., gain_years]``, and NPV, IRR, payback
and ROI follow from :mod:`pmcourse.cost.finance`. Amounts are before tax, and
the uplift is an assumption you choose: published salary surveys compare
people who differ in more than the certificate.

Used in: lesson 02, budgeting (the certification return-on-investment
calculator); lesson 00 (why this is worth learning).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pmcourse.core.checks import is_whole, number
from pmcourse.cost import finance

__all__ = ["CertificationROI", "certification_roi"]


@dataclass(frozen=True)
class CertificationROI:
    """The return on a certification, year by year and in summary.

    Attributes
    ----------
    cashflows : numpy.ndarray
        Year 0 (the outlay, negative) then the gain of each year.
    outlay : float
        Fees plus the value of the study time.
    npv : float
        Net present value at the chosen discount rate.
    irr : float or None
        Internal rate of return a year, or None when there is no gain.
    payback : float or None
        Years until the gains repay the outlay (None if never).
    discounted_payback : float or None
        The same with each year discounted (None if never).
    roi : float
        ``(sum of gains - outlay) / outlay``, undiscounted.
    cumulative_pv : numpy.ndarray
        The running total of the discounted cash flows (its last value is
        the NPV).
    """

    cashflows: np.ndarray = field(repr=False)
    outlay: float
    npv: float
    irr: float | None
    payback: float | None
    discounted_payback: float | None
    roi: float
    cumulative_pv: np.ndarray = field(repr=False)


def _number(value: object, name: str, *, low: float = 0.0) -> float:
    return number(value, name, low=low, numeric_only=True)


def certification_roi(
    *,
    cost: float,
    study_hours: float,
    hour_value: float,
    salary: float,
    uplift: float,
    years: int,
    rate: float,
    salary_growth: float = 0.0,
) -> CertificationROI:
    """Compute the NPV, IRR, payback and ROI of earning a certification.

    ``cashflows[0] = -(cost + study_hours * hour_value)`` and
    ``cashflows[t] = salary * uplift * (1 + salary_growth) ** (t - 1)`` for
    ``t = 1 .. years``; then :func:`pmcourse.cost.finance.npv`,
    :func:`~pmcourse.cost.finance.irr`, :func:`~pmcourse.cost.finance.payback_period`,
    :func:`~pmcourse.cost.finance.discounted_payback_period` and
    :func:`~pmcourse.cost.finance.roi`.

    Parameters
    ----------
    cost : float
        Fees in dollars (exam, preparation course, membership); >= 0.
    study_hours : float
        Hours of study; >= 0.
    hour_value : float
        What an hour of your spare time is worth to you, in dollars; >= 0.
    salary : float
        Current annual salary in dollars; >= 0.
    uplift : float
        Pay rise the certification brings, as a fraction of salary (0.05
        is 5 %); >= 0.
    years : int
        Years over which you count the gain; 1 to 50.
    rate : float
        Discount rate a year, as a fraction; > -1.
    salary_growth : float
        Yearly growth of the gain, as a fraction; > -1.

    Returns
    -------
    CertificationROI

    Raises
    ------
    ValueError
        If a value is negative, not finite, or ``years`` is not a whole
        number from 1 to 50 (naming the parameter), or the outlay is 0
        (there is nothing to return on).

    Examples
    --------
    >>> r = certification_roi(cost=1_000, study_hours=100, hour_value=20,
    ...                       salary=60_000, uplift=0.05, years=3, rate=0.10)
    >>> r.cashflows.tolist()
    [-3000.0, 3000.0, 3000.0, 3000.0]
    >>> round(r.npv, 2), r.payback, r.roi
    (4460.56, 1.0, 2.0)

    Used in: lesson 02, budgeting (certification return on investment).
    """
    fees = _number(cost, "cost")
    hours = _number(study_hours, "study_hours")
    value = _number(hour_value, "hour_value")
    pay = _number(salary, "salary")
    rise = _number(uplift, "uplift")
    r = _number(rate, "rate", low=-1 + 1e-12)
    growth = _number(salary_growth, "salary_growth", low=-1 + 1e-12)
    if not (is_whole(years, 1) and years <= 50):
        raise ValueError(f"years must be a whole number from 1 to 50, got {years!r}")
    n = int(years)
    outlay = fees + hours * value
    if outlay <= 0:
        raise ValueError(
            "the outlay (cost + study_hours * hour_value) is 0: there is nothing "
            "to earn a return on"
        )
    gains = pay * rise * (1.0 + growth) ** np.arange(n)
    flows = np.concatenate([[-outlay], gains])
    try:
        rate_of_return: float | None = finance.irr(flows)
    except ValueError:
        rate_of_return = None
    discounted = flows / (1.0 + r) ** np.arange(n + 1)
    return CertificationROI(
        cashflows=flows,
        outlay=outlay,
        npv=float(finance.npv(r, flows)),
        irr=rate_of_return,
        payback=finance.payback_period(flows),
        discounted_payback=finance.discounted_payback_period(r, flows),
        roi=float(finance.roi(float(gains.sum()) - outlay, outlay)),
        cumulative_pv=np.cumsum(discounted),
    )
