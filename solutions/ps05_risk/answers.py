"""Answer specification of ps05 (risk): instructor's side, never released.

The given values come from the student's variant through ``pmcourse`` (the
register, the rig decision tree, the plan, the tickets). The Monte Carlo
parts compare with the reference simulation (``ps05.MC_RUNS`` PERT runs with
the fixed seed ``ps05.MC_SEED``): a student's own simulation differs from it
by sampling error, so those answers carry a stated tolerance instead of the
rounding one. Which strategy each action of part 5 is lives only here. The
hidden tests, ``pmcourse variant --answers`` and the practice key all read
this file.
"""

from __future__ import annotations

from typing import Any

from pmcourse import cost, risk, schedule
from pmcourse.risk import pareto
from pmcourse.variants import ps05
from pmcourse.variants.spec import Answer, Mistake, Part, Spec, mix_up

#: Part 5: the strategy each action (by its key in ``ps05.ACTIONS``) is.
STRATEGIES = {
    "insurance": "transfer",  # the insurer carries the loss
    "crates": "mitigate",  # lowers the chance and size of damage
    "board": "escalate",  # beyond the project's authority; the board owns it
    "local_stock": "avoid",  # the import delay can no longer happen
    "dealer": "share",  # an opportunity shared with a partner
    "morale": "accept",  # active acceptance: a contingency set aside
}
#: Sampling error allowed against the reference simulation (parts 6 to 8):
#: wider than rounding, since a student's own 10,000 or more runs differ.
SAMPLING = {"p80": 0.3, "p_lease": 0.025, "merge_bias": 0.15, "criticality_d": 0.03}
SAMPLED = "a student's own simulation differs from the reference by sampling error"


def given(params: Any) -> dict[str, Any]:
    """Return the register, the rig decision, the simulation and the tickets."""
    plan = ps05.plan(params)
    sim = ps05.reference_simulation(params)
    means = schedule.pert_table(plan)["mean"].to_numpy()
    emv = risk.register_emv(ps05.register(params)).set_index("id")["emv"]
    scored = risk.score_register(
        ps05.register(params), ps05.PROBABILITY_SCALE, ps05.IMPACT_SCALE
    )
    table = pareto(ps05.tickets(params))
    return {
        "emv": {str(k): float(x) for k, x in emv.items()},
        "scored": scored,
        "rigs": risk.rollback(ps05.rig_decision(params)),
        "rig_costs": {
            name: float(o["cost"]) for name, o in params["rigs"]["options"].items()
        },
        "actions": list(params["actions"]),
        "sim": sim,
        "lease_end": params["lease_end"],
        "pert_finish": float(schedule.project_finish(plan.assign(duration=means))),
        "ml_finish": float(
            schedule.project_finish(plan.assign(duration=plan["most_likely"]))
        ),
        "vital": [str(c) for c in table.index[table["vital_few"]]],
    }


def _band(v: Any, *bands: str) -> list[str]:
    scored = v["scored"]
    return [str(r) for r in scored.loc[scored["band"].isin(bands), "id"]]


def _responses(v: Any) -> dict[str, str]:
    return {
        letter: STRATEGIES[key]
        for letter, key in zip("abcdef", v["actions"], strict=True)
    }


def _merge_bias(v: Any) -> float:
    return float(v["sim"].finish.mean()) - v["pert_finish"]


