"""Read an earned value result in plain language, for learners.

:func:`interpret` turns the measures of :func:`pmcourse.evm.evm` into a few
sentences: over or under budget, behind or ahead of schedule, what the
indices mean in money, the forecast at completion and the efficiency the
rest of the work needs. It is re-exported by :mod:`pmcourse.evm`.

Used in: lesson 04, earned value; exercise ps04.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from pmcourse.core.format import money

if TYPE_CHECKING:
    from pmcourse.evm.indices import EVMResult

__all__ = ["interpret"]

# Relative slack when comparing sums of floats with the BAC (as in pmcourse.evm).
_TOL = 1e-9


def _side(value: float, scale: float, bad: str, good: str, even: str) -> str:
    if abs(value) <= _TOL * scale:
        return even
    return bad if value < 0 else good


def interpret(result: EVMResult, currency: str = "$") -> str:
    """Return a plain-language reading of an :class:`EVMResult` for learners.

    The reading says whether the project is over or under budget and behind
    or ahead of schedule, what the indices mean in money, the forecast at
    completion and the efficiency the rest of the work needs, then any notes.

    Parameters
    ----------
    result : EVMResult
        The measures, from :func:`evm`.
    currency : str
        Symbol written before amounts.

    Returns
    -------
    str

    Examples
    --------
    >>> from pmcourse.evm import evm
    >>> print(interpret(evm(pv=50_000, ev=40_000, ac=45_000, bac=100_000)))
    Over budget and behind schedule. Every $1.00 spent so far has earned $0.89
    of work (CPI 0.89, CV -$5,000). The team has done 80% of the work planned
    by now (SPI 0.80, SV -$10,000). The work is 40% complete and 45% of the
    budget is spent. If costs keep running this way, the project will cost
    $112,500 at completion against a budget of $100,000 (VAC -$12,500). To
    finish within the budget, the remaining work must earn $1.09 for every
    $1.00 still to spend (TCPI 1.09), better than the team has managed so far.

    Used in: lesson 04, earned value; exercise ps04.
    """
    r = result
    cost = _side(r.cv, r.bac, "over budget", "under budget", "on budget")
    time = _side(r.sv, r.bac, "behind schedule", "ahead of schedule", "on schedule")
    one = f"{currency}1.00"
    parts = [f"{cost.capitalize()} and {time}."]
    if r.pv == 0 and r.ev == 0 and r.ac == 0:
        parts = ["Not started: nothing was planned, earned or spent yet."]
    elif math.isnan(r.cpi):
        parts.append("No cost has been recorded yet, so cost efficiency is unknown.")
    else:
        parts.append(
            f"Every {one} spent so far has earned {currency}{r.cpi:.2f} of work "
            f"(CPI {r.cpi:.2f}, CV {money(r.cv, currency)})."
        )
    if math.isnan(r.spi):
        if r.ev or r.ac:
            parts.append("No work was planned by now, so schedule progress is unknown.")
    else:
        parts.append(
            f"The team has done {r.spi:.0%} of the work planned by now "
            f"(SPI {r.spi:.2f}, SV {money(r.sv, currency)})."
        )
    parts.append(
        f"The work is {r.percent_complete:.0%} complete and {r.percent_spent:.0%} "
        "of the budget is spent."
    )
    if not math.isnan(r.eac):
        basis = (
            "On the estimate given"
            if any(n.startswith("EAC was given") for n in r.notes)
            else "If costs keep running this way"
        )
        parts.append(
            f"{basis}, the project will cost {money(r.eac, currency)} at "
            f"completion against a budget of {money(r.bac, currency)} "
            f"(VAC {money(r.vac, currency)})."
        )
    if r.ev >= r.bac * (1 - _TOL):
        parts.append("All the work is done.")
    elif r.ac >= r.bac:
        parts.append(
            "The budget is used up while work remains: the BAC can no longer be "
            "met, so a new EAC has to be agreed."
        )
    elif not math.isnan(r.tcpi):
        text = (
            f"To finish within the budget, the remaining work must earn "
            f"{currency}{r.tcpi:.2f} for every {one} still to spend "
            f"(TCPI {r.tcpi:.2f})"
        )
        if not math.isnan(r.cpi) and r.tcpi > r.cpi * (1 + 1e-9):
            text += ", better than the team has managed so far"
        parts.append(text + ".")
    said = ("CPI is undefined", "SPI is undefined", "EAC was given", "The whole")
    parts.extend(n for n in r.notes if not n.startswith(said))
    return " ".join(parts)
