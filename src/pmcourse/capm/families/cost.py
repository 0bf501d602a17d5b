"""Item families on estimates, budgets and contracts (domain 1, lesson 02).

Keys from :mod:`pmcourse.cost` (``three_point_estimate``, ``cost_budget``,
``contingency_reserve``), :func:`pmcourse.risk.emv` and
:mod:`pmcourse.contracts` (``point_of_total_assumption``, ``fpif_final_price``).
"""

from __future__ import annotations

from functools import partial

import numpy as np

from pmcourse.capm.families._registry import Draft, Redraw, family
from pmcourse.capm.families._text import money, person, pick, project
from pmcourse.cost import contingency_reserve, cost_budget, three_point_estimate
from pmcourse.cost.contracts import fpif_final_price, point_of_total_assumption
from pmcourse.risk import emv

_LESSON = "02_budgeting"
#: The registry decorator with the metadata all this module's families share.
_family = partial(family, domain=1, lesson=_LESSON)


def _three_points(rng: np.random.Generator) -> tuple[int, int, int]:
    o = int(rng.integers(20, 80)) * 1_000
    m = o + int(rng.integers(5, 30)) * 1_000
    p = m + int(rng.integers(15, 80)) * 1_000
    return o, m, p


@_family("F-EST-01", task="1.2", difficulty=1, scenario=True, fmt=money)
def pert_cost(rng: np.random.Generator) -> Draft:
    """Ask for the PERT (beta) expected cost."""
    o, m, p = _three_points(rng)
    key, _ = three_point_estimate(o, m, p)
    tri, _ = three_point_estimate(o, m, p, method="triangular")
    return Draft(
        stem=(
            f"{person(rng)} asks three experts to cost the integration work of "
            f"{project(rng)}: {money(o)} optimistic, {money(m)} most likely, "
            f"{money(p)} pessimistic. What is the PERT (beta) estimate?"
        ),
        key=key,
        explanation=(
            f"E = (O + 4M + P) / 6 = ({money(o)} + 4 x {money(m)} + {money(p)}) "
            f"/ 6 = {money(key)}."
        ),
        wrong=[
            (tri, "(O + M + P) / 3 is the triangular mean."),
            (m, "The most likely value ignores the spread."),
            ((o + p) / 2, "The midpoint of the range ignores the most likely."),
        ],
        params={"optimistic": o, "most_likely": m, "pessimistic": p},
    )


@_family("F-EST-02", task="1.2", difficulty=1, scenario=False, fmt=money)
def triangular_cost(rng: np.random.Generator) -> Draft:
    """Ask for the triangular three-point cost estimate."""
    o, m, p = _three_points(rng)
    key, _ = three_point_estimate(o, m, p, method="triangular")
    beta, _ = three_point_estimate(o, m, p)
    return Draft(
        stem=(
            f"A work package is estimated at {money(o)} (optimistic), {money(m)} "
            f"(most likely) and {money(p)} (pessimistic). Using a triangular "
            "distribution, what is the expected cost?"
        ),
        key=key,
        explanation=(
            f"Triangular mean = (O + M + P) / 3 = {money(o + m + p)} / 3 = "
            f"{money(key)}."
        ),
        wrong=[
            (beta, "(O + 4M + P) / 6 is the PERT (beta) mean."),
            (m, "The most likely value is not the mean of a skewed range."),
            ((o + p) / 2, "The midpoint of the range ignores the most likely."),
        ],
        params={"optimistic": o, "most_likely": m, "pessimistic": p},
    )