SPEC = Spec(
    "ps05_risk",
    given=given,
    parts=[
        Part(
            "check_emv",
            "Part 1",
            [
                Answer(
                    "emv_by_risk",
                    "money",
                    lambda v: v["emv"],
                    [
                        Mistake(
                            "no signs",
                            lambda v: {k: abs(x) for k, x in v["emv"].items()},
                            "these are all positive; a threat's EMV is negative "
                            "and an opportunity's positive",
                        )
                    ],
                )
            ],
        ),
        Part(
            "check_contingency",
            "Part 2",
            [
                Answer(
                    "contingency",
                    "money",
                    lambda v: float(
                        cost.contingency_reserve(emv=list(v["emv"].values()))
                    ),
                    [
                        Mistake(
                            "threats only",
                            lambda v: -sum(x for x in v["emv"].values() if x < 0),
                            "this covers the threats alone; the opportunities' "
                            "EMV reduces the reserve",
                        ),
                        Mistake(
                            "opportunities added",
                            lambda v: sum(abs(x) for x in v["emv"].values()),
                            "this adds the opportunities' EMV to the threats'; "
                            "an opportunity reduces the reserve",
                        ),
                    ],
                )
            ],
        ),
        Part(
            "check_high_risks",
            "Part 3",
            [
                Answer(
                    "high_risks",
                    "id set",
                    lambda v: _band(v, "high"),
                    [
                        Mistake(
                            "medium too",
                            lambda v: _band(v, "medium", "high"),
                            "this includes the medium band; the high band starts "
                            "at a score of 0.3",
                        )
                    ],
                )
            ],
        ),
        Part(
            "check_decision",
            "Part 4",
            [
                Answer(
                    "best_option",
                    "label",
                    lambda v: str(v["rigs"].choices["rigs"]),
                ),
                Answer(
                    "best_value",
                    "money",
                    lambda v: float(v["rigs"].value),
                    [
                        Mistake(
                            "own cost left out",
                            lambda v: (
                                float(v["rigs"].value)
                                + v["rig_costs"][str(v["rigs"].choices["rigs"])]
                            ),
                            "this leaves out the option's own extra cost; the "
                            "value includes what you pay up front",
                        ),
                    ],
                ),
            ],
        ),
        Part(
            "check_responses",
            "Part 5",
            [
                Answer(
                    "responses",
                    "label",
                    _responses,
                    [
                        mix_up(
                            _responses,
                            "avoid",
                            "mitigate",
                            "avoid and mitigate are swapped: avoiding removes the "
                            "threat altogether, mitigating makes it less likely "
                            "or smaller",
                        ),
                        mix_up(
                            _responses,
                            "transfer",
                            "escalate",
                            "transfer and escalate are swapped: transferring pays "
                            "a third party to carry the loss, escalating hands the "
                            "risk to someone above the project who owns it",
                        ),
                    ],
                )
            ],
        ),
        Part(
            "check_monte_carlo",
            "Part 6",
            [
                Answer(
                    "p80",
                    "days",
                    lambda v: float(v["sim"].percentile(80)),
                    [
                        Mistake(
                            "plan's finish",
                            lambda v: v["ml_finish"],
                            "this is the plan's finish on the most likely "
                            "durations; P80 is read from the simulated finishes",
                        ),
                        Mistake(
                            "mean",
                            lambda v: float(v["sim"].finish.mean()),
                            "this is the mean simulated finish, reached in about "
                            "half the runs; P80 is later",
                        ),
                    ],
                    tolerance=SAMPLING["p80"],
                    why=SAMPLED,
                ),
                Answer(
                    "p_lease",
                    "probability",
                    lambda v: float(v["sim"].probability_by(v["lease_end"])),
                    [
                        Mistake(
                            "complement",
                            lambda v: (
                                1 - float(v["sim"].probability_by(v["lease_end"]))
                            ),
                            "this is the chance of missing the lease end; give "
                            "the chance of finishing by it",
                        )
                    ],
                    tolerance=SAMPLING["p_lease"],
                    why=SAMPLED,
                ),
            ],
        ),
        Part(
            "check_merge_bias",
            "Part 7",
            [
                Answer(
                    "merge_bias",
                    "days",
                    _merge_bias,
                    [
                        Mistake(
                            "wrong sign",
                            lambda v: -_merge_bias(v),
                            "this is the CPM finish minus the simulated mean; the "
                            "simulated mean is the later one",
                        ),
                        Mistake(
                            "most likely plan",
                            lambda v: float(v["sim"].finish.mean()) - v["ml_finish"],
                            "this compares with the plan on most likely "
                            "durations; run CPM on the PERT means",
                        ),
                    ],
                    tolerance=SAMPLING["merge_bias"],
                    why=SAMPLED,
                )
            ],
        ),
        Part(
            "check_criticality",
            "Part 8",
            [
                Answer(
                    "criticality_d",
                    "probability",
                    lambda v: float(v["sim"].criticality()["D"]),
                    [
                        Mistake(
                            "not critical",
                            lambda v: 1 - float(v["sim"].criticality()["D"]),
                            "this is the share of runs in which D was not "
                            "critical; give the share in which it was",
                        )
                    ],
                    tolerance=SAMPLING["criticality_d"],
                    why=SAMPLED,
                )
            ],
        ),
        Part(
            "check_pareto",
            "Part 9",
            [
                Answer(
                    "vital_few",
                    "id set",
                    lambda v: list(v["vital"]),
                    [
                        Mistake(
                            "short of 80 %",
                            lambda v: list(v["vital"][:-1]),
                            "these causes stop short of 80 % of the tickets; "
                            "include the cause that takes the total past it",
                        )
                    ],
                )
            ],
        ),
    ],
)
