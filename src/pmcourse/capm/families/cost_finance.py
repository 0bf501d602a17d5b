"""Item families on project selection: NPV, IRR, payback, BCR, ROI (domain 1).

Keys from :mod:`pmcourse.finance` (``npv``, ``irr``, ``payback_period``,
``benefit_cost_ratio``, ``roi``).
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any, cast

import numpy as np

from pmcourse.capm.families._registry import Draft, Redraw, family
from pmcourse.capm.families._text import (
    index,
    money,
    pct,
    person,
    pick,
    project,
    years,
)
from pmcourse.cost.finance import benefit_cost_ratio, irr, npv, payback_period, roi

_LESSON = "02_budgeting"
#: The registry decorator with the metadata all this module's families share.
_family = partial(family, domain=1, task="1.4", lesson=_LESSON)
_RATES = (0.05, 0.06, 0.08, 0.10, 0.12)


def _flows_text(flows: list[float]) -> str:
    return ", ".join(f"year {t}: {money(f)}" for t, f in enumerate(flows) if t > 0)


@_family("F-FIN-01", difficulty=2, scenario=True, fmt=money)
def net_present_value(rng: np.random.Generator) -> Draft:
    """Ask for the net present value of a project's cash flows."""
    invest = int(rng.integers(5, 40)) * 10_000
    n = int(rng.integers(3, 5))
    flows = [-invest] + [round(invest * rng.uniform(0.25, 0.5), -3) for _ in range(n)]
    rate = float(pick(rng, _RATES))
    key = npv(rate, flows)
    return Draft(
        stem=(
            f"{person(rng)} drafts the business case for {project(rng)}: an outlay "
            f"of {money(invest)} now, then net inflows of {_flows_text(flows)}. "
            f"At a discount rate of {rate:.0%}, what is the net present value?"
        ),
        key=key,
        explanation=(
            f"NPV = -{money(invest)} + "
            + " + ".join(
                f"{money(f)} / {1 + rate:.2f}^{t}" for t, f in enumerate(flows) if t > 0
            )
            + f" = {money(key)}."
        ),
        wrong=[
            (sum(flows), "This ignores the time value of money."),
            (key / (1 + rate), "The outlay is made now: year 0 is not discounted."),
            (npv(rate, [0.0, *flows[1:]]), "This leaves out the initial outlay."),
        ],
        params={"rate": rate, "cashflows": flows},
    )


_PROJECTS = ("Atlas", "Beacon", "Comet", "Delta")


@_family("F-FIN-02", difficulty=2, scenario=True, fmt=str)
def select_by_npv(rng: np.random.Generator) -> Draft:
    """Ask which of four projects to select by NPV."""
    rate = float(pick(rng, _RATES))
    specs: dict[str, dict[str, Any]] = {}
    for name in _PROJECTS:
        invest = int(rng.integers(10, 50)) * 10_000
        life = int(rng.integers(2, 7))
        inflow = round(invest * rng.uniform(0.2, 0.7), -3)
        specs[name] = {"invest": invest, "inflow": inflow, "years": life}
    flows = {k: [-v["invest"]] + [v["inflow"]] * v["years"] for k, v in specs.items()}
    values = {k: npv(rate, f) for k, f in flows.items()}
    ranked = sorted(values.values(), reverse=True)
    if ranked[0] - ranked[1] < 5_000:
        raise Redraw
    best = max(values, key=values.__getitem__)
    biggest = max(flows, key=lambda k: sum(flows[k]))
    if biggest == best:
        raise Redraw
    paybacks = {k: payback_period(f) for k, f in flows.items()}
    repaid = [k for k in flows if paybacks[k] is not None]
    fastest = min(repaid, key=lambda k: cast(float, paybacks[k])) if repaid else None
    wrong = []
    for k in _PROJECTS:
        if k == best:
            continue
        note = (
            " Its undiscounted total is the largest, but later money is worth less."
            if k == biggest
            else " It pays back fastest, but payback ignores later flows."
            if k == fastest
            else ""
        )
        wrong.append(
            (
                f"Project {k}",
                f"Its NPV, {money(values[k])}, is below {best}'s "
                f"{money(values[best])}.{note}",
            )
        )
    lines = "; ".join(
        f"{k}: {money(v['invest'])} now, then {money(v['inflow'])} a year for "
        f"{v['years']} years"
        for k, v in specs.items()
    )
    return Draft(
        stem=(
            f"A portfolio board can fund one of four projects at a discount rate "
            f"of {rate:.0%}. {lines}. Which project should it choose?"
        ),
        key=f"Project {best}",
        explanation=(
            "Choose the largest NPV: "
            + ", ".join(f"{k} {money(v)}" for k, v in values.items())
            + f"; {best} creates the most value."
        ),
        wrong=wrong,
        params={"rate": rate, "cashflows": flows},
    )


