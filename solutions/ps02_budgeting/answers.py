"""Answer specification of ps02 (budgeting): instructor's side, never released.

The given values come from the student's variant through ``pmcourse`` (the
named constants, the history, the WBS, the register, the options). This is
the one place ps02's keys are computed: the package draws the numbers and
builds the tables, and no longer hands out answers. A key that a person
computes from an earlier answer (the parametric cost from ``a`` and ``b``,
the baseline from the bottom-up total and the contingency, the budget from
the baseline, the choice from the NPVs) is written as that formula, so work
carried from rounded earlier answers is accepted (see
:mod:`pmcourse.variants.spec`). The hidden tests, ``pmcourse variant
--answers`` and the practice key all read this file.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pmcourse import cost, risk
from pmcourse.risk import monte_carlo_cost
from pmcourse.variants import ps02
from pmcourse.variants.spec import Answer, Mistake, Part, Spec


def given(params: Any) -> dict[str, Any]:
    """Return the constants, tables and fitted models the keys start from."""
    k = ps02.constants(params)
    history = ps02.history(params)
    wbs = ps02.wbs(params)
    packages = wbs.dropna(subset=["most_likely"])
    flows = ps02.options(params)
    return {
        **k,
        "fit": cost.fit_parametric(history, "actual_hours", "size_fp", kind="power"),
        "fit_estimated": cost.fit_parametric(
            history, "estimated_hours", "size_fp", kind="power"
        ),
        "rolled": cost.rollup_wbs(wbs, cost="most_likely"),
        "packages": packages,
        "three_point": cost.three_point_costs(packages),
        "emv": risk.register_emv(ps02.risks(params))["emv"],
        "p80": _p80(packages),
        "flows": {name: flows.loc[name].tolist() for name in ("A", "B")},
    }


def _analogous(v: Any, *, ratio: float, adjustment: float) -> float:
    return float(v["PAST_COST"] * ratio * adjustment)


def _p80(packages: Any) -> Any:
    """Part 7's reserve sizing: the simulation the question prescribes."""
    totals = monte_carlo_cost(
        packages, ps02.MC_ITERATIONS, rng=ps02.MC_SEED, distribution="pert"
    )
    return cost.size_reserves(
        totals, packages["most_likely"].sum(), confidence=ps02.CONFIDENCE
    )


def _npv(v: Any, name: str) -> float:
    return float(cost.npv(v["DISCOUNT_RATE"], v["flows"][name]))


def _savings_pv(v: Any, name: str) -> float:
    return float(cost.npv(v["DISCOUNT_RATE"], [0, *v["flows"][name][1:]]))


def _option(name: str) -> list[Answer]:
    """Part 8's NPV and IRR of one option, with their common mistakes."""
    low = name.lower()
    return [
        Answer(
            f"npv_{low}",
            "money",
            lambda v: _npv(v, name),
            [
                Mistake(
                    "year 0 discounted",
                    lambda v: _npv(v, name) / (1 + v["DISCOUNT_RATE"]),
                    "this discounts the year-0 investment too; year 0 is today "
                    "and is not discounted",
                ),
                Mistake(
                    "savings only",
                    lambda v: _savings_pv(v, name),
                    "this is the present value of the savings alone; NPV also "
                    "subtracts the investment",
                ),
            ],
        ),
        Answer(
            f"irr_{low}",
            "ratio",
            lambda v: float(cost.irr(v["flows"][name])),
            [
                Mistake(
                    "percentage",
                    lambda v: 100 * float(cost.irr(v["flows"][name])),
                    "this is a percentage; give the IRR as a fraction such as 0.12",
                )
            ],
        ),
    ]


