"""Per-student numbers for exercise ps04, earned value on a software rollout.

The story stays the same for everyone: Harbour Logistics replaces paper pick
lists with a warehouse management system over ten months, eight work packages
with fixed dates, six monthly status reports so far, and a cost problem with
the carrier integrations that starts in month 3 or 4 and has not turned by
the status date, month 6. What each student gets of their own:

- the budget of every work package (so the BAC and the S-curve differ);
- the month the integration trouble starts, and the value earned and the
  cost booked in each of the six months (so the variances, indices,
  forecasts and the month the CPI first drops below 0.95 differ);
- the estimate at completion the sponsor could approve;
- the order in which the four forecasting situations of part 9 are listed.

:func:`check` accepts only draws that tell the exercise's story: over budget
and behind schedule at month 6, a CPI trend that crosses the 0.95 warning
line clearly and stays below it, a TCPI on the original budget that is
finite and clearly out of reach, and an approved EAC that is tight but
possible.

Examples
--------
>>> from pmcourse import variants
>>> v = variants.scenario("ps04_earned_value", student="ana")
>>> check(v.params)
[]
>>> len(work_packages(v)), len(monthly_actuals(v))
(8, 6)

Used in: exercise ps04.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from pmcourse import cost, evm
from pmcourse.variants import params_of

ASSIGNMENT = "ps04_earned_value"

#: The status date of parts 2 to 8 (end of month 6), the same for everyone.
STATUS_MONTH = 6
#: The planned duration of the project in months.
MONTHS = 10
#: The cumulative CPI below which a careful lead flags the cost trend (part 8).
CPI_WARNING = 0.95

# id, name, es, ef (months from the start) and the reference budget, dollars.
_PACKAGES = (
    ("WP-A", "Project management", 0, 10, 40_000),
    ("WP-B", "Requirements and process design", 0, 2, 60_000),
    ("WP-C", "Software configuration", 1, 5, 120_000),
    ("WP-D", "Integrations with ERP and carriers", 2, 6, 100_000),
    ("WP-E", "Scanners and label printers", 3, 5, 50_000),
    ("WP-F", "Testing", 5, 8, 60_000),
    ("WP-G", "Training", 7, 9, 30_000),
    ("WP-H", "Go-live and support", 8, 10, 40_000),
)
_IDS = tuple(p[0] for p in _PACKAGES)

#: The four situations of part 9, in a fixed order; each student sees them
#: under the letters a to d in their own order.
SITUATIONS = (
    "The whole overrun so far came from a one-off data-migration fee that "
    "will not recur; the rest of the work is running to budget.",
    "Nothing has changed: the team expects to keep working as it has since the start.",
    "The go-live date is fixed by a customer contract. The team is behind and "
    "over budget and will need paid overtime to catch up.",
    "The carrier integrations were estimated on a wrong assumption about the "
    "carriers' systems, so the team has re-estimated all the remaining "
    "integration work.",
)

# Headlines of the monthly reports; the trouble starts in month 3 or 4.
_NOTES = {
    3: (
        "Kick-off; process workshops at both warehouses.",
        "Process design signed off; configuration started.",
        "Two carriers still use an old file format: integrations harder than "
        "estimated.",
        "A contract integration developer joins; scanners delivered.",
        "Configuration finished; integration rework continues.",
        "ERP integration passes its tests; two carrier links still open.",
    ),
    4: (
        "Kick-off; process workshops at both warehouses.",
        "Process design signed off; configuration started.",
        "Integration work starts with the ERP interface.",
        "Two carriers still use an old file format: integrations harder than "
        "estimated; scanners delivered.",
        "A contract integration developer joins; configuration finished.",
        "ERP integration passes its tests; two carrier links still open.",
    ),
}


_params = params_of


def _round(x: float, step: int) -> int:
    return int(round(x / step) * step)


def _monthly_pv(budgets: Mapping[str, float]) -> np.ndarray:
    """Return the planned value of each month 1..MONTHS (not cumulative)."""
    table = pd.DataFrame(
        {"es": [p[2] for p in _PACKAGES], "ef": [p[3] for p in _PACKAGES]},
        index=pd.Index(_IDS, name="id"),
    )
    base = cost.time_phased_baseline(table, dict(budgets), period=1)
    return base["pv"].to_numpy(dtype=float)


def draw(rng: np.random.Generator) -> dict[str, Any]:
    """Draw one student's budgets, monthly reports and approved EAC.

    Each budget is the reference budget times a factor from 0.75 to 1.3,
    rounded to 5,000 dollars. Before the trouble starts (month 3 or 4) the
    team earns 94 to 102 % of the month's planned value at a cost efficiency
    of 0.96 to 1.03; from then on 72 to 95 % at 0.76 to 0.92. Monthly values
    are rounded to 1,000 dollars. The approved EAC lies 60 to 100 % of the
    way from the BAC to the typical EAC, rounded to 5,000 dollars.

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator (seeded per student by :func:`pmcourse.variants.variant`).

    Returns
    -------
    dict
        ``budgets`` (work package id to dollars), ``problem_month``, ``ev``
        and ``ac`` (lists of the six monthly values, not cumulative),
        ``approved_eac`` and ``situation_order`` (a permutation of 0 to 3:
        the index in :data:`SITUATIONS` of the situations a, b, c and d).

    Examples
    --------
    >>> p = draw(np.random.default_rng(1))
    >>> sorted(p)
    ['ac', 'approved_eac', 'budgets', 'ev', 'problem_month', 'situation_order']
    >>> len(p["ev"]) == len(p["ac"]) == STATUS_MONTH
    True

    Used in: exercise ps04.
    """
    budgets = {
        wp: _round(base * rng.uniform(0.75, 1.3), 5_000)
        for wp, _, _, _, base in _PACKAGES
    }
    pv = _monthly_pv(budgets)
    problem = int(rng.integers(3, 5))
    ev, ac = [], []
    for month in range(1, STATUS_MONTH + 1):
        if month < problem:
            schedule, efficiency = rng.uniform(0.94, 1.02), rng.uniform(0.96, 1.03)
        else:
            schedule, efficiency = rng.uniform(0.72, 0.95), rng.uniform(0.76, 0.92)
        earned = _round(pv[month - 1] * schedule, 1_000)
        ev.append(earned)
        ac.append(_round(earned / efficiency, 1_000))
    bac = float(sum(budgets.values()))
    cpi = sum(ev) / sum(ac) if sum(ac) else 1.0
    eac = bac / cpi if cpi else bac
    approved = _round(bac + rng.uniform(0.6, 1.0) * (eac - bac), 5_000)
    return {
        "budgets": budgets,
        "problem_month": problem,
        "ev": ev,
        "ac": ac,
        "approved_eac": approved,
        "situation_order": [int(i) for i in rng.permutation(len(SITUATIONS))],
    }


def _structure_problems(p: Mapping[str, Any]) -> list[str]:
    problems = []
    budgets = p.get("budgets")
    if not isinstance(budgets, Mapping) or sorted(budgets) != sorted(_IDS):
        problems.append(f"budgets: expected one budget for each of {list(_IDS)}")
    elif any(not (isinstance(b, int | float) and b > 0) for b in budgets.values()):
        problems.append("budgets: every work package needs a positive budget")
    for key in ("ev", "ac"):
        values = p.get(key)
        if not isinstance(values, list) or len(values) != STATUS_MONTH:
            problems.append(f"{key}: expected {STATUS_MONTH} monthly values")
        elif any(not (isinstance(x, int | float) and x > 0) for x in values):
            problems.append(f"{key}: every monthly value must be positive")
    if p.get("problem_month") not in _NOTES:
        problems.append(f"problem_month: expected one of {sorted(_NOTES)}")
    if sorted(p.get("situation_order", [])) != list(range(len(SITUATIONS))):
        problems.append("situation_order: expected a permutation of 0 to 3")
    approved = p.get("approved_eac")
    if not (isinstance(approved, int | float) and approved > 0):
        problems.append("approved_eac: expected a positive number of dollars")
    return problems


def check(params: Mapping[str, Any]) -> list[str]:
    """List what is wrong with a draw (an empty list accepts it).

    Checks the shape (eight positive budgets, six positive monthly EV and AC,
    a problem month of 3 or 4, a permutation of the situations) and the
    story: cumulative EV never above the BAC; at month 6 a CPI of 0.78 to
    0.93 and an SPI of 0.78 to 0.95 (over budget and behind); the cumulative
    CPI at least 0.955 before the problem month, first below 0.95 from the
    problem month on, never within 0.003 of 0.95, and below it ever after;
    at most 85 % of the budget spent, with a TCPI on the BAC from 1.08 to 2;
    an approved EAC above the BAC whose TCPI is 0.85 to 1.10, at least 0.01
    from the CPI and at least 0.1 below the TCPI on the BAC; and amounts that
    fit the notebook's visible checks (AC above 100,000 dollars, variances
    below 500,000 dollars).

    Parameters
    ----------
    params : mapping
        A draw from :func:`draw`.

    Returns
    -------
    list of str
        The problems found, in words.

    Examples
    --------
    >>> p = draw(np.random.default_rng(1))
    >>> isinstance(check(p), list)
    True
    >>> bad = {**p, "ac": [-1.0] * 6}
    >>> check(bad)
    ['ac: every monthly value must be positive']

    Used in: exercise ps04.
    """
    problems = _structure_problems(params)
    if problems:
        return problems
    bac = float(sum(params["budgets"].values()))
    pv = np.cumsum(_monthly_pv(params["budgets"]))[:STATUS_MONTH]
    ev = np.cumsum(np.asarray(params["ev"], dtype=float))
    ac = np.cumsum(np.asarray(params["ac"], dtype=float))
    if ev[-1] > bac:
        problems.append("ev: the cumulative earned value exceeds the BAC")
        return problems
    cpi = ev / ac
    r = evm.evm(pv[-1], ev[-1], ac[-1], bac)
    if not 0.78 <= r.cpi <= 0.93:
        problems.append(f"cpi at month {STATUS_MONTH} is {r.cpi:.3f}, not 0.78-0.93")
    if not 0.78 <= r.spi <= 0.95:
        problems.append(f"spi at month {STATUS_MONTH} is {r.spi:.3f}, not 0.78-0.95")
    problem = int(params["problem_month"])
    if (cpi[: problem - 1] < CPI_WARNING + 0.005).any():
        problems.append("cpi falls near the warning line before the problem month")
    if (np.abs(cpi - CPI_WARNING) < 0.003).any():
        problems.append("a monthly cumulative cpi is within 0.003 of 0.95")
    below = np.flatnonzero(cpi < CPI_WARNING)
    if below.size == 0:
        problems.append("the cumulative cpi never falls below 0.95")
    elif not (cpi[below[0] :] < CPI_WARNING).all():
        problems.append("the cumulative cpi climbs back above 0.95")
    if ac[-1] > 0.85 * bac:
        problems.append("more than 85 % of the budget is already spent")
    elif not 1.08 <= r.tcpi <= 2.0:
        problems.append(f"tcpi on the bac is {r.tcpi:.3f}, not 1.08-2")
    approved = float(params["approved_eac"])
    if approved <= max(1.02 * bac, ac[-1]):
        problems.append("approved_eac must be above the bac (and the ac)")
    else:
        tcpi_approved = evm.evm(pv[-1], ev[-1], ac[-1], bac, eac=approved).tcpi_eac
        if not 0.85 <= tcpi_approved <= 1.10:
            problems.append(f"tcpi on the approved eac is {tcpi_approved:.3f}")
        elif abs(tcpi_approved - r.cpi) < 0.01 or tcpi_approved > r.tcpi - 0.1:
            problems.append("tcpi on the approved eac is too close to cpi or tcpi")
    if ac[-1] <= 110_000 or max(abs(r.cv), abs(r.sv)) >= 450_000:
        problems.append("amounts outside the range the visible checks expect")
    return problems


def work_packages(v: Any) -> pd.DataFrame:
    """Return the cost baseline: each work package's dates and budget.

    Parameters
    ----------
    v : Variant or mapping
        The student's variant (or its ``params``).

    Returns
    -------
    DataFrame
        Columns ``id``, ``name``, ``es`` and ``ef`` (months from the start;
        month 1 runs from 0 to 1) and ``cost`` (dollars, spent evenly from
        ``es`` to ``ef``).

    Examples
    --------
    >>> from pmcourse import variants
    >>> wp = work_packages(variants.scenario(ASSIGNMENT, student="ana"))
    >>> wp.columns.tolist(), wp["id"].tolist()[:2]
    (['id', 'name', 'es', 'ef', 'cost'], ['WP-A', 'WP-B'])

    Used in: exercise ps04.
    """
    budgets = _params(v)["budgets"]
    return pd.DataFrame(
        {
            "id": list(_IDS),
            "name": [p[1] for p in _PACKAGES],
            "es": [p[2] for p in _PACKAGES],
            "ef": [p[3] for p in _PACKAGES],
            "cost": [int(budgets[wp]) for wp in _IDS],
        }
    )


def monthly_actuals(v: Any) -> pd.DataFrame:
    """Return the six monthly status reports: EV and AC of each month.

    Parameters
    ----------
    v : Variant or mapping
        The student's variant (or its ``params``).

    Returns
    -------
    DataFrame
        Columns ``period`` (1 to 6), ``ev`` and ``ac`` (dollars earned and
        booked **in** that month, not cumulative) and ``note`` (the
        report's headline).

    Examples
    --------
    >>> from pmcourse import variants
    >>> ma = monthly_actuals(variants.scenario(ASSIGNMENT, student="ana"))
    >>> ma.columns.tolist(), ma["period"].tolist()
    (['period', 'ev', 'ac', 'note'], [1, 2, 3, 4, 5, 6])

    Used in: exercise ps04.
    """
    p = _params(v)
    return pd.DataFrame(
        {
            "period": list(range(1, STATUS_MONTH + 1)),
            "ev": [int(x) for x in p["ev"]],
            "ac": [int(x) for x in p["ac"]],
            "note": list(_NOTES[int(p["problem_month"])]),
        }
    )


def reports(v: Any) -> pd.DataFrame:
    """Return the ten reporting periods for :func:`pmcourse.evm.status_table`.

    Parameters
    ----------
    v : Variant or mapping
        The student's variant (or its ``params``).

    Returns
    -------
    DataFrame
        Columns ``period`` (1 to 10), ``pv`` (planned in the month, from
        :func:`pmcourse.cost.time_phased_baseline`), ``ev`` and ``ac`` (as
        reported; NaN after the status month).

    Examples
    --------
    >>> from pmcourse import variants
    >>> v = variants.scenario(ASSIGNMENT, student="ana")
    >>> rep = reports(v)
    >>> len(rep), bool(rep["ev"].iloc[STATUS_MONTH:].isna().all())
    (10, True)
    >>> float(rep["pv"].sum()) == float(work_packages(v)["cost"].sum())
    True

    Used in: exercise ps04 (the hidden tests).
    """
    packages = work_packages(v).set_index("id")
    base = cost.time_phased_baseline(packages, period=1)
    actuals = monthly_actuals(v).set_index("period")
    months = base.index + 1
    return pd.DataFrame(
        {
            "period": months,
            "pv": base["pv"].to_numpy(dtype=float),
            "ev": actuals["ev"].reindex(months).to_numpy(dtype=float),
            "ac": actuals["ac"].reindex(months).to_numpy(dtype=float),
        }
    )


def situations(v: Any) -> dict[str, str]:
    """Return the four situations of part 9 under the letters a to d.

    Parameters
    ----------
    v : Variant or mapping
        The student's variant (or its ``params``).

    Returns
    -------
    dict of str to str
        Letter to the situation's text, in the student's order.

    Examples
    --------
    >>> s = situations({"situation_order": [1, 0, 3, 2]})
    >>> list(s), s["b"] == SITUATIONS[0]
    (['a', 'b', 'c', 'd'], True)

    Used in: exercise ps04.
    """
    order = _params(v)["situation_order"]
    return {letter: SITUATIONS[int(i)] for letter, i in zip("abcd", order, strict=True)}


__all__ = [
    "ASSIGNMENT",
    "CPI_WARNING",
    "MONTHS",
    "SITUATIONS",
    "STATUS_MONTH",
    "check",
    "draw",
    "monthly_actuals",
    "reports",
    "situations",
    "work_packages",
]