@_family("F-FIN-03", difficulty=2, scenario=False, fmt=pct)
def internal_rate_of_return(rng: np.random.Generator) -> Draft:
    """Ask for the internal rate of return of an even stream of inflows."""
    invest = int(rng.integers(5, 50)) * 10_000
    n = int(rng.integers(2, 6))
    inflow = round(invest * rng.uniform(1.1 / n, 1.8 / n), -3)
    flows = [-invest] + [inflow] * n
    hurdle = float(pick(rng, _RATES))
    key = irr(flows)
    total = inflow * n
    return Draft(
        stem=(
            f"A project costs {money(invest)} now and returns {money(inflow)} at "
            f"the end of each of the next {n} years. The organisation's cost of "
            f"capital is {hurdle:.0%}. What is the project's internal rate of "
            "return?"
        ),
        key=key,
        explanation=(
            f"The IRR is the rate at which the NPV of -{money(invest)} and {n} "
            f"inflows of {money(inflow)} is zero: {pct(key)}."
        ),
        wrong=[
            (hurdle, "The cost of capital is the hurdle the IRR is compared with."),
            ((total - invest) / invest, "This is the ROI over the whole life."),
            ((total - invest) / invest / n, "An average return ignores compounding."),
            (inflow / invest, "The first year's return ignores later years."),
        ],
        params={"cashflows": flows, "hurdle": hurdle},
    )


@_family("F-FIN-04", difficulty=2, scenario=True, fmt=years)
def payback(rng: np.random.Generator) -> Draft:
    """Ask for the payback period with uneven inflows."""
    invest = int(rng.integers(10, 60)) * 10_000
    flows = [-invest] + [round(invest * rng.uniform(0.15, 0.45), -3) for _ in range(5)]
    key = payback_period(flows)
    if key is None or float(key).is_integer():
        raise Redraw
    mean_inflow = float(np.mean(flows[1:]))
    return Draft(
        stem=(
            f"{person(rng)} estimates that {project(rng)} needs {money(invest)} "
            f"up front and returns {_flows_text(flows)}. Assuming each year's "
            "inflow arrives evenly, what is the payback period?"
        ),
        key=key,
        explanation=(
            f"The cumulative flow turns positive during year {math.ceil(key)}: "
            f"{math.floor(key)} full years plus the part of year "
            f"{math.ceil(key)} still needed = {years(key)}."
        ),
        wrong=[
            (math.ceil(key), "This counts the whole of the year payback occurs in."),
            (math.floor(key), "This stops before the outlay is fully recovered."),
            (invest / mean_inflow, "The average inflow ignores the actual timing."),
        ],
        params={"cashflows": flows},
    )


@_family("F-FIN-05", difficulty=2, scenario=False, fmt=index)
def bcr(rng: np.random.Generator) -> Draft:
    """Ask for the benefit-cost ratio from discounted benefits and costs."""
    rate = float(pick(rng, _RATES))
    setup = int(rng.integers(10, 50)) * 10_000
    upkeep = int(rng.integers(1, 8)) * 5_000
    benefit = round(setup * rng.uniform(0.3, 0.6), -3)
    benefits = [0.0, benefit, benefit, benefit]
    costs = [float(setup), upkeep, upkeep, upkeep]
    b_pv, c_pv = npv(rate, benefits), npv(rate, costs)
    key = benefit_cost_ratio(b_pv, c_pv)
    return Draft(
        stem=(
            f"A system costs {money(setup)} now plus {money(upkeep)} upkeep at the "
            f"end of each of three years; it brings benefits of {money(benefit)} "
            f"at the end of each of those years. At {rate:.0%}, what is the "
            "benefit-cost ratio?"
        ),
        key=key,
        explanation=(
            f"PV(benefits) = {money(b_pv)} and PV(costs) = {money(c_pv)}; "
            f"BCR = {money(b_pv)} / {money(c_pv)} = {index(key)}."
        ),
        wrong=[
            (sum(benefits) / sum(costs), "This ratio skips the discounting."),
            (c_pv / b_pv, "This is costs over benefits, upside down."),
            ((b_pv - c_pv) / c_pv, "Net benefit over cost is a return, not BCR."),
        ],
        params={"rate": rate, "benefits": benefits, "costs": costs},
    )


@_family("F-FIN-06", difficulty=1, scenario=True, fmt=pct)
def return_on_investment(rng: np.random.Generator) -> Draft:
    """Ask for the return on investment."""
    cost = int(rng.integers(4, 40)) * 5_000
    gain = round(cost * rng.uniform(1.1, 2.5), -3)
    key = roi(gain - cost, cost)
    return Draft(
        stem=(
            f"{person(rng)} spent {money(cost)} on {project(rng)}, which brought "
            f"total benefits of {money(gain)}. What was the return on investment?"
        ),
        key=key,
        explanation=(
            f"ROI = (benefits - cost) / cost = {money(gain - cost)} / "
            f"{money(cost)} = {pct(key)}."
        ),
        wrong=[
            (gain / cost, "ROI uses the net benefit, benefits minus cost."),
            ((gain - cost) / gain, "Divide the net benefit by the cost, not gain."),
            (cost / gain, "This is cost over benefits."),
        ],
        params={"net_benefit": gain - cost, "cost": cost},
    )