def _selection(name: str) -> list[Answer]:
    """Part 9's payback and benefit-cost ratio of one option."""
    low = name.lower()
    return [
        Answer(
            f"payback_{low}",
            "ratio",
            lambda v: float(cost.payback_period(v["flows"][name])),
            [
                Mistake(
                    "discounted",
                    lambda v: float(
                        cost.discounted_payback_period(
                            v["DISCOUNT_RATE"], v["flows"][name]
                        )
                    ),
                    "this is the discounted payback; the question asks for the "
                    "plain (undiscounted) one",
                )
            ],
        ),
        Answer(
            f"bcr_{low}",
            "ratio",
            lambda v: _savings_pv(v, name) / -v["flows"][name][0],
            [
                Mistake(
                    "NPV over investment",
                    lambda v: _npv(v, name) / -v["flows"][name][0],
                    "this is NPV / investment; the benefit-cost ratio divides "
                    "the present value of the savings by the investment",
                ),
                Mistake(
                    "undiscounted",
                    lambda v: sum(v["flows"][name][1:]) / -v["flows"][name][0],
                    "these savings are not discounted; take their present "
                    "value at DISCOUNT_RATE first",
                ),
            ],
        ),
    ]


def _another_measure(v: Any) -> str:
    """Return the lower-NPV option where IRR, payback or BCR favours it."""
    best = "A" if v["npv_a"] > v["npv_b"] else "B"
    other, o, b = ("B", "b", "a") if best == "A" else ("A", "a", "b")
    wins = (
        v[f"irr_{o}"] > v[f"irr_{b}"]
        or v[f"payback_{o}"] < v[f"payback_{b}"]
        or v[f"bcr_{o}"] > v[f"bcr_{b}"]
    )
    return other if wins else best