@_family("F-EST-03", task="1.2", difficulty=2, scenario=False, fmt=money)
def pert_cost_sigma(rng: np.random.Generator) -> Draft:
    """Ask for the PERT standard deviation of a cost estimate."""
    o, m, p = _three_points(rng)
    _, key = three_point_estimate(o, m, p)
    _, tri = three_point_estimate(o, m, p, method="triangular")
    return Draft(
        stem=(
            f"A cost estimate has {money(o)} optimistic, {money(m)} most likely "
            f"and {money(p)} pessimistic. What is its PERT standard deviation?"
        ),
        key=key,
        explanation=(f"sigma = (P - O) / 6 = {money(p - o)} / 6 = {money(key)}."),
        wrong=[
            (tri, "This is the triangular distribution's sigma."),
            ((p - o) / 3, "PERT divides the range by 6, not 3."),
            ((p - m) / 6, "The range runs from optimistic to pessimistic."),
        ],
        params={"optimistic": o, "most_likely": m, "pessimistic": p},
    )


@_family("F-BUD-01", task="1.2", difficulty=2, scenario=True, fmt=money)
def cost_baseline(rng: np.random.Generator) -> Draft:
    """Ask for the cost baseline, as opposed to the project budget."""
    k = int(rng.integers(3, 6))
    estimates = [int(x) * 1_000 for x in rng.integers(20, 200, size=k)]
    total = sum(estimates)
    cr = round(total * rng.uniform(0.05, 0.15), -3)
    mr = round(total * rng.uniform(0.03, 0.1), -3)
    if cr == mr:
        raise Redraw
    b = cost_budget(estimates, contingency=cr, management_reserve=mr)
    return Draft(
        stem=(
            f"{person(rng)}'s work packages for {project(rng)} are estimated at "
            + ", ".join(money(e) for e in estimates)
            + f". The contingency reserve is {money(cr)} and the management "
            f"reserve {money(mr)}. What is the cost baseline?"
        ),
        key=b.cost_baseline,
        explanation=(
            f"Cost baseline = estimates + contingency = {money(total)} + "
            f"{money(cr)} = {money(b.cost_baseline)}; the management reserve "
            "sits outside it."
        ),
        wrong=[
            (b.budget, "The management reserve is outside the cost baseline."),
            (total, "The contingency reserve is part of the baseline."),
            (total + mr, "The baseline holds contingency, not management, reserve."),
        ],
        params={"estimates": estimates, "contingency": cr, "management_reserve": mr},
    )


@_family("F-BUD-02", task="1.2", difficulty=2, scenario=True, fmt=money)
def contingency_from_emv(rng: np.random.Generator) -> Draft:
    """Ask for the contingency reserve from the EMV of identified risks."""
    threats = [
        (round(float(rng.integers(1, 9)) / 10, 1), int(rng.integers(5, 80)) * 1_000)
        for _ in range(3)
    ]
    opp = (round(float(rng.integers(2, 8)) / 10, 1), int(rng.integers(5, 40)) * 1_000)
    emvs = [emv([(p, -i)]) for p, i in threats] + [emv([opp])]
    key = contingency_reserve(emv=emvs)
    if key <= 0:
        raise Redraw
    return Draft(
        stem=(
            f"{person(rng)} sizes the contingency reserve of {project(rng)} from "
            "the register: three threats with (probability, cost) of "
            + ", ".join(f"({p:.0%}, {money(i)})" for p, i in threats)
            + f" and one opportunity ({opp[0]:.0%}, saving {money(opp[1])}). "
            "What reserve covers the net expected cost?"
        ),
        key=key,
        explanation=(
            "Reserve = -(sum of EMVs) = -("
            + " + ".join(money(v) for v in emvs)
            + f") = {money(key)}; the opportunity's EMV offsets the threats."
        ),
        wrong=[
            (-sum(emvs[:-1]), "This ignores the opportunity's saving."),
            (sum(i for _, i in threats), "Full impacts overstate the reserve."),
            (-sum(emvs[:-1]) + emvs[-1], "An opportunity reduces the reserve."),
        ],
        params={"emv": emvs},
    )


