"""Item families on earned value (domain 2, lesson 04).

Every key comes from :func:`pmcourse.evm.evm` or
:func:`pmcourse.evm.eac_with_etc`; the wrong values are the slips learners
make most: an inverted ratio, the other variance, the wrong EAC formula.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from pmcourse.capm.families._registry import Draft, Redraw, family
from pmcourse.capm.families._text import index, money, person, project
from pmcourse.evm import eac_with_etc, evm

_LESSON = "04_earned_value"
#: The registry decorator with the metadata all this module's families share.
_family = partial(family, domain=2, task="2.3", lesson=_LESSON)


def _numbers(rng: np.random.Generator) -> dict[str, float]:
    """Draw a plausible status: PV, EV, AC and BAC in whole thousands."""
    bac = int(rng.integers(10, 91)) * 10_000
    pv = round(bac * rng.uniform(0.25, 0.75), -3)
    ev = round(pv * rng.uniform(0.7, 1.25), -3)
    ac = round(ev * rng.uniform(0.75, 1.3), -3)
    if not (0 < ev <= bac and 0 < pv and 0 < ac) or ev in (pv, ac):
        raise Redraw
    return {"pv": float(pv), "ev": float(ev), "ac": float(ac), "bac": float(bac)}


def _status(p: dict[str, float]) -> str:
    return (
        f"planned value {money(p['pv'])}, earned value {money(p['ev'])} and "
        f"actual cost {money(p['ac'])}"
    )


def _intro(rng: np.random.Generator, p: dict[str, float]) -> str:
    return (
        f"{person(rng)} manages {project(rng)}, with a budget at completion of "
        f"{money(p['bac'])}. At this month's status date the project shows "
        f"{_status(p)}."
    )


@_family("F-EVM-01", difficulty=1, scenario=True, fmt=money)
def cost_variance(rng: np.random.Generator) -> Draft:
    """Ask for the cost variance from PV, EV and AC."""
    p = _numbers(rng)
    r = evm(**p)
    state = "over budget" if r.cv < 0 else "under budget"
    return Draft(
        stem=f"{_intro(rng, p)} What is the cost variance?",
        key=r.cv,
        explanation=(
            f"CV = EV - AC = {money(p['ev'])} - {money(p['ac'])} = {money(r.cv)}; "
            f"the sign says the work done so far is {state}."
        ),
        wrong=[
            (p["ac"] - p["ev"], "This is AC - EV: the subtraction is reversed."),
            (r.sv, "This is the schedule variance, EV - PV, not the cost variance."),
            (p["pv"] - p["ac"], "CV compares earned value, not planned value, to AC."),
        ],
        params=p,
    )


@_family("F-EVM-02", difficulty=1, scenario=True, fmt=money)
def schedule_variance(rng: np.random.Generator) -> Draft:
    """Ask for the schedule variance from PV, EV and AC."""
    p = _numbers(rng)
    r = evm(**p)
    state = "behind schedule" if r.sv < 0 else "ahead of schedule"
    return Draft(
        stem=f"{_intro(rng, p)} What is the schedule variance?",
        key=r.sv,
        explanation=(
            f"SV = EV - PV = {money(p['ev'])} - {money(p['pv'])} = {money(r.sv)}: "
            f"the project is {state} in value terms."
        ),
        wrong=[
            (p["pv"] - p["ev"], "This is PV - EV: the subtraction is reversed."),
            (r.cv, "This is the cost variance, EV - AC."),
            (p["ac"] - p["pv"], "SV uses earned value, not actual cost, against PV."),
        ],
        params=p,
    )


@_family("F-EVM-03", difficulty=1, scenario=False, fmt=index)
def cost_performance_index(rng: np.random.Generator) -> Draft:
    """Ask for the cost performance index."""
    p = _numbers(rng)
    r = evm(**p)
    return Draft(
        stem=(
            f"A project has a budget at completion of {money(p['bac'])}, "
            f"{_status(p)}. What is its cost performance index (CPI)?"
        ),
        key=r.cpi,
        explanation=(
            f"CPI = EV / AC = {money(p['ev'])} / {money(p['ac'])} = {index(r.cpi)}: "
            "each dollar spent has earned that much work."
        ),
        wrong=[
            (p["ac"] / p["ev"], "This is AC / EV, the CPI turned upside down."),
            (r.spi, "This is the SPI, EV / PV, a schedule measure."),
            (p["pv"] / p["ac"], "CPI divides earned value, not planned value, by AC."),
        ],
        params=p,
    )


@_family("F-EVM-04", difficulty=1, scenario=True, fmt=index)
def schedule_performance_index(rng: np.random.Generator) -> Draft:
    """Ask for the schedule performance index."""
    p = _numbers(rng)
    r = evm(**p)
    return Draft(
        stem=f"{_intro(rng, p)} What is the schedule performance index (SPI)?",
        key=r.spi,
        explanation=(
            f"SPI = EV / PV = {money(p['ev'])} / {money(p['pv'])} = {index(r.spi)}; "
            "below 1 means less work is done than planned by now."
        ),
        wrong=[
            (p["pv"] / p["ev"], "This is PV / EV, the SPI turned upside down."),
            (r.cpi, "This is the CPI, EV / AC, a cost measure."),
            (p["ac"] / p["pv"], "SPI divides earned value, not actual cost, by PV."),
        ],
        params=p,
    )


@_family("F-EVM-05", difficulty=2, scenario=True, fmt=money)
def eac_typical(rng: np.random.Generator) -> Draft:
    """Ask for the estimate at completion when current cost performance continues."""
    p = _numbers(rng)
    r = evm(**p)
    return Draft(
        stem=(
            f"{_intro(rng, p)} The sponsor expects the cost efficiency seen so far "
            "to continue for the rest of the project. What is the estimate at "
            "completion (EAC)?"
        ),
        key=r.eac,
        explanation=(
            f"CPI = EV / AC = {r.cpi:.4f}. When it persists, EAC = BAC / CPI = "
            f"BAC x AC / EV = {money(p['bac'])} x {money(p['ac'])} / "
            f"{money(p['ev'])} = {money(r.eac)}."
        ),
        wrong=[
            (p["bac"] * r.cpi, "This multiplies BAC by the CPI instead of dividing."),
            (r.eac_atypical, "AC + (BAC - EV) assumes the variance will not recur."),
            (p["bac"] / r.spi, "This divides BAC by the SPI; cost forecasts use CPI."),
        ],
        params=p,
    )


@_family("F-EVM-06", difficulty=2, scenario=True, fmt=money)
def eac_atypical(rng: np.random.Generator) -> Draft:
    """Ask for the estimate at completion when the variance so far was a one-off."""
    p = _numbers(rng)
    if p["ac"] <= p["ev"]:
        raise Redraw
    r = evm(**p)
    return Draft(
        stem=(
            f"{_intro(rng, p)} The overrun came from a one-time price spike that "
            "will not recur; the remaining work should cost what was budgeted. "
            "What is the estimate at completion?"
        ),
        key=r.eac_atypical,
        explanation=(
            f"With the variance a one-off, the remaining work costs its budget: "
            f"EAC = AC + (BAC - EV) = {money(p['ac'])} + ({money(p['bac'])} - "
            f"{money(p['ev'])}) = {money(r.eac_atypical)}."
        ),
        wrong=[
            (r.eac, "BAC / CPI assumes the overrun will continue."),
            (p["ac"] + p["bac"], "AC + BAC pays again for the work already earned."),
            (p["bac"] + r.cv, "This adds the cost variance with the wrong sign."),
            (p["bac"], "Keeping the BAC ignores the overrun already spent."),
        ],
        params=p,
    )


@_family("F-EVM-07", difficulty=3, scenario=False, fmt=money)
def eac_cost_and_schedule(rng: np.random.Generator) -> Draft:
    """Ask for the EAC when cost and schedule performance both persist."""
    p = _numbers(rng)
    r = evm(**p)
    if abs(r.cpi * r.spi - 1) < 0.02:
        raise Redraw
    return Draft(
        stem=(
            f"A project has a budget at completion of {money(p['bac'])}, "
            f"{_status(p)}. The deadline is fixed, so both the cost and the "
            "schedule performance to date are expected to shape the remaining "
            "work. What is the estimate at completion?"
        ),
        key=r.eac_cpi_spi,
        explanation=(
            f"EAC = AC + (BAC - EV) / (CPI x SPI) = {money(p['ac'])} + "
            f"{money(p['bac'] - p['ev'])} / ({r.cpi:.4f} x {r.spi:.4f}) = "
            f"{money(r.eac_cpi_spi)} (CPI = EV / AC and SPI = EV / PV, unrounded)."
        ),
        wrong=[
            (r.eac, "BAC / CPI reflects cost performance only."),
            (
                p["bac"] / (r.cpi * r.spi),
                "This divides the whole BAC, not just the remaining work.",
            ),
            (
                p["ac"] + (p["bac"] - p["ev"]) / r.spi,
                "Dividing by the SPI alone leaves out cost performance.",
            ),
        ],
        params=p,
    )


@_family("F-EVM-08", difficulty=2, scenario=True, fmt=money)
def estimate_to_complete(rng: np.random.Generator) -> Draft:
    """Ask for the estimate to complete when the CPI holds."""
    p = _numbers(rng)
    r = evm(**p)
    return Draft(
        stem=(
            f"{_intro(rng, p)} If the current CPI holds, how much more money will "
            "the project need to finish (the estimate to complete)?"
        ),
        key=r.etc,
        explanation=(
            f"EAC = BAC / CPI = BAC x AC / EV = {money(r.eac)}, so ETC = EAC - AC = "
            f"{money(r.eac)} - {money(p['ac'])} = {money(r.etc)}."
        ),
        wrong=[
            (p["bac"] - p["ev"], "BAC - EV assumes the rest goes exactly to budget."),
            (r.eac, "This is the EAC, which includes the money already spent."),
            (p["bac"] - p["ac"], "BAC - AC is the budget left, not a forecast."),
        ],
        params=p,
    )


@_family("F-EVM-09", difficulty=2, scenario=False, fmt=money)
def variance_at_completion(rng: np.random.Generator) -> Draft:
    """Ask for the variance at completion with a CPI-based EAC."""
    p = _numbers(rng)
    r = evm(**p)
    return Draft(
        stem=(
            f"A project has a budget at completion of {money(p['bac'])}, "
            f"{_status(p)}. Assuming the present cost efficiency continues, what "
            "is the variance at completion (VAC)?"
        ),
        key=r.vac,
        explanation=(
            f"EAC = BAC / CPI = BAC x AC / EV = {money(r.eac)}; VAC = BAC - EAC = "
            f"{money(p['bac'])} - {money(r.eac)} = {money(r.vac)}."
        ),
        wrong=[
            (r.eac - p["bac"], "EAC - BAC has the sign reversed."),
            (p["bac"] - p["ac"], "BAC - AC is the unspent budget, not a variance."),
            (r.cv, "This is the cost variance to date, not at completion."),
        ],
        params=p,
    )


@_family("F-EVM-10", difficulty=3, scenario=True, fmt=index)
def to_complete_performance_index(rng: np.random.Generator) -> Draft:
    """Ask for the to-complete performance index to finish on budget."""
    p = _numbers(rng)
    if p["ac"] >= p["bac"] or p["ac"] == p["pv"]:
        raise Redraw
    r = evm(**p)
    return Draft(
        stem=(
            f"{_intro(rng, p)} The sponsor insists on finishing within the "
            "original budget. What cost efficiency must the remaining work "
            "achieve (the TCPI)?"
        ),
        key=r.tcpi,
        explanation=(
            f"TCPI = (BAC - EV) / (BAC - AC) = {money(p['bac'] - p['ev'])} / "
            f"{money(p['bac'] - p['ac'])} = {index(r.tcpi)}: the work left "
            "divided by the money left."
        ),
        wrong=[
            (
                (p["bac"] - p["ac"]) / (p["bac"] - p["ev"]),
                "This is (BAC - AC) / (BAC - EV), the ratio upside down.",
            ),
            (r.cpi, "The current CPI is what the team achieves, not what it needs."),
            (
                (p["bac"] - p["ev"]) / (p["bac"] - p["pv"]),
                "The money left is BAC - AC; this uses PV instead of AC.",
            ),
        ],
        params=p,
    )


_STATES = (
    ("Over budget", "behind schedule"),
    ("Over budget", "ahead of schedule"),
    ("Under budget", "behind schedule"),
    ("Under budget", "ahead of schedule"),
)


def _status_text(cv: float, sv: float) -> str:
    """Return the reading of a status from the signs of CV and SV."""
    cost = "Over budget" if cv < 0 else "Under budget"
    time = "behind schedule" if sv < 0 else "ahead of schedule"
    return f"{cost} and {time}"


@_family("F-EVM-11", difficulty=1, scenario=True, fmt=str)
def status_reading(rng: np.random.Generator) -> Draft:
    """Ask how to read a project's status from its earned value figures."""
    p = _numbers(rng)
    r = evm(**p)
    key = _status_text(r.cv, r.sv)
    cost_why = f"CV = EV - AC = {money(r.cv)}"
    time_why = f"SV = EV - PV = {money(r.sv)}"
    wrong = []
    for cost, time in _STATES:
        text = f"{cost} and {time}"
        if text == key:
            continue
        reasons = []
        if cost != key.split(" and ")[0]:
            reasons.append(f"{cost_why} says {key.split(' and ')[0].lower()}")
        if time != key.split(" and ")[1]:
            reasons.append(f"{time_why} says {key.split(' and ')[1]}")
        wrong.append((text, "; ".join(reasons) + "."))
    return Draft(
        stem=f"{_intro(rng, p)} How should the project manager describe its status?",
        key=key,
        explanation=(
            f"{cost_why} and {time_why}: a negative variance is unfavourable, so "
            f"the project is {key.lower()}."
        ),
        wrong=wrong,
        params=p,
    )


@_family("F-EVM-12", difficulty=2, scenario=True, fmt=money)
def eac_bottom_up(rng: np.random.Generator) -> Draft:
    """Ask for the EAC from a new bottom-up estimate of the remaining work."""
    p = _numbers(rng)
    etc_new = round((p["bac"] - p["ev"]) * rng.uniform(0.9, 1.5), -3)
    if etc_new <= 0:
        raise Redraw
    eac = eac_with_etc(p["ac"], etc_new)
    r = evm(**p)
    return Draft(
        stem=(
            f"{_intro(rng, p)} The original estimates proved flawed, so the team "
            f"re-estimated the remaining work bottom-up at {money(etc_new)}. What "
            "is the new estimate at completion?"
        ),
        key=eac,
        explanation=(
            f"When the original estimate is flawed, EAC = AC + new ETC = "
            f"{money(p['ac'])} + {money(etc_new)} = {money(eac)}."
        ),
        wrong=[
            (p["bac"] + etc_new, "This adds the new estimate to the whole budget."),
            (p["ev"] + etc_new, "Spending to date is AC, not EV."),
            (r.eac, "BAC / CPI reuses the estimates judged flawed."),
        ],
        params={**p, "etc_bottom_up": float(etc_new)},
    )