SPEC = Spec(
    "ps02_budgeting",
    given=given,
    parts=[
        Part(
            "check_analogous",
            "Part 1",
            [
                Answer(
                    "analogous",
                    "money",
                    lambda v: float(
                        cost.analogous_estimate(
                            v["PAST_COST"],
                            v["PAST_SERVICES"],
                            v["NEW_SERVICES"],
                            adjustment=v["ADJUSTMENT"],
                        )
                    ),
                    [
                        Mistake(
                            "no adjustment",
                            lambda v: _analogous(
                                v,
                                ratio=v["NEW_SERVICES"] / v["PAST_SERVICES"],
                                adjustment=1.0,
                            ),
                            "this scales by the services but leaves out the "
                            "ADJUSTMENT multiplier for the older code",
                        ),
                        Mistake(
                            "ratio inverted",
                            lambda v: _analogous(
                                v,
                                ratio=v["PAST_SERVICES"] / v["NEW_SERVICES"],
                                adjustment=v["ADJUSTMENT"],
                            ),
                            "this scales by past services / new services; a "
                            "larger platform costs more, so scale by new / past",
                        ),
                    ],
                )
            ],
        ),
        Part(
            "check_fit",
            "Part 2",
            [
                Answer(
                    "a",
                    "ratio",
                    lambda v: float(v["fit"].constant),
                    [
                        Mistake(
                            "estimated hours",
                            lambda v: float(v["fit_estimated"].constant),
                            "this fits the estimated hours; the model is fitted "
                            "to the effort actually spent (actual_hours)",
                        )
                    ],
                ),
                Answer(
                    "b",
                    "ratio",
                    lambda v: float(v["fit"].coefficients["size_fp"]),
                    [
                        Mistake(
                            "estimated hours",
                            lambda v: float(v["fit_estimated"].coefficients["size_fp"]),
                            "this fits the estimated hours; the model is fitted "
                            "to the effort actually spent (actual_hours)",
                        )
                    ],
                ),
            ],
        ),
        Part(
            "check_parametric_cost",
            "Part 3",
            [
                Answer(
                    "parametric_cost",
                    "money",
                    lambda v: v["a"] * v["SIZE_FP"] ** v["b"] * v["HOURLY_RATE"],
                    [
                        Mistake(
                            "hours, not dollars",
                            lambda v: v["a"] * v["SIZE_FP"] ** v["b"],
                            "this is the effort in person-hours; price it at "
                            "HOURLY_RATE to get dollars",
                        )
                    ],
                )
            ],
        ),
        Part(
            "check_bottom_up",
            "Part 4",
            [
                Answer(
                    "branch_costs",
                    "money",
                    lambda v: {
                        b: float(v["rolled"].loc[b, "most_likely"])
                        for b in ps02.BRANCHES
                    },
                ),
                Answer(
                    "bottom_up_total",
                    "money",
                    lambda v: float(v["rolled"].loc["1", "most_likely"]),
                    [
                        Mistake(
                            "PERT means",
                            lambda v: float(v["three_point"]["mean"].sum()),
                            "this adds the PERT means; bottom-up rolls up the "
                            "most likely costs",
                        )
                    ],
                ),
            ],
        ),
        Part(
            "check_pert",
            "Part 5",
            [
                Answer(
                    "pert_mean",
                    "money",
                    lambda v: float(v["three_point"]["mean"].sum()),
                    [
                        Mistake(
                            "triangular mean",
                            lambda v: float(
                                v["packages"][
                                    ["optimistic", "most_likely", "pessimistic"]
                                ]
                                .sum()
                                .sum()
                                / 3
                            ),
                            "this is the triangular mean (O + M + P) / 3; the "
                            "PERT mean weights the most likely: (O + 4M + P) / 6",
                        )
                    ],
                ),
                Answer(
                    "pert_std",
                    "money",
                    lambda v: float(np.sqrt(v["three_point"]["variance"].sum())),
                    [
                        Mistake(
                            "summed sigmas",
                            lambda v: float(
                                np.sqrt(v["three_point"]["variance"]).sum()
                            ),
                            "this adds the packages' standard deviations; for "
                            "independent packages the variances add, then take "
                            "the square root",
                        ),
                        Mistake(
                            "variance",
                            lambda v: float(v["three_point"]["variance"].sum()),
                            "this is the total's variance; give its standard "
                            "deviation, the square root",
                        ),
                    ],
                ),
            ],
        ),
        Part(
            "check_budget",
            "Part 6",
            [
                Answer(
                    "contingency",
                    "money",
                    lambda v: float(cost.contingency_reserve(emv=v["emv"])),
                    [
                        Mistake(
                            "threats only",
                            lambda v: float(-v["emv"][v["emv"] < 0].sum()),
                            "this covers the threats alone; the opportunity's "
                            "EMV reduces the reserve",
                        ),
                        Mistake(
                            "opportunity added",
                            lambda v: float(v["emv"].abs().sum()),
                            "this adds the opportunity's EMV to the threats'; an "
                            "opportunity reduces the reserve",
                        ),
                    ],
                ),
                Answer(
                    "cost_baseline",
                    "money",
                    lambda v: v["bottom_up_total"] + v["contingency"],
                    [
                        Mistake(
                            "no contingency",
                            lambda v: v["bottom_up_total"],
                            "this is the estimates alone; the cost baseline "
                            "includes the contingency reserve",
                        )
                    ],
                ),
                Answer(
                    "budget",
                    "money",
                    lambda v: v["cost_baseline"] * (1 + v["MANAGEMENT_PERCENT"]),
                    [
                        Mistake(
                            "reserve on the estimates",
                            lambda v: (
                                v["cost_baseline"]
                                + v["MANAGEMENT_PERCENT"] * v["bottom_up_total"]
                            ),
                            "this takes the management reserve as a share of the "
                            "estimates; it is a share of the cost baseline",
                        ),
                        Mistake(
                            "no management reserve",
                            lambda v: v["cost_baseline"],
                            "this is the cost baseline; the budget adds the "
                            "management reserve on top",
                        ),
                    ],
                ),
            ],
        ),
        Part(
            "check_p80",
            "Part 7",
            [
                Answer(
                    "p80_contingency",
                    "money",
                    lambda v: float(v["p80"].contingency_reserve),
                    [
                        Mistake(
                            "P80 total",
                            lambda v: (
                                float(v["p80"].contingency_reserve)
                                + float(v["packages"]["most_likely"].sum())
                            ),
                            "this is the P80 total cost; the reserve is what it "
                            "adds to the most likely total",
                        )
                    ],
                )
            ],
        ),
        Part("check_npv_irr", "Part 8", [*_option("A"), *_option("B")]),
        Part(
            "check_selection",
            "Part 9",
            [
                *_selection("A"),
                *_selection("B"),
                Answer(
                    "choice",
                    "label",
                    lambda v: "A" if v["npv_a"] > v["npv_b"] else "B",
                    [
                        Mistake(
                            "another measure",
                            _another_measure,
                            "this option wins on another measure (IRR, payback "
                            "or BCR); when the measures disagree, the exam "
                            "trusts NPV",
                        )
                    ],
                ),
            ],
        ),
    ],
)