def _contract(rng: np.random.Generator) -> dict:
    cost = int(rng.integers(10, 90)) * 10_000
    fee = round(cost * rng.uniform(0.05, 0.15), -3)
    ceiling = round((cost + fee) * rng.uniform(1.05, 1.25), -3)
    share = float(pick(rng, (0.6, 0.7, 0.75, 0.8, 0.9)))
    return {
        "target_cost": cost,
        "target_fee": fee,
        "ceiling_price": ceiling,
        "buyer_share": share,
    }


def _terms(c: dict) -> str:
    buyer = round(100 * c["buyer_share"])
    return (
        f"target cost {money(c['target_cost'])}, target fee "
        f"{money(c['target_fee'])}, ceiling price {money(c['ceiling_price'])}, "
        f"share ratio {buyer}/{100 - buyer} (buyer/seller)"
    )


@_family("F-CON-01", task="1.2", difficulty=3, scenario=False, fmt=money)
def pta(rng: np.random.Generator) -> Draft:
    """Ask for the point of total assumption of a fixed-price incentive fee contract."""
    c = _contract(rng)
    key = point_of_total_assumption(**c)
    price = c["target_cost"] + c["target_fee"]
    gap = c["ceiling_price"] - price
    return Draft(
        stem=(
            f"A fixed-price incentive fee contract has {_terms(c)}. What is the "
            "point of total assumption?"
        ),
        key=key,
        explanation=(
            f"PTA = (ceiling - target price) / buyer share + target cost = "
            f"{money(gap)} / {c['buyer_share']:.2f} + {money(c['target_cost'])} "
            f"= {money(key)}."
        ),
        wrong=[
            (
                gap / (1 - c["buyer_share"]) + c["target_cost"],
                "The PTA divides by the buyer's share, not the seller's.",
            ),
            (
                (c["ceiling_price"] - c["target_cost"]) / c["buyer_share"]
                + c["target_cost"],
                "Subtract the target price (cost + fee), not the target cost.",
            ),
            (
                gap * c["buyer_share"] + c["target_cost"],
                "Divide the gap by the buyer's share; do not multiply.",
            ),
            (c["ceiling_price"], "The PTA is a cost level, not the ceiling price."),
        ],
        params=c,
    )


@_family("F-CON-02", task="1.4", difficulty=3, scenario=True, fmt=money)
def fpif_price(rng: np.random.Generator) -> Draft:
    """Ask for the final price under a fixed-price incentive fee contract."""
    c = _contract(rng)
    actual = round(c["target_cost"] * rng.uniform(0.85, 1.3), -3)
    key = fpif_final_price(**c, actual_cost=actual)
    seller = 1 - c["buyer_share"]
    uncapped = actual + c["target_fee"] + (c["target_cost"] - actual) * seller
    capped = key < uncapped - 0.5
    return Draft(
        stem=(
            f"{person(rng)} buys the fit-out of {project(rng)} under a fixed-price "
            f"incentive fee contract: {_terms(c)}. The seller's actual cost is "
            f"{money(actual)}. What does the buyer pay?"
        ),
        key=key,
        explanation=(
            f"Fee = {money(c['target_fee'])} + ({money(c['target_cost'])} - "
            f"{money(actual)}) x {seller:.2f} = "
            f"{money(uncapped - actual)}; price = {money(uncapped)}"
            + (f", capped at the ceiling, {money(key)}." if capped else ".")
        ),
        wrong=[
            (uncapped, "The price can never exceed the ceiling."),
            (
                min(
                    actual
                    + c["target_fee"]
                    + (c["target_cost"] - actual) * c["buyer_share"],
                    c["ceiling_price"],
                ),
                "The fee moves by the seller's share, not the buyer's.",
            ),
            (actual + c["target_fee"], "This ignores the incentive share."),
            (c["target_cost"] + c["target_fee"], "The price moves with actual cost."),
            (c["ceiling_price"], "Only costs beyond the PTA reach the ceiling."),
        ],
        params={**c, "actual_cost": actual},
    )
